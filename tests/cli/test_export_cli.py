"""`kith export`, driven through the CLI against a real database.

Needs `app.command("export")(exports.export)` in kith.cli.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from datetime import date
from pathlib import Path

import vobject
from icalendar import Calendar

from kith.config import sqlite_url
from tests.conftest import Cli

DATA = Path(__file__).resolve().parents[1] / "data"


def _two_people(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--email", "ana@example.org", "--tag", "python")
    cli.ok("people", "add", "Ben Okafor", "--introduced-by", "Ana")


def test_export_vcard_to_stdout_prints_only_the_cards(cli: Cli) -> None:
    _two_people(cli)
    result = cli.ok("export", "vcard")
    assert result.stderr == ""
    cards = list(vobject.readComponents(result.stdout))
    assert [c.fn.value for c in cards] == ["Ana Lima", "Ben Okafor"]
    assert result.stdout.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")


def test_export_to_a_file_reports_how_many_and_leaves_no_temporary_file(
    cli: Cli, tmp_path: Path
) -> None:
    _two_people(cli)
    target = tmp_path / "out" / "people.csv"
    target.parent.mkdir()
    result = cli.ok("export", "csv", "-o", str(target))
    assert result.stdout == f"Exported 2 people to {target}.\n"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    assert [(r["name"], r["emails"], r["tags"]) for r in rows] == [
        ("Ana Lima", "ana@example.org", "python"),
        ("Ben Okafor", "", ""),
    ]
    assert os.listdir(target.parent) == ["people.csv"]


def test_export_overwrites_an_existing_file(cli: Cli, tmp_path: Path) -> None:
    _two_people(cli)
    target = tmp_path / "kith.vcf"
    target.write_text("old contents", encoding="utf-8")
    cli.ok("export", "vcard", "--output", str(target))
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCARD")


def test_export_archived_people_only_with_the_flag(cli: Cli) -> None:
    _two_people(cli)
    cli.ok("people", "archive", "Ben")
    assert "Ben Okafor" not in cli.ok("export", "csv").stdout
    assert "Ben Okafor" in cli.ok("export", "csv", "--archived").stdout


def test_export_ics_as_of_a_date(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--circle", "C5")
    cli.ok("log", "Lunch", "--with", "Ana", "--on", "2025-01-10")
    cli.ok("reminders", "add", "Ana", "--on", "2027-03-01", "--note", "Birthday gift")
    text = cli.ok("export", "ics", "--as-of", "2027-02-01").stdout
    events = {
        str(e["SUMMARY"]): e.decoded("DTSTART") for e in Calendar.from_ical(text).walk("VEVENT")
    }
    assert events == {
        "Get in touch with Ana Lima": date(2027, 2, 1),
        "Reminder: Ana Lima - Birthday gift": date(2027, 3, 1),
    }


def test_export_ics_says_when_touches_wait_their_turn(cli: Cli, tmp_path: Path) -> None:
    for name in ("Ana Lima", "Ben Okafor", "Chen Wei", "Dana Weiss", "Eli Cohen"):
        cli.ok("people", "add", name, "--circle", "C5")
        cli.ok("log", "Lunch", "--with", name.split()[0], "--on", "2025-01-10")
    cli.ok("config", "set", "--weekly-budget", "1")
    target = tmp_path / "due.ics"
    assert cli.ok("export", "ics", "-o", str(target)).stdout == (
        f"Exported 4 events to {target} (touches paced at your weekly budget of 1; 1 more "
        "person is due and waits their turn, listed by `kith due`).\n"
    )


def test_export_json_restores_into_a_new_database_with_import(cli: Cli, tmp_path: Path) -> None:
    _two_people(cli)
    cli.ok("log", "Coffee", "--with", "Ana", "--on", "2026-11-01", "--note", "Talked about PyCon")
    backup = tmp_path / "kith-backup.json"
    assert cli.ok("export", "json", "-o", str(backup)).stdout == (
        f"Exported 2 people to {backup}.\n"
    )
    assert json.loads(backup.read_text(encoding="utf-8"))["kith_backup"] == 1
    restored = Cli(sqlite_url(tmp_path / "restored.db"), cli.clock)
    restored.ok("import", str(backup))
    shown = restored.ok("people", "show", "Ben", "-f", "json").json()
    assert (shown["introduced_by"], shown["interactions"]) == ("Ana Lima", 0)
    ana = restored.ok("people", "show", "ana@example.org", "-f", "json").json()
    assert (ana["tags"], ana["interactions"]) == (["python"], 1)


def test_unknown_kind_is_a_usage_error(cli: Cli) -> None:
    result = cli("export", "pdf")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown value 'pdf' for KIND: choose one of vcard, vcard3, csv, json, ics."
    )
    assert result.stdout == ""


def test_export_into_a_missing_folder_names_it(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "kith.vcf"
    result = cli("export", "vcard", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: Cannot write `{target}`: the folder `{target.parent}` does not exist. "
        "Create it first, or choose another --output."
    )


def test_a_restored_backup_still_knows_what_was_imported(cli: Cli, tmp_path: Path) -> None:
    export = DATA / "linkedin"
    folder = tmp_path / "linkedin-export"
    folder.mkdir()
    shutil.copy(export / "kawsay__Connections.csv", folder / "Connections.csv")
    shutil.copy(export / "kawsay__messages.csv", folder / "messages.csv")
    first = cli.ok("import", str(folder), "-f", "json").json()
    assert first["created"]["interactions"] > 0
    backup = tmp_path / "kith-backup.json"
    cli.ok("export", "json", "-o", str(backup))
    restored = Cli(sqlite_url(tmp_path / "restored.db"), cli.clock)
    restored.ok("import", str(backup))
    again = restored.ok("import", str(folder), "-f", "json").json()
    assert (again["created"], again["updated"], again["merged"]) == ({}, {}, {})
    assert again["unchanged"]["interactions"] == first["created"]["interactions"]


def test_the_csv_export_opens_in_excel_and_reads_back_into_kith(cli: Cli, tmp_path: Path) -> None:
    """UTF-8 with a byte order mark (else Excel shows "JosÃ©"), and kith imports its own
    CSV: several values per cell, cells kept from running as formulas taken back."""
    cli.ok(
        "people", "add", "José Núñez", "--email", "jose@example.org", "--email",
        "j.nunez@work.example", "--phone", "+1 415 555 0100", "--org", "Acme, Inc.",
        "--title", "CTO", "--tag", "=cmd", "--tag", "python", "--location", "Lisbon",
    )  # fmt: skip
    target = tmp_path / "people.csv"
    cli.ok("export", "csv", "-o", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,name,")
    elsewhere = Cli(sqlite_url(tmp_path / "elsewhere.db"), cli.clock)
    report = elsewhere.ok("import", str(target), "-f", "json").json()
    assert (report["kind"], report["created"]) == ("contacts_csv", {"people": 1})
    jose = elsewhere.ok("people", "show", "José", "-f", "json").json()
    assert jose["emails"] == ["jose@example.org", "j.nunez@work.example"]
    assert jose["phones"] == ["+1 415 555 0100"]
    assert (jose["location"], jose["tags"]) == ("Lisbon", ["=cmd", "python"])
    assert [(p["org"], p["title"]) for p in jose["positions"]] == [("Acme, Inc.", "CTO")]
    again = elsewhere.ok("import", str(target), "-f", "json").json()
    assert (again["created"], again["updated"]) == ({}, {})
