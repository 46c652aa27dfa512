"""A zip of several kinds of export (a Google Takeout) imported in one go: every kind, address
books first, each its own import, all or nothing. Real sample files, zipped here in the
shape Takeout gives them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kith.errors import ImportFormatError
from kith.importers import ImportOptions
from kith.importers import archive as archive_module
from kith.models import Interaction, Participant, Person
from kith.services.context import Ctx
from kith.services.import_history import past_imports
from kith.services.import_undo import undo_import
from kith.services.imports import run_imports
from tests.takeout import BROKEN_CALENDAR, takeout_zip

# the mailbox's recipient, as an address book has them
RECIPIENT = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rita Recipient\r\nN:Recipient;Rita;;;\r\n"
    "EMAIL;TYPE=INTERNET:recipient@example.com\r\nEND:VCARD\r\n"
)
MINE = ImportOptions(my_emails=frozenset({"author@example.com"}))


def _takeout(folder: Path, calendar: bytes | None = None) -> Path:
    return takeout_zip(folder, RECIPIENT, calendar)


def _people(ctx: Ctx) -> list[str]:
    query = select(Person.display_name).where(
        Person.owner_id == ctx.owner_id, Person.is_me.is_(False)
    )
    return sorted(ctx.session.scalars(query))


def test_every_kind_imports_address_books_first_so_mail_finds_their_people(
    ctx: Ctx, tmp_path: Path
) -> None:
    path = _takeout(tmp_path)
    reports = run_imports(ctx, path, options=MINE)
    assert [(r.file, r.kind) for r in reports] == [
        (path.name, "vcard"),
        (path.name, "mbox"),
        (path.name, "ical"),
    ]
    contacts, mail, _ = reports
    assert contacts.created == {"people": 1}
    assert mail.created == {"interactions": 2}  # no new person: Rita was in the address book
    rita = ctx.session.scalar(select(Person.id).where(Person.display_name == "Rita Recipient"))
    in_mail = select(func.count()).select_from(Participant).where(Participant.person_id == rita)
    assert ctx.session.scalar(in_mail) == 2
    saved = past_imports(ctx)
    assert [(i["kind"], i["id"]) for i in saved] == [
        (r.kind, r.import_id) for r in reversed(reports)
    ]


def test_importing_the_zip_again_changes_nothing_and_each_kind_undoes_on_its_own(
    ctx: Ctx, tmp_path: Path
) -> None:
    path = _takeout(tmp_path)
    contacts, mail, calendar = run_imports(ctx, path, options=MINE)
    again = run_imports(ctx, path, options=MINE)
    assert [(r.created, r.updated) for r in again] == [({}, {})] * 3
    touches = ctx.session.scalar(select(func.count()).select_from(Interaction))
    assert mail.import_id is not None
    undone = undo_import(ctx, mail.import_id)
    assert (undone.interactions, undone.people) == (mail.created["interactions"], 0)
    assert _people(ctx) != []  # the address book's people stay
    assert "Rita Recipient" in _people(ctx)
    left = ctx.session.scalar(select(func.count()).select_from(Interaction))
    assert left == touches - mail.created["interactions"]
    assert calendar.import_id != contacts.import_id


def test_a_dry_run_reports_every_kind_and_writes_nothing(ctx: Ctx, tmp_path: Path) -> None:
    path = _takeout(tmp_path)
    reports = run_imports(ctx, path, dry_run=True, options=MINE)
    assert [r.kind for r in reports] == ["vcard", "mbox", "ical"]
    assert reports[1].created == {"interactions": 2}  # as the import would: Rita is known
    assert all(r.import_id is None for r in reports)
    assert _people(ctx) == []
    assert past_imports(ctx) == []


def test_one_unreadable_kind_imports_nothing_of_the_others(ctx: Ctx, tmp_path: Path) -> None:
    path = _takeout(tmp_path, calendar=BROKEN_CALENDAR)
    with pytest.raises(ImportFormatError, match=r"`takeout\.zip: Takeout/Calendar/Work\.ics`"):
        run_imports(ctx, path, options=MINE)
    assert _people(ctx) == []  # the address book came first, and went with the rest
    assert past_imports(ctx) == []


def test_the_zip_is_unpacked_once_and_one_kind_can_still_be_chosen(
    ctx: Ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _takeout(tmp_path)
    calls: list[Path] = []
    real = archive_module.unpack

    def counted(zipped: Path, into: Path) -> list[Path]:
        calls.append(zipped)
        return real(zipped, into)

    monkeypatch.setattr(archive_module, "unpack", counted)
    assert len(run_imports(ctx, path, options=MINE)) == 3
    assert calls == [path]
    (mail,) = run_imports(ctx, path, "mbox", options=MINE)
    assert (mail.kind, mail.created) == ("mbox", {})  # only the mail, already there


MAILBOX = """From ana@example.org Mon Mar  4 09:00:00 2024
From: Ana Lima <ana@example.org>
To: Bob Stone <bob@example.org>
Date: Mon, 4 Mar 2024 09:00:00 +0000
Subject: Lunch?

