"""A large network's pages stay fast after a write: they show the previous scores, say so,
and catch up once the background refresh is done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from kith.services import insight_cache, insights
from tests.web.conftest import Seed, get_page


@pytest.fixture
def slow_networks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(insight_cache, "STALE_AFTER_SECONDS", 0.0)
    yield
    insights.clear_cache()


def banner(page) -> str:  # type: ignore[no-untyped-def]
    found = page.select_one("p.updating")
    return found.get_text(" ", strip=True) if found else ""


def test_a_page_after_a_write_says_it_is_catching_up_then_catches_up(
    client: TestClient, seed: Seed, slow_networks: None
) -> None:
    pid = seed.person("Ada Lovelace", circle="close")
    assert banner(get_page(client, "/")) == ""
    seed.touch(pid, "Coffee in Cambridge")

    page = get_page(client, f"/people/{pid}")
    assert banner(page).startswith("Your latest change is being worked into the scores")
    # what the database says directly is current, even while scores catch up
    assert "Coffee in Cambridge" in page.select_one(".timeline-list").get_text(" ")

    insight_cache.wait_for_refreshes()
    after = get_page(client, f"/people/{pid}")
    assert banner(after) == ""
    assert "Coffee in Cambridge" in after.select_one(".timeline-list").get_text(" ")


def test_the_api_answers_from_the_current_data(
    client: TestClient, seed: Seed, slow_networks: None
) -> None:
    pid = seed.person("Ada Lovelace", circle="close")
    before = client.get(f"/api/v1/people/{pid}/ties").json()
    seed.touch(pid, "Coffee in Cambridge")
    after = client.get(f"/api/v1/people/{pid}/ties").json()
    assert after["score"] > before["score"]


def test_downloads_are_always_current(client: TestClient, seed: Seed, slow_networks: None) -> None:
    pid = seed.person("Ada Lovelace", circle="close")
    seed.touch(pid, "Lunch last spring", on=date(2026, 3, 2))
    assert get_page(client, "/").select_one("main") is not None  # computed once
    before = client.get("/export/ics").text
    assert "Ada Lovelace" in before  # a close friend last seen in March: due
    seed.touch(pid, "Coffee in Cambridge")
    after = client.get("/export/ics").text
    assert "Ada Lovelace" not in after  # just touched: not due, even while pages catch up
