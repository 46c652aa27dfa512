"""API tokens (server mode): a member's scripts call the API with a token, not a password."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import ALICE, Seed


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_opens_your_own_network_only_until_revoked(alice: TestClient) -> None:
    made = alice.post("/api/v1/account/tokens", json={"name": "backup script"})
    assert (made.status_code, made.headers["cache-control"]) == (201, "no-store")
    token, token_id = made.json()["token"], made.json()["id"]
    assert token.startswith("kith_") and len(token) > 40
    alice.delete("/api/v1/session")  # from here on, no cookie
    alice.cookies.clear()
    assert alice.get("/api/v1/people").status_code == 401

    people = alice.get("/api/v1/people", headers=_bearer(token)).json()
    assert [p["person"] for p in people["items"]] == ["Ana Lima"]
    listed = alice.get("/api/v1/account/tokens", headers=_bearer(token)).json()
    assert [(t["name"], t["last_used_at"] is not None) for t in listed] == [("backup script", True)]
    assert "token" not in listed[0]
    assert alice.get("/people", headers=_bearer(token)).status_code == 303  # pages: log in

    gone = alice.delete(f"/api/v1/account/tokens/{token_id}", headers=_bearer(token))
    assert gone.status_code == 204
    refused = alice.get("/api/v1/people", headers=_bearer(token))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


def test_tokens_are_named_once_and_wrong_ones_get_nothing(alice: TestClient) -> None:
    assert alice.post("/api/v1/account/tokens", json={"name": "laptop"}).status_code == 201
    again = alice.post("/api/v1/account/tokens", json={"name": " laptop "})
    assert again.status_code == 409
    assert "already have a token named 'laptop'" in again.json()["error"]["message"]
    for blank in ("\x1e", " \u3000 ", "\x85"):  # whitespace to Python, not all of it to JSON
        nameless = alice.post("/api/v1/account/tokens", json={"name": blank})
        assert nameless.status_code == 422
        assert nameless.json()["error"]["field"] == "name"  # refused by the schema, as said
    alice.delete("/api/v1/session")
    alice.cookies.clear()
    for wrong in ("kith_not-a-real-token", "Basic abc", ""):
        headers = {"Authorization": f"Bearer {wrong}"} if wrong else {}
        assert alice.get("/api/v1/people", headers=headers).status_code == 401


def test_another_accounts_token_cannot_be_revoked(alice: TestClient, seed: Seed) -> None:
    from kith.services import api_tokens

    bobs = seed(lambda ctx: api_tokens.create_token(ctx.session, ctx.owner_id, "bob's", ctx.now()),
                owner="bob")  # fmt: skip
    refused = alice.delete(f"/api/v1/account/tokens/{bobs.id}")
    assert refused.status_code == 404
    alice.delete("/api/v1/session")
    alice.cookies.clear()
    assert (
        alice.get("/api/v1/people", headers=_bearer(bobs.token)).json()["items"][0]["person"]
        == "Ben Okafor"
    )


def test_a_new_password_leaves_tokens_working(alice: TestClient) -> None:
    token = alice.post("/api/v1/account/tokens", json={"name": "cron"}).json()["token"]
    changed = alice.put(
        "/api/v1/account/password",
        json={"current_password": ALICE[1], "new_password": "a brand new password"},
    )
    assert changed.status_code == 200
    alice.cookies.clear()
    assert alice.get("/api/v1/people", headers=_bearer(token)).status_code == 200


def test_make_see_and_revoke_a_token_on_the_settings_page(alice: TestClient) -> None:
    from tests.web.conftest import csrf_of, flash_text, get_page, soup

    section = get_page(alice, "/settings").select_one("#api-tokens")
    assert section.select_one("table") is None  # none yet
    token = csrf_of(alice, "/settings")
    made = alice.post("/settings/tokens", data={"csrf_token": token, "token_name": "laptop"})
    assert (made.status_code, made.headers["cache-control"]) == (200, "no-store")
    shown = soup(made).select_one("#f-new-token")["value"]
    assert shown.startswith("kith_")
    assert alice.get("/api/v1/people", headers=_bearer(shown)).status_code == 200

    page = get_page(alice, "/settings")
    assert shown not in page.text  # shown that once only
    rows = [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        for row in page.select("#api-tokens tbody tr")
    ]
    assert rows == [["laptop", "2026-11-25", "2026-11-25", "Revoke"]]

    again = alice.post("/settings/tokens", data={"csrf_token": token, "token_name": "laptop"})
    assert again.status_code == 422
    error = soup(again).select_one("#token_name-error").get_text(strip=True)
    assert error == "You already have a token named 'laptop'."

    form = page.select_one("#api-tokens tbody form")
    revoked = alice.post(form["action"], data={"csrf_token": token})
    assert flash_text(alice, revoked) == "Revoked the API token 'laptop'."
    alice.cookies.clear()
    assert alice.get("/api/v1/people", headers=_bearer(shown)).status_code == 401


def test_without_accounts_the_settings_page_offers_no_tokens(client: TestClient) -> None:
    from tests.web.conftest import get_page

    assert get_page(client, "/settings").select_one("#api-tokens") is None
