"""Through every route that names a row, one account never reaches another's: 404, and
nothing of theirs changes (server mode, two people logged in to one kith)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import accounts, api_tokens, groups, matching, people
from kith.services.context import Ctx
from kith.services.imports import run_import
from kith.services.interactions import log_interaction
from tests.web.conftest import Seed, csrf_of

VCARD = Path(__file__).parents[1] / "data" / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf"
ALICE = ("alice", "alice's long password")
BOB = ("bob", "bob's long password too")


def _bobs_rows(ctx: Ctx) -> dict[str, int]:
    """A person with a touch, a group, a merge made, a suggestion waiting, an import and an
    API token, all Bob's."""
    ids = [people.add_person(ctx, PersonCreate(name=n)).id for n in ("Ben Okafor",) * 4]
    matching.suggest_merges(ctx, ids)
    first, second = (c["id"] for c in matching.list_candidates(ctx)[:2])
    merge = matching.accept(ctx, first)
    return {
        "person_id": ids[0],
        "group_id": groups.add_group(ctx, "Bob's club").id,
        "suggestion_id": second,
        "merge_id": merge.id,
        "import_id": run_import(ctx, VCARD).import_id or 0,
        "token_id": api_tokens.create_token(ctx.session, ctx.owner_id, "bob's", ctx.now()).id,
    }


@pytest.fixture
def bobs(seed: Seed, client: TestClient) -> dict[str, int]:
    for name, password in (ALICE, BOB):
        seed(lambda ctx, n=name, p=password: accounts.add_account(ctx.session, ctx.clock, n, p))
    found = seed(_bobs_rows, owner="bob")
    touch = InteractionCreate(summary="Bob's coffee", with_people=[str(found["person_id"])])
    found["interaction_id"] = seed(lambda ctx: log_interaction(ctx, touch).id, owner="bob")
    seed.person("Ana Lima", owner="alice")
    response = client.post("/api/v1/session", json={"username": ALICE[0], "password": ALICE[1]})
    assert response.status_code == 200
    return found


BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/v1/people/{person_id}"): {"notes": "mine now"},
    ("patch", "/api/v1/interactions/{interaction_id}"): {"summary": "mine now"},
}


def test_every_api_route_with_an_id_answers_404_for_another_accounts_row(
    app: Any, client: TestClient, bobs: dict[str, int]
) -> None:
    tried = []
    for path, operations in app.openapi()["paths"].items():
        if not re.search(r"{\w+_id}", path):  # no row named (/exports/{kind}: see below)
            continue
        for method in operations:
            url = path.format(**bobs)
            body = BODIES.get((method, path))
            response = client.request(method.upper(), url, json=body)
            assert response.status_code == 404, (method, url, response.text)
            tried.append((method, path))
    assert len(tried) == 14  # a new route with an id must be tried here too


def test_every_page_with_an_id_answers_404_for_another_accounts_row(
    client: TestClient, bobs: dict[str, int]
) -> None:
    person, touch, group = bobs["person_id"], bobs["interaction_id"], bobs["group_id"]
    for url in (f"/people/{person}", f"/people/{person}/edit", f"/interactions/{touch}/edit",
                f"/groups/{group}", f"/imports/{bobs['import_id']}/undo"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    for url in (f"/interactions?person={person}", f"/log?person={person}"):  # no one preset
        response = client.get(url)
        assert response.status_code in (200, 422), url
        assert "Ben Okafor" not in response.text and "Bob's" not in response.text, url
    token = csrf_of(client, "/people")
    for url in (f"/people/{person}/archive", f"/interactions/{touch}/delete",
                f"/merges/{bobs['merge_id']}/undo",
                f"/people/duplicates/{bobs['suggestion_id']}/merge",
                f"/imports/{bobs['import_id']}/undo"):  # fmt: skip
        response = client.post(url, data={"csrf_token": token, "confirm": "yes"})
        assert response.status_code == 404, url


def test_nothing_of_the_other_account_changed(
    app: Any, client: TestClient, seed: Seed, bobs: dict[str, int]
) -> None:
    test_every_api_route_with_an_id_answers_404_for_another_accounts_row(app, client, bobs)
    test_every_page_with_an_id_answers_404_for_another_accounts_row(client, bobs)
    client.delete("/api/v1/session")
    client.post("/api/v1/session", json={"username": BOB[0], "password": BOB[1]})
    mine = client.get(f"/api/v1/interactions/{bobs['interaction_id']}").json()
    assert mine["summary"] == "Bob's coffee"
    assert client.get(f"/api/v1/people/{bobs['person_id']}").json()["notes"] is None
    assert [m["undone"] for m in client.get("/api/v1/merges").json()] == [False]
    waiting = [s["id"] for s in client.get("/api/v1/merges/suggestions").json()]
    assert bobs["suggestion_id"] in waiting
    assert [t["id"] for t in client.get("/api/v1/account/tokens").json()] == [bobs["token_id"]]
    imported = client.get("/api/v1/imports").json()
    assert [(i["id"], i["undone"]) for i in imported] == [(bobs["import_id"], None)]


def test_exports_hold_only_the_logged_in_accounts_network(
    client: TestClient, bobs: dict[str, int]
) -> None:
    for fmt in ("json", "csv", "vcard", "vcard3"):
        for url in (f"/export/{fmt}", f"/api/v1/exports/{fmt}"):
            text = client.get(url).text
            assert "Ana Lima" in text, url
            assert "Ben Okafor" not in text and "Bob's" not in text, url
