"""GET /api/v1/exports/{kind}: the Export page's files for scripts, as `kith export`."""

from __future__ import annotations

import json
from typing import get_args

import pytest
import vobject
from fastapi.testclient import TestClient
from icalendar import Calendar

from kith.models import Person
from kith.services import exports, people
from kith.web.api.exports import Kind
from kith.web.downloads import FORMATS
from tests.web.conftest import Seed


@pytest.mark.parametrize(("kind", "version"), [("vcard", "4.0"), ("vcard3", "3.0")])
def test_the_address_book_as_vcard_4_or_3(
    client: TestClient, seed: Seed, kind: str, version: str
) -> None:
    """Media types and attachments: test_pages_more.py, for the page and the API alike."""
    seed.person("Ada Lovelace", emails=["ada@example.org"])
    (card,) = vobject.readComponents(client.get(f"/api/v1/exports/{kind}").text)
    assert (card.version.value, card.fn.value) == (version, "Ada Lovelace")


def test_the_backup_is_a_json_object_that_names_itself(client: TestClient, seed: Seed) -> None:
    seed.person("Ada Lovelace")
    response = client.get("/api/v1/exports/json")
    assert response.headers["content-type"].startswith("application/json")
    backup = json.loads(response.text)
    assert isinstance(backup, dict) and "kith_backup" in backup


def test_archived_people_and_the_day_to_plan_from(client: TestClient, seed: Seed) -> None:
    seed.person("Ada Lovelace")
    gone = seed.person("Bea Archived")
    seed(lambda ctx: people.archive_person(ctx, ctx.session.get_one(Person, gone)))
    names = client.get("/api/v1/exports/csv").text
    assert "Ada Lovelace" in names and "Bea Archived" not in names
    assert "Bea Archived" in client.get("/api/v1/exports/csv?archived=true").text
    calendar = Calendar.from_ical(client.get("/api/v1/exports/ics?as_of=2026-12-01").content)
    assert calendar.get("X-WR-CALNAME") == "kith: due touches and reminders"


def test_an_unknown_kind_is_refused_with_the_kinds_named(client: TestClient) -> None:
    response = client.get("/api/v1/exports/pdf")
    assert response.status_code == 422
    assert "vcard3" in response.text


def test_the_api_takes_every_kind_kith_export_does() -> None:
    assert get_args(Kind) == exports.KINDS == tuple(FORMATS)
