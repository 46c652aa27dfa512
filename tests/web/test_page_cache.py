"""Pages rendered once per data revision: fresh after every write, and each browser still
gets its own CSRF token."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from kith.services import network, people
from tests.web.conftest import Seed, get_page


def csrf_values(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(f["value"]) for f in page.find_all("input", attrs={"name": "csrf_token"})}


def test_each_browser_gets_its_own_csrf_token_on_a_cached_page(
    app: FastAPI, client: TestClient, seed: Seed
) -> None:
    pid = seed.person("Ada Lovelace")
    mine = csrf_values(get_page(client, f"/people/{pid}"))
    with TestClient(app, follow_redirects=False) as other_browser:
        theirs = csrf_values(get_page(other_browser, f"/people/{pid}"))
    assert len(mine) == 1 and len(theirs) == 1
    assert mine != theirs


def test_a_form_posted_from_a_cached_page_is_accepted(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    get_page(client, f"/people/{pid}")  # fills the cache
    page = get_page(client, f"/people/{pid}")  # served from it
    (token,) = csrf_values(page)
    response = client.post(
        "/log",
        data={
            "csrf_token": token,
            "person": f"Ada Lovelace (#{pid})",
            "summary": "Coffee after the talk",
            "channel": "call",
            "intent": "give",
            "initiator": "me",
            "on": "2026-11-24",
            "next": f"/people/{pid}",
        },
    )
    assert response.status_code == 303, response.text[:1000]
    assert "Coffee after the talk" in get_page(client, f"/people/{pid}").get_text(" ")


def test_a_cached_person_page_shows_a_write_made_elsewhere(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    before = get_page(client, f"/people/{pid}")
    assert "Coffee in Cambridge" not in before.get_text(" ")
    seed.touch(pid, "Coffee in Cambridge")
    after = get_page(client, f"/people/{pid}")
    assert "Coffee in Cambridge" in after.select_one("main").get_text(" ")


def test_cached_people_list_and_dashboard_follow_new_people(client: TestClient, seed: Seed) -> None:
    seed.person("Ada Lovelace")
    assert get_page(client, "/people").select_one(".count").get_text(strip=True) == (
        "Showing 1–1 of 1 person."
    )
    get_page(client, "/")
    seed.person("Grace Hopper")
    listing = get_page(client, "/people")
    assert listing.select_one(".count").get_text(strip=True) == "Showing 1–2 of 2 people."
    assert get_page(client, "/").select_one("main") is not None


def test_a_cached_page_follows_a_change_of_career(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace", org="Engines Ltd")
    assert "Engines Ltd" in get_page(client, f"/people/{pid}").get_text(" ")
    seed(
        lambda ctx: network.add_position(
            ctx, people.resolve_person(ctx, str(pid)), org="Babbage & Co"
        )
    )
    assert "Babbage & Co" in get_page(client, f"/people/{pid}").get_text(" ")


def test_the_flash_after_a_post_is_shown_on_a_cached_page(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    get_page(client, f"/people/{pid}")
    (token,) = csrf_values(get_page(client, f"/people/{pid}"))
    response = client.post(f"/people/{pid}/archive", data={"csrf_token": token})
    assert response.status_code == 303
    page = get_page(client, response.headers["location"])
    assert page.select_one(".flash").get_text(strip=True).startswith("Archived Ada Lovelace")
    # the next visit has no flash, and is still current
    assert get_page(client, f"/people/{pid}").select_one(".flash") is None
