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
    assert "Undoing it would remove 9 interactions and 4 people. Add --yes to do it" in " ".join(
        refused.stderr.split()
    )

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


OUTLOOK = DATA / "google-csv" / "outlook_importer__outlook_2007_de.csv"
LIVE_MAIL = DATA / "google-csv" / "outlook_importer__windows_live_mail_de.csv"
EVOLUTION = DATA / "vcard" / "ez-vcard__John_Doe_EVOLUTION.vcf"
IPHONE = DATA / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf"


def test_an_import_that_only_merged_into_people_already_here_can_be_undone(cli: Cli) -> None:
    cli.ok("import", str(EVOLUTION))
    said = cli.ok("import", str(IPHONE)).stdout  # the same man, found by his address
    assert "  created: 0\n" in said and "  merged: 1 person\n" in said
    batch = cli.ok("db", "imports", "-f", "json").json()[0]
    assert (batch["merged"], batch["updated"], batch["undoable"]) == ({"people": 1}, {}, True)
    assert said.endswith(f"Undo it with `kith db undo-import {batch['id']}`.\n")
    listed = " ".join(cli.ok("db", "imports").stdout.replace("│", " ").split())
    assert f"{batch['id']} 2026-11-25 15:30 {IPHONE.name} vcard 0 1 person 0" in listed

    preview = cli.ok("db", "undo-import", str(batch["id"]), "--dry-run").stdout.splitlines()
    assert preview[0] == (
        f"Import {batch['id']} ({IPHONE.name}): It created nothing that is still here: "
        "undoing it removes nothing."
    )
    assert preview[1].endswith("(an email, a tag, a position, a filled-in field) are taken back.")
    done = cli.ok("db", "undo-import", str(batch["id"]), "--yes").stdout
    assert done.startswith(
        f"Import {batch['id']} ({IPHONE.name}): Nothing it created was still here, "
        "so nothing was removed.\n"
    )


def test_an_import_that_only_updated_offers_its_undo(cli: Cli) -> None:
    cli.ok("import", str(OUTLOOK))
    said = cli.ok("import", str(LIVE_MAIL)).stdout  # the same record, another export
    assert "  created: 0\n" in said and "  updated: 1 person\n" in said
    batch = cli.ok("db", "imports", "-f", "json").json()[0]
    assert said.endswith(f"Undo it with `kith db undo-import {batch['id']}`.\n")


def test_an_import_that_changed_nothing_offers_no_undo(cli: Cli) -> None:
    cli.ok("import", str(OUTLOOK))
    again = cli.ok("import", str(OUTLOOK)).stdout
    assert "  unchanged: 1 person\n" in again and "undo-import" not in again
    assert [b["undoable"] for b in cli.ok("db", "imports", "-f", "json").json()] == [False, True]
