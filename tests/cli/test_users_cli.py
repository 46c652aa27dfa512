"""kith users add|passwd|list and kith --user: accounts of server mode from the shell."""

from __future__ import annotations

import io

import pytest

from tests.conftest import Cli


def _with_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_add_an_account_then_act_as_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, "alice's long password\n")
    added = cli.ok("users", "add", "Alice", "--password-stdin").stdout
    assert added.startswith("Added the account alice. The web UI and the API now ask everyone")
    cli.ok("--user", "alice", "people", "add", "Ana Lima")
    cli.ok("people", "add", "Zoe Default")
    mine = cli.ok("--user", "alice", "people", "list", "-f", "json").json()["items"]
    assert [p["person"] for p in mine] == ["Ana Lima"]
    theirs = cli.ok("people", "list", "-f", "json").json()["items"]
    assert [p["person"] for p in theirs] == ["Zoe Default"]
    listed = {a["username"]: a["password"] for a in cli.ok("users", "list", "-f", "json").json()}
    assert listed == {"alice": True, "default": False}
    table = " ".join(cli.ok("users", "list").stdout.replace("│", " ").split())
    assert "alice yes 1 2026-11-25" in table and "default no 1 2026-11-25" in table


def test_passwords_are_asked_in_a_terminal_or_piped(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_stdin(monkeypatch, "")  # not a terminal
    refused = cli("users", "add", "bob")
    assert refused.exit_code == 2
    assert "pipe it in with --password-stdin" in refused.stderr
    _with_stdin(monkeypatch, "short\n")
    too_short = cli("users", "add", "bob", "--password-stdin")
    assert too_short.exit_code == 2
    assert "A password needs 10 to 1024 characters" in too_short.stderr
    assert "bob" not in cli.ok("users", "list").stdout


def test_passwd_and_unknown_accounts(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, "bob's long password\n")
    cli.ok("users", "add", "bob", "--password-stdin")
    _with_stdin(monkeypatch, "bob's newer password\n")
    changed = cli.ok("users", "passwd", "bob", "--password-stdin").stdout.strip()
    assert changed == "Changed the password of bob; older sessions have ended."
    unknown = cli("--user", "carol", "people", "list")
    assert unknown.exit_code == 3
    assert unknown.stderr.strip() == (
        "Error: No account named 'carol'. See the accounts with `kith users list`."
    )
    _with_stdin(monkeypatch, "whatever long enough\n")
    assert cli("users", "add", "bob", "--password-stdin").exit_code == 5  # exists


def test_remove_an_account_after_saying_yes(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, "alice's long password\n")
    cli.ok("users", "add", "alice", "--password-stdin")
    cli.ok("--user", "alice", "people", "add", "Ana Lima")
    cli.ok("--user", "alice", "log", "Coffee", "--with", "Ana")
    cli.ok("people", "add", "Zoe Default")
    _with_stdin(monkeypatch, "")  # not a terminal: nothing to ask with
    refused = cli("users", "remove", "alice")
    assert refused.exit_code == 2
    assert "Removing alice deletes 1 person and 1 touch for good: add --yes" in refused.stderr
    assert cli.ok("--user", "alice", "people", "list", "-f", "json").json()["total"] == 1
    done = cli.ok("users", "remove", "alice", "--yes").stdout
    assert done.strip() == "Removed the account alice with 1 person and 1 touch."
    assert [a["username"] for a in cli.ok("users", "list", "-f", "json").json()] == ["default"]
    gone = cli("--user", "alice", "people", "list")
    assert gone.exit_code == 3
    assert cli.ok("people", "list", "-f", "json").json()["items"][0]["person"] == "Zoe Default"
    kept = cli("users", "remove", "default", "--yes")
    assert kept.exit_code == 5
    assert "cannot be removed" in kept.stderr and "kith db path" in kept.stderr


def test_remove_asks_in_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, "bob's long password\n")
    cli.ok("users", "add", "bob", "--password-stdin")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("typer.confirm", lambda question, default: False)
    declined = cli("users", "remove", "bob")
    assert declined.exit_code == 1
    assert "Nothing was removed." in declined.stderr
    assert [a["username"] for a in cli.ok("users", "list", "-f", "json").json()] == [
        "bob",
        "default",
    ]
    monkeypatch.setattr("typer.confirm", lambda question, default: "0 people" in question)
    assert "Removed the account bob" in cli.ok("users", "remove", "bob").stdout
