"""A zip of exports that is not a LinkedIn archive: Google Takeout, a zipped Maildir or
address book. Built here from the sample files, in the shapes those exports have."""

from __future__ import annotations

import mailbox
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import ImportOptions, detect_kind, parse
from kith.importers import archive as archive_module
from kith.importers.archive import unpack
from tests.importers.conftest import DATA, NOW

VCARD = DATA / "vcard" / "ez-vcard__John_Doe_ANDROID.vcf"
OTHER_VCARD = DATA / "vcard" / "ez-vcard__rfc6350-example.vcf"
CALENDARS = (
    DATA / "ical" / "icalendar__tutorial_attendees.ics",
    DATA / "ical" / "icaljs__recur_instances.ics",
)
MBOX = DATA / "mbox" / "thunderbird__mbox_modern.mbox"
EML = DATA / "mbox" / "thunderbird__badly-folded-headers.mbox"
OPTIONS = ImportOptions(my_emails=frozenset({"nobody@example.com"}))


def _zip(path: Path, members: Mapping[str, bytes | Path]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            archive.writestr(name, data)
    return path


def _takeout(tmp_path: Path) -> Path:
    """Google Takeout with Contacts, Calendar and Mail, and macOS's litter."""
    return _zip(
        tmp_path / "takeout-20261120T101010Z-001.zip",
        {
            "Takeout/Contacts/My Contacts/My Contacts.vcf": VCARD,
            "Takeout/Calendar/me@gmail.com.ics": CALENDARS[0],
            "Takeout/Calendar/Work.ics": CALENDARS[1],
            "Takeout/Mail/All mail Including Spam and Trash.mbox": MBOX,
            "Takeout/archive_browser.html": b"<html></html>",
            "__MACOSX/Takeout/._Work.ics": b"\x00\x05\x16\x07",
            "Takeout/.DS_Store": b"\x00\x00\x00\x01Bud1",
        },
    )


def test_a_takeout_of_several_kinds_says_what_it_holds_and_how_to_choose(
    tmp_path: Path,
) -> None:
    path = _takeout(tmp_path)
    assert detect_kind(path) == "archive"
    with pytest.raises(ImportFormatError) as err:
        parse(path, options=OPTIONS, now=NOW)
    assert str(err.value) == (
        f"Could not read `{path.name}`: the zip holds several kinds of export: contacts as "
        "vCard in 1 file (--kind vcard), mail in 1 file (--kind mbox) and calendars in 2 files "
        "(--kind ical). Import one kind at a time: add the --kind shown."
    )


def test_each_kind_of_a_takeout_imports_as_its_files_would(tmp_path: Path) -> None:
    path = _takeout(tmp_path)
    contacts = parse(path, "vcard", OPTIONS, now=NOW)
    assert (contacts.kind, contacts.source) == ("vcard", path.name)
    assert contacts.people == parse(VCARD, "vcard", OPTIONS, now=NOW).people

    calendars = parse(path, "ical", OPTIONS, now=NOW)
    alone = [parse(c, "ical", OPTIONS, now=NOW) for c in CALENDARS]
    assert calendars.kind == "ical"
    work, mine = alone[1], alone[0]  # in the zip's name order: "Work.ics" first
    assert calendars.interactions == work.interactions + mine.interactions
    assert [(s.file, s.line, s.reason) for s in calendars.skipped] == [
        (f"Takeout/Calendar/{name}", s.line, s.reason)
        for name, part in (("Work.ics", work), ("me@gmail.com.ics", mine))
        for s in part.skipped
    ]

    mail = parse(path, "mbox", OPTIONS, now=NOW)
    on_its_own = parse(MBOX, "mbox", OPTIONS, now=NOW)
    assert mail.kind == "mbox"
    assert mail.interactions == on_its_own.interactions
    assert mail.people == on_its_own.people


def test_a_zip_of_one_kind_needs_no_choice_and_a_missing_kind_is_named(tmp_path: Path) -> None:
    path = _zip(tmp_path / "contacts.zip", {"a.vcf": VCARD, "b/c.vcf": OTHER_VCARD})
    both = parse(path, options=OPTIONS, now=NOW)
    expected = (
        parse(VCARD, "vcard", OPTIONS, now=NOW).people
        + parse(OTHER_VCARD, "vcard", OPTIONS, now=NOW).people
    )
    assert both.people == expected
    with pytest.raises(ImportFormatError) as err:
        parse(path, "ical", OPTIONS, now=NOW)
    assert str(err.value) == (
        "Could not read `contacts.zip`: the zip holds no calendars; it holds contacts as "
        "vCard in 2 files (--kind vcard). Choose one of those kinds."
    )


def test_a_contact_in_two_address_books_of_one_zip_is_kept_once(tmp_path: Path) -> None:
    path = _zip(tmp_path / "books.zip", {"phone.vcf": VCARD, "copy/phone.vcf": VCARD})
    once = parse(VCARD, "vcard", OPTIONS, now=NOW).people
    assert parse(path, options=OPTIONS, now=NOW).people == once


def test_a_zipped_maildir_reads_as_one_mailbox_naming_each_message(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "maildir.zip",
        {
            "INBOX/cur/1700000000.M1.host:2,S": EML.read_bytes(),
            "INBOX/new/1700000001.M2.host": (DATA / "mbox" / "mimekit__unmunged.mbox"),
            "INBOX/tmp/": b"",
        },
    )
    assert detect_kind(path) == "archive"
    result = parse(path, options=OPTIONS, now=NOW)
    assert result.kind == "mbox"
    assert [s.file for s in result.skipped] == ["INBOX/new/1700000001.M2.host"] * 2
    assert len(result.interactions) == len(parse(EML, "mbox", OPTIONS, now=NOW).interactions)


def test_unpacking_never_writes_outside_its_folder(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "evil.zip",
        {"../../outside.vcf": VCARD, "/etc/absolute.vcf": VCARD, "ok\\windows.vcf": VCARD},
    )
    into = tmp_path / "into"
    into.mkdir()
    written = unpack(path, into)
    assert sorted(p.relative_to(into).as_posix() for p in written) == [
        "etc/absolute.vcf",
        "ok/windows.vcf",
        "outside.vcf",
    ]
    assert not (tmp_path / "outside.vcf").exists()


def test_a_zip_too_large_to_unpack_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _zip(tmp_path / "big.zip", {"a.vcf": VCARD})
    monkeypatch.setattr(archive_module, "MAX_UNPACKED", 100)
    with pytest.raises(
        ImportFormatError, match=r"would unpack to 0\.0 GB, more than kith reads"
    ) as err:
        parse(path, options=OPTIONS, now=NOW)
    assert err.value.hint == "Unpack it yourself and import the folder: kith reads that in place."
    folder = tmp_path / "big"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    assert parse(folder, options=OPTIONS, now=NOW).people  # as the hint says


def test_a_damaged_zip_and_one_with_nothing_to_import_are_named(tmp_path: Path) -> None:
    whole = _zip(tmp_path / "whole.zip", {"a.vcf": VCARD}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportFormatError, match=r"Could not read `cut\.zip`: the zip archive"):
        parse(cut, options=OPTIONS, now=NOW)

    photos = _zip(tmp_path / "photos.zip", {"a.jpg": b"\xff\xd8\xff", "notes.txt": b"hi"})
    with pytest.raises(ImportFormatError) as err:
        detect_kind(photos)
    assert str(err.value).startswith(
        "Could not read `photos.zip`: the zip holds nothing kith imports (no LinkedIn export, "
        "vCard, contacts CSV, iCalendar or mail file)."
    )
    fake = _zip(tmp_path / "fake.zip", {"a.vcf": b"not a card", "b.ics": b"nor a calendar"})
    with pytest.raises(ImportFormatError, match="the zip holds nothing kith imports"):
        parse(fake, options=OPTIONS, now=NOW)


def test_a_file_in_the_zip_that_cannot_be_read_is_named_with_the_zip(tmp_path: Path) -> None:
    broken = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\n"
        "TZOFFSETFROM:+2800\r\nTZOFFSETTO:+0100\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\nEND:VCALENDAR\r\n"
    )
    path = _zip(tmp_path / "takeout.zip", {"Takeout/Calendar/Work.ics": broken.encode()})
    with pytest.raises(ImportFormatError) as err:
        parse(path, options=OPTIONS, now=NOW)
    assert str(err.value).startswith(
        "Could not read `takeout.zip: Takeout/Calendar/Work.ics`: the calendar cannot be parsed"
    )


