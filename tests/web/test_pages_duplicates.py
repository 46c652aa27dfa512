"""Possible duplicates in the browser: merge, keep apart, undo (no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from kith.services import matching
from tests.web.conftest import Seed, csrf_of, flash_text, get_page

PAGE = "/people/duplicates"


def _pair(seed: Seed, owner: str = "default") -> tuple[int, int]:
    chris = seed.person("Chris Park", owner=owner, org="Acme Corp")
    christina = seed.person("Christina Park", owner=owner, org="ACME Corporation")
    assert seed(lambda ctx: matching.suggest_merges(ctx, [christina]), owner=owner) == 1
    return chris, christina


def _post(client: TestClient, path: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_of(client)})


def _names(client: TestClient) -> list[str]:
    listing = get_page(client, "/people").select("table a[href^='/people/']")
    return sorted(a.get_text(strip=True) for a in listing)


def test_the_people_list_points_to_the_pairs_to_review(client: TestClient, seed: Seed) -> None:
    assert get_page(client, "/people").select_one("a[href='/people/duplicates']") is None
    _pair(seed)
    link = get_page(client, "/people").select_one("a[href='/people/duplicates']")
    assert link.get_text(strip=True) == "1 possible duplicate to review"


def test_a_pair_is_shown_with_both_people_and_why(client: TestClient, seed: Seed) -> None:
    chris, christina = _pair(seed)
    item = get_page(client, PAGE).select_one(".duplicate-list li")
    text = item.get_text(" ", strip=True)
    assert "Chris Park and Christina Park" in text
    assert "similar names (83%) at the same organization" in text
    hrefs = {a["href"] for a in item.select("a")}
    assert hrefs == {f"/people/{chris}", f"/people/{christina}"}


def test_merge_then_undo(client: TestClient, seed: Seed) -> None:
    _pair(seed)
    form = get_page(client, PAGE).select_one("form[action$='/merge']")
    merged = _post(client, form["action"])
    assert flash_text(client, merged) == (
        "Merged Christina Park into Chris Park. If that was wrong, undo it below."
    )
    assert _names(client) == ["Chris Park"]
    page = get_page(client, PAGE)
    assert page.select_one(".empty") is not None  # no pair left to decide
    undo = page.select_one("form[action^='/merges/']")
    undone = _post(client, undo["action"])
    assert flash_text(client, undone) == "Undone: Christina Park is a person of their own again."
    assert _names(client) == ["Chris Park", "Christina Park"]
    assert "undone" in get_page(client, PAGE).select(".duplicate-list li")[-1].get_text()
    again = _post(client, undo["action"])
    assert flash_text(client, again) == f"Merge {undo['action'].split('/')[2]} was already undone."


def test_keep_apart_is_remembered(client: TestClient, seed: Seed) -> None:
    _, christina = _pair(seed)
    form = get_page(client, PAGE).select_one("form[action$='/keep-apart']")
    kept = _post(client, form["action"])
    assert flash_text(client, kept) == "Kept them apart: kith will not suggest this pair again."
    assert _names(client) == ["Chris Park", "Christina Park"]
    assert get_page(client, "/people").select_one("a[href='/people/duplicates']") is None
    assert seed(lambda ctx: matching.suggest_merges(ctx, [christina])) == 0
    decided = _post(client, form["action"])
    assert flash_text(client, decided).endswith("was already rejected.")


def test_another_owners_pairs_are_not_shown_or_settled(client: TestClient, seed: Seed) -> None:
    _pair(seed, owner="other")
    assert get_page(client, PAGE).select(".duplicate-list li") == []
    their = seed(lambda ctx: matching.list_candidates(ctx)[0]["id"], owner="other")
    assert _post(client, f"{PAGE}/{their}/merge").status_code == 404
    assert _post(client, f"{PAGE}/{their}/keep-apart").status_code == 404