From carol@example.org Tue Mar  5 10:00:00 2024
From: Carol Diaz <carol@example.org>
To: Ana Lima <ana@example.org>
Date: Tue, 5 Mar 2024 10:00:00 +0000
Subject: Re: the talk

From ana@example.org Wed Mar  6 11:00:00 2024
From: Ana Lima <ana@example.org>
To: Dan Wu <dan@example.org>
Cc: Bob Stone <bob@example.org>
Date: Wed, 6 Mar 2024 11:00:00 +0000
Subject: Introductions

"""
MEETING = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "BEGIN:VEVENT\r\nUID:coffee-1@google.com\r\nDTSTART:20240310T090000Z\r\n"
    "DTEND:20240310T093000Z\r\nSUMMARY:Coffee\r\nORGANIZER;CN=Ana Lima:mailto:ana@example.org\r\n"
    "ATTENDEE;CN=Erin Park:mailto:erin@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_the_address_the_mail_shows_is_yours_tells_the_calendars_after_it(
    ctx: Ctx, tmp_path: Path
) -> None:
    """A Takeout's calendar alone (one meeting) cannot show which address is yours; its
    mailbox can, and is imported first."""
    path = tmp_path / "takeout.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Takeout/Calendar/Work.ics", MEETING)
        archive.writestr("Takeout/Mail/All mail Including Spam and Trash.mbox", MAILBOX)
    mail, calendar = run_imports(ctx, path, options=ImportOptions())
    assert (mail.kind, calendar.kind) == ("mbox", "ical")
    assert any("ana@example.org" in note for note in mail.warnings)  # taken for yours
    assert calendar.warnings == []
    assert "Ana Lima" not in _people(ctx)
    assert "Erin Park" in _people(ctx)
    started = select(Interaction.initiator).where(Interaction.summary == "Coffee")
    assert ctx.session.scalar(started) == "me"


def test_an_unpacked_takeout_folder_imports_as_its_zip_and_is_left_as_it_was(
    ctx: Ctx, tmp_path: Path
) -> None:
    folder = tmp_path / "Takeout"
    with zipfile.ZipFile(_takeout(tmp_path)) as archive:
        archive.extractall(folder)
    files = sorted(p for p in folder.rglob("*"))
    reports = run_imports(ctx, folder, options=MINE)
    assert [(r.file, r.kind, r.created) for r in reports] == [
        ("Takeout", "vcard", {"people": 1}),
        ("Takeout", "mbox", {"interactions": 2}),
        ("Takeout", "ical", {"interactions": 1, "people": 3}),
    ]
    assert sorted(p for p in folder.rglob("*")) == files
    again = run_imports(ctx, folder, options=MINE)
    assert [(r.created, r.updated) for r in again] == [({}, {})] * 3