def _unzipped(path: Path, into: Path) -> Path:
    """The folder a zip unpacks to, as Safari leaves it after a download."""
    with zipfile.ZipFile(path) as archive:
        archive.extractall(into)
    return into


def test_an_unpacked_takeout_folder_reads_as_its_zip(tmp_path: Path) -> None:
    zipped = _takeout(tmp_path)
    folder = _unzipped(zipped, tmp_path / "Takeout 2")
    assert detect_kind(folder) == "archive"
    with pytest.raises(ImportFormatError) as err:
        parse(folder, options=OPTIONS, now=NOW)
    assert str(err.value).startswith(
        "Could not read `Takeout 2`: the folder holds several kinds of export: contacts as "
        "vCard in 1 file (--kind vcard), mail in 1 file (--kind mbox) and calendars in 2 files"
    )
    for kind in ("vcard", "ical", "mbox"):
        from_folder = parse(folder, kind, OPTIONS, now=NOW)
        from_zip = parse(zipped, kind, OPTIONS, now=NOW)
        assert (from_folder.people, from_folder.interactions) == (
            from_zip.people,
            from_zip.interactions,
        )
        assert from_folder.source == "Takeout 2"
    assert (folder / "Takeout" / "Calendar" / "Work.ics").is_file()  # read where it is


