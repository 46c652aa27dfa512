"""Server mode: once an account has a password, everyone logs in and sees only their own."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kith.services import accounts
from kith.web.auth import SESSION_COOKIE
from tests.web.conftest import Seed, csrf_of, get_page, soup

ALICE = ("alice", "alice's long password")
BOB = ("bob", "bob's long password too")


@pytest.fixture
def two_accounts(seed: Seed) -> dict[str, int]:
    """Alice and Bob, each with a person of their own."""
    for name, password in (ALICE, BOB):
        seed(lambda ctx, n=name, p=password: accounts.add_account(ctx.session, ctx.clock, n, p))
    return {
        "alice": seed.person("Ana Lima", owner="alice"),
        "bob": seed.person("Ben Okafor", owner="bob"),
    }


def _login(client: TestClient, name: str, password: str, next_url: str = "/") -> Any:
    token = csrf_of(client, "/login")
    form = {"csrf_token": token, "username": name, "password": password, "next": next_url}
    return client.post("/login", data=form)


def test_without_passwords_nothing_asks_for_a_login(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/people").status_code == 200


def test_pages_send_to_the_login_and_the_api_answers_401(
    client: TestClient, two_accounts: dict[str, int]
) -> None:
    page = client.get("/people?q=ana")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fpeople%3Fq%3Dana"
    api = client.get("/api/v1/people")
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "unauthenticated"
    assert client.get("/api/v1/openapi.json").status_code == 200  # public
    assert client.get("/static/kith.css").status_code == 200
    assert client.get("/feed/not-a-token.ics").status_code == 404  # its own secret, no login
    form = get_page(client, "/login")
    assert form.find("input", attrs={"name": "password"})["type"] == "password"


def test_logging_in_opens_your_own_network_only(
    client: TestClient, two_accounts: dict[str, int]
) -> None:
    wrong = _login(client, "alice", "not her password")
    assert wrong.status_code == 422  # a form with an error; the API answers 401
    assert soup(wrong).select_one(".form-alert").get_text() == (
        "That name and password do not match an account."
    )
    done = _login(client, *ALICE, next_url="/people")
    assert (done.status_code, done.headers["location"]) == (303, "/people")
    cookie = done.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    listed = [p["person"] for p in client.get("/api/v1/people").json()["items"]]
    assert listed == ["Ana Lima"]
    assert client.get(f"/people/{two_accounts['bob']}").status_code == 404
    header = get_page(client, "/people").select_one("header form.account")
    assert header.get_text(" ", strip=True) == "alice Log out"


def test_log_out_ends_the_session(client: TestClient, two_accounts: dict[str, int]) -> None:
    _login(client, *ALICE)
    token = csrf_of(client, "/people")
    out = client.post("/logout", data={"csrf_token": token})
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    assert client.get("/people").status_code == 303


def test_a_new_password_ends_older_sessions(
    client: TestClient, seed: Seed, two_accounts: dict[str, int]
) -> None:
    _login(client, *ALICE)
    assert client.get("/people").status_code == 200
    seed(lambda ctx: accounts.set_password(ctx.session, "alice", "a brand new password"))
    assert client.get("/people").status_code == 303


def test_a_removed_account_is_logged_out_and_cannot_log_in(
    client: TestClient, seed: Seed, two_accounts: dict[str, int]
) -> None:
    _login(client, *ALICE)
    assert client.get("/api/v1/people").status_code == 200
    seed(lambda ctx: accounts.remove_account(ctx.session, "alice"))
    assert client.get("/api/v1/people").status_code == 401
    assert client.get("/people").status_code == 303
    assert _login(client, *ALICE).status_code == 422  # the same answer as a wrong password
    _login(client, *BOB)
    assert client.get("/api/v1/people").json()["items"][0]["person"] == "Ben Okafor"


def test_five_wrong_passwords_lock_the_account_for_a_while(
    client: TestClient, two_accounts: dict[str, int]
) -> None:
    for _ in range(5):
        assert _login(client, "alice", "a wrong guess here").status_code == 422
    locked = _login(client, *ALICE)
    assert locked.status_code == 429
    assert "Too many failed attempts for this account: try again in 15 minutes." in locked.text
    assert _login(client, *BOB).status_code == 303  # other accounts are not affected


def test_the_login_form_needs_its_token_and_never_sends_you_elsewhere(
    client: TestClient, two_accounts: dict[str, int]
) -> None:
    refused = client.post("/login", data={"username": "alice", "password": ALICE[1]})
    assert refused.status_code == 403
    away = _login(client, *ALICE, next_url="//evil.example/steal")
    assert away.headers["location"] == "/"


def test_the_api_logs_in_and_out_with_json(
    client: TestClient, two_accounts: dict[str, int]
) -> None:
    wrong = client.post("/api/v1/session", json={"username": "bob", "password": "nope"})
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (401, "unauthenticated")
    done = client.post("/api/v1/session", json={"username": "BOB", "password": BOB[1]})
    assert (done.status_code, done.json()) == (200, {"username": "bob"})
    assert [p["person"] for p in client.get("/api/v1/people").json()["items"]] == ["Ben Okafor"]
    for _ in range(5):
        client.post("/api/v1/session", json={"username": "bob", "password": "guess again"})
    locked = client.post("/api/v1/session", json={"username": "bob", "password": BOB[1]})
    assert (locked.status_code, locked.json()["error"]["code"]) == (429, "unauthenticated")
    assert client.delete("/api/v1/session").status_code == 204
    assert client.get("/api/v1/people").status_code == 401


def test_two_people_logged_in_at_once_see_their_own_pages(
    app: Any, client: TestClient, two_accounts: dict[str, int]
) -> None:
    with TestClient(app, follow_redirects=False) as other:
        _login(client, *ALICE)
        _login(other, *BOB)
        for _ in range(2):  # the second time from the page cache
            alices = get_page(client, "/people").select_one("table.people").get_text()
            bobs = get_page(other, "/people").select_one("table.people").get_text()
            assert "Ana Lima" in alices and "Ben Okafor" not in alices
            assert "Ben Okafor" in bobs and "Ana Lima" not in bobs
        dash = get_page(other, "/")
        assert dash.select_one("header form.account .muted").get_text() == "bob"


def test_a_single_user_kith_protected_by_a_password_keeps_its_data(
    client: TestClient, seed: Seed
) -> None:
    mine = seed.person("Ana Lima")  # the single-user owner's, before any password
    seed(lambda ctx: accounts.set_password(ctx.session, "default", "my own long password"))
    assert client.get(f"/people/{mine}").status_code == 303
    assert _login(client, "default", "my own long password").status_code == 303
    assert get_page(client, f"/people/{mine}").find("h1").get_text(strip=True) == "Ana Lima"


def test_a_member_changes_their_own_password_and_other_sessions_end(
    app: Any, client: TestClient, two_accounts: dict[str, int]
) -> None:
    with TestClient(app, follow_redirects=False) as phone:
        _login(phone, *ALICE)
        _login(client, *ALICE)
        page = get_page(client, "/settings")
        assert page.find(id="password-h").get_text() == "Your password"
        token = csrf_of(client, "/settings")

        def change(current: str, new: str, again: str) -> Any:
            form = {"csrf_token": token, "current_password": current, "new_password": new,
                    "new_password_again": again}  # fmt: skip
            return client.post("/settings/password", data=form)

        wrong = change("not it at all", "a new long password", "a new long password")
        assert wrong.status_code == 422
        said = soup(wrong).find(id="current_password-error").get_text()
        assert "That is not your current password." in said
        differ = change(ALICE[1], "a new long password", "another new password")
        said = soup(differ).find(id="new_password_again-error").get_text()
        assert "The two new passwords differ." in said
        done = change(ALICE[1], "a new long password", "a new long password")
        assert (done.status_code, done.headers["location"]) == (303, "/settings")
        assert client.get("/settings").status_code == 200  # this session goes on
        assert phone.get("/settings").status_code == 303  # the phone's has ended
        assert _login(phone, "alice", "a new long password").status_code == 303


def test_a_member_deletes_their_own_account_with_their_password(
    client: TestClient, seed: Seed, two_accounts: dict[str, int]
) -> None:
    _login(client, *ALICE)
    page = get_page(client, "/settings")
    assert page.find(id="delete-account-h").get_text() == "Delete your account"
    token = csrf_of(client, "/settings")

    def delete(password: str, confirm: str | None) -> Any:
        form = {"csrf_token": token, "password": password}
        return client.post(
            "/settings/delete", data=form | ({"confirm": confirm} if confirm else {})
        )

    unticked = delete(ALICE[1], None)
    assert unticked.status_code == 422
    assert "Tick the box" in soup(unticked).find(id="confirm-error").get_text()
    wrong = delete("not my password", "yes")
    assert "That is not your password." in soup(wrong).find(id="password-error").get_text()
    assert client.get("/api/v1/people").json()["total"] == 1  # nothing gone yet
    done = delete(ALICE[1], "yes")
    assert (done.status_code, done.headers["location"]) == (303, "/login")
    assert client.get("/api/v1/people").status_code == 401
    assert [a["username"] for a in seed(lambda ctx: accounts.list_accounts(ctx.session))] == [
        "bob",
        "default",
    ]
    assert _login(client, *ALICE).status_code == 422
    _login(client, *BOB)
    assert client.get("/api/v1/people").json()["items"][0]["person"] == "Ben Okafor"


def test_the_single_user_owner_is_not_offered_deletion(client: TestClient, seed: Seed) -> None:
    seed(lambda ctx: accounts.set_password(ctx.session, "default", "a long home password"))
    _login(client, "default", "a long home password")
    page = get_page(client, "/settings")
    assert page.find(id="password-h") is not None
    assert page.find(id="delete-account-h") is None
