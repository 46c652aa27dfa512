"""kith users tokens: make, list and revoke an account's API tokens from the shell."""

from __future__ import annotations

import io

import pytest

from tests.conftest import Cli


def test_add_list_and_revoke_a_token(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("alice's long password\n"))
    cli.ok("users", "add", "alice", "--password-stdin")
    made = cli.ok("users", "tokens", "add", "Alice", "backup script")
    token = made.stdout.strip()
    assert token.startswith("kith_") and "\n" not in token  # the token alone, for $(...)
    assert "API token 'backup script' (id 1) for alice: copy it now" in made.stderr

    listed = cli.ok("users", "tokens", "list", "alice", "-f", "json").json()
    assert [(t["id"], t["name"], t["last_used_at"]) for t in listed] == [(1, "backup script", None)]
    assert token not in cli.ok("users", "tokens", "list", "alice").stdout
    again = cli("users", "tokens", "add", "alice", "backup script")
    assert again.exit_code == 5 and "already have a token named" in again.stderr

    assert cli.ok("users", "tokens", "revoke", "alice", "1").stdout == (
        "Revoked the API token 'backup script'.\n"
    )
    assert cli.ok("users", "tokens", "list", "alice", "-f", "json").json() == []
    missing = cli("users", "tokens", "revoke", "alice", "1")
    assert missing.exit_code == 3 and "no API token 1" in missing.stderr
    nobody = cli("users", "tokens", "list", "zed")
    assert nobody.exit_code == 3 and "No account named 'zed'" in nobody.stderr