def test_a_folder_of_address_books_leaves_out_hidden_folders(tmp_path: Path) -> None:
    folder = tmp_path / "address books"
    (folder / ".Trash").mkdir(parents=True)
    (folder / ".Trash" / "old.vcf").write_bytes(OTHER_VCARD.read_bytes())
    (folder / "phone.vcf").write_bytes(VCARD.read_bytes())
    assert detect_kind(folder) == "archive"
    assert parse(folder, options=OPTIONS, now=NOW).people == (
        parse(VCARD, "vcard", OPTIONS, now=NOW).people
    )
    with pytest.raises(ImportFormatError) as err:
        parse(folder, "ical", OPTIONS, now=NOW)
    assert str(err.value) == (
        "Could not read `address books`: the folder holds no calendars; it holds contacts as "
        "vCard in 1 file (--kind vcard). Choose one of those kinds."
    )


def test_a_folder_of_eml_files_alone_is_still_a_mailbox(tmp_path: Path) -> None:
    folder = tmp_path / "saved mail"
    folder.mkdir()
    (folder / "one.eml").write_bytes(EML.read_bytes())
    assert detect_kind(folder) == "mbox"
    (folder / "card.vcf").write_bytes(VCARD.read_bytes())  # now a folder of two kinds
    assert detect_kind(folder) == "archive"


def test_a_zipped_maildir_plus_plus_reads_its_dotted_folders(tmp_path: Path) -> None:
    """Dovecot and Courier keep a Maildir's subfolders as .Sent/, .Archive/: mail, not
    hidden litter."""
    messages = list(mailbox.mbox(MBOX))
    path = _zip(
        tmp_path / "Maildir.zip",
        {
            "Maildir/cur/1732670000.M1P1.host:2,S": messages[0].as_bytes(),
            "Maildir/.Sent/cur/1732670001.M2P1.host:2,S": messages[1].as_bytes(),
            "Maildir/.git/config": b"[core]",
        },
    )
    mail = parse(path, options=OPTIONS, now=NOW)
    both = parse(MBOX, "mbox", OPTIONS, now=NOW).interactions
    assert sorted(i.summary for i in mail.interactions) == sorted(i.summary for i in both)
    assert len(both) == 2


def test_a_maildir_plus_plus_folder_is_read_with_its_sent_folder(tmp_path: Path) -> None:
    messages = list(mailbox.mbox(MBOX))
    root = tmp_path / "Maildir"
    for folder in (root, root / ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True)
    (root / "cur" / "1732670000.M1P1.host:2,S").write_bytes(messages[0].as_bytes())
    (root / ".Sent" / "cur" / "1732670001.M2P1.host:2,S").write_bytes(messages[1].as_bytes())
    assert detect_kind(root) == "archive"
    mail = parse(root, options=OPTIONS, now=NOW)
    assert len(mail.interactions) == 2
    (root / ".Sent" / "cur" / "1732670001.M2P1.host:2,S").unlink()
    (root / ".Sent" / "cur").rmdir()  # no longer a Maildir++: a plain Maildir, as before
    assert detect_kind(root) == "mbox"


def test_linkedin_files_under_names_of_their_own_are_named_with_what_to_do(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("kawsay__Connections.csv", "kawsay__messages.csv"):
        (folder / name).write_bytes((DATA / "linkedin" / name).read_bytes())
    with pytest.raises(ImportFormatError) as err:
        parse(folder, options=OPTIONS, now=NOW)
    assert str(err.value).startswith(
        "Could not read `saved`: the folder holds LinkedIn export files under names of their "
        "own (kawsay__Connections.csv and kawsay__messages.csv), and kith reads a LinkedIn "
        "export by LinkedIn's names"
    )
    assert err.value.hint is not None and "Import each file on its own" in err.value.hint
    zipped = _zip(
        tmp_path / "saved.zip",
        {"a/kawsay__Connections.csv": (folder / "kawsay__Connections.csv").read_bytes()},
    )
    with pytest.raises(ImportFormatError, match=r"the zip holds LinkedIn export files .*a/kawsay"):
        parse(zipped, options=OPTIONS, now=NOW)
    (folder / "kawsay__messages.csv").rename(folder / "messages.csv")  # LinkedIn's own name
    assert parse(folder, options=OPTIONS, now=NOW).interactions
