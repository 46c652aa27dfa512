"""kith db undo-import: preview, confirmation, the undo itself, and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

DATA = Path(__file__).resolve().parents[1] / "data"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"


def _imported(cli: Cli) -> str:
    said = cli.ok("import", str(MESSAGES)).stdout
    batch = str(cli.ok("db", "imports", "-f", "json").json()[0]["id"])
    assert said.endswith(f"Undo it with `kith db undo-import {batch}`.\n")
    return batch


def test_undo_an_import_then_import_it_again(cli: Cli) -> None:
    batch = _imported(cli)
    preview = cli.ok("db", "undo-import", batch, "--dry-run").stdout
    assert preview == (
        f"Import {batch} ({MESSAGES.name}): Undoing it would remove 9 interactions and 4 people.\n"
    )
    assert len(cli.ok("interactions", "list", "-f", "json").json()) == 9

    refused = cli("db", "undo-import", batch)  # no terminal to ask in
    assert refused.exit_code == 2
    assert "removes 9 interactions and 4 people: add --yes to do it" in refused.stderr

    done = cli.ok("db", "undo-import", batch, "--yes").stdout
    assert done == f"Import {batch} ({MESSAGES.name}): Removed 9 interactions and 4 people.\n"
    assert cli.ok("interactions", "list", "-f", "json").json() == []
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 0
    listed = " ".join(cli.ok("db", "imports").stdout.replace("│", " ").split())
    assert "undone" in listed and "2026-11-25" in listed

    again = cli("db", "undo-import", batch, "--yes")
    assert again.exit_code == 5
    assert "was already undone on 2026-11-25" in again.stderr
    assert "  created: 9 interactions, 4 people\n" in cli.ok("import", str(MESSAGES)).stdout
    unchanged = cli.ok("import", str(MESSAGES), "-f", "json").json()  # nothing new to undo
    assert unchanged["created"] == {} and unchanged["import_id"] == int(batch) + 2
    assert "undo-import" not in cli.ok("import", str(MESSAGES)).stdout
    assert cli.ok("import", str(MESSAGES), "--dry-run", "-f", "json").json()["import_id"] is None


def test_undo_asks_in_a_terminal_and_reports_json(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _imported(cli)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("typer.confirm", lambda question, default: False)
    declined = cli("db", "undo-import", batch)
    assert (declined.exit_code, declined.stderr) == (1, "Nothing was removed.\n")
    assert len(cli.ok("interactions", "list", "-f", "json").json()) == 9

    monkeypatch.setattr("typer.confirm", lambda question, default: "4 people" in question)
    data = cli.ok("db", "undo-import", batch, "-f", "json").json()
    assert data == {
        "import_id": int(batch),
        "file": MESSAGES.name,
        "done": True,
        "removed": {"interactions": 9, "people": 4, "organizations": 0},
        "kept_people": 0,
        "kept_names": [],
        "changes_reverted": 0,
        "changes_kept": 0,
    }


def test_an_unknown_import_is_named(cli: Cli) -> None:
    missing = cli("db", "undo-import", "42", "--yes")
    assert missing.exit_code == 3
    assert "There is no import 42." in missing.stderr
    assert "kith db imports" in missing.stderr
    assert "Traceback" not in missing.stderr
