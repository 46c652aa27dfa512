"""/api/v1/account: a member changes their password or deletes their account through the
API, as on the Settings page (server mode)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import ALICE, BOB, Seed


def _login(client: TestClient, name: str, password: str) -> int:
    response = client.post("/api/v1/session", json={"username": name, "password": password})
    return response.status_code


def test_change_your_password(alice: TestClient) -> None:
    wrong = alice.put(
        "/api/v1/account/password",
        json={"current_password": "a guess at it", "new_password": "a new long password"},
    )
    assert wrong.status_code == 403
    assert wrong.json()["error"] == {
        "code": "forbidden",
        "message": "That is not your current password.",
        "field": "current_password",
    }
    short = alice.put(
        "/api/v1/account/password",
        json={"current_password": ALICE[1], "new_password": "short"},
    )
    assert short.status_code == 422
    assert short.json()["error"]["field"] == "new_password"

    done = alice.put(
        "/api/v1/account/password",
        json={"current_password": ALICE[1], "new_password": "a new long password"},
    )
    assert (done.status_code, done.json()) == (200, {"username": "alice"})
    assert alice.get("/api/v1/people").status_code == 200  # this session goes on
    alice.delete("/api/v1/session")
    assert _login(alice, "alice", ALICE[1]) == 401
    assert _login(alice, "alice", "a new long password") == 200


def test_delete_your_account(alice: TestClient) -> None:
    wrong = alice.request("DELETE", "/api/v1/account", json={"password": "not hers"})
    assert (wrong.status_code, wrong.json()["error"]["field"]) == (403, "password")
    assert alice.get("/api/v1/people").json()["total"] == 1

    done = alice.request("DELETE", "/api/v1/account", json={"password": ALICE[1]})
    assert done.status_code == 204
    assert alice.get("/api/v1/people").status_code == 401  # logged out, the account gone
    assert _login(alice, "alice", ALICE[1]) == 401
    assert _login(alice, "bob", BOB[1]) == 200
    assert [p["person"] for p in alice.get("/api/v1/people").json()["items"]] == ["Ben Okafor"]


def test_without_accounts_there_is_no_password_to_change_or_account_to_delete(
    client: TestClient, seed: Seed
) -> None:
    seed.person("Ana Lima")
    change = client.put(
        "/api/v1/account/password",
        json={"current_password": "anything at all", "new_password": "a new long password"},
    )
    assert (change.status_code, change.json()["error"]["field"]) == (403, "current_password")
    refused = client.request("DELETE", "/api/v1/account", json={"password": "anything"})
    assert refused.status_code == 409
    assert "has no password" in refused.json()["error"]["message"]
    assert client.get("/api/v1/people").json()["total"] == 1
