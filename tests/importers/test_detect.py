"""detect_kind tells formats apart by CONTENT, never by the extension alone."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kith.errors import ImportFormatError, UsageError
from kith.importers import detect_kind, parse
from tests.importers.conftest import DATA

EXPECTED = {
    "linkedin/kawsay__Connections.csv": "linkedin",
    "linkedin/kawsay__messages.csv": "linkedin",
    "linkedin/lni__Connections_nonstandard.csv": "linkedin",
    "linkedin/lni__Messages_nonstandard.csv": "linkedin",
    "linkedin/network-jobs__Connections.csv": "linkedin",
    "google-csv/outlook_importer__outlook_2007_de.csv": "outlook_csv",
    "google-csv/outlook_importer__windows_live_mail_de.csv": "outlook_csv",
    "google-csv/thunderbird__basic_csv_addressbook.csv": "thunderbird_csv",
    "google-csv/thunderbird__csv_semicolon.csv": "thunderbird_csv",
    "vcard/ez-vcard__John_Doe_IPHONE.vcf": "vcard",
    "ical/icalendar__bom_calendar.ics": "ical",
    "ical/icalendar__issue_101_umlaut_organizer_bare_vevent.ics": "ical",
    "ical/thunderbird__importLatin1.ics": "ical",
    "mbox/thunderbird__mbox_unquoted.mbox": "mbox",
    "mbox/mimekit__unmunged.mbox": "mbox",
    "mbox/thunderbird__429891_encoded_word_comma.eml": "eml",
}


@pytest.mark.parametrize(("relative", "kind"), sorted(EXPECTED.items()))
def test_detect_kind_from_content(relative: str, kind: str, tmp_path: Path) -> None:
    renamed = tmp_path / "export.dat"  # the extension must not matter
    shutil.copyfile(DATA / relative, renamed)
    assert detect_kind(renamed) == kind


def test_detect_google_legacy_header(corpus_file: Callable[[str], Path]) -> None:
    assert (
        detect_kind(corpus_file("google-csv/roundcube__gmail_legacy_google_csv.csv"))
        == "google_csv"
    )


def test_detect_vcard_utf16be_without_bom(corpus_file: Callable[[str], Path]) -> None:
    assert detect_kind(corpus_file("vcard/roundcube__utf-16be_nobom.vcf")) == "vcard"


def test_detect_pre_2015_linkedin_outlook_export_goes_to_outlook(tmp_path: Path) -> None:
    path = tmp_path / "linkedin_connections_export_microsoft_outlook.csv"
    path.write_text(
        '"Title","First Name","Middle Name","Last Name","Suffix","E-mail Address"\n'
        '"","Ann","","Lee","","ann@example.com"\n'
    )
    assert detect_kind(path) == "outlook_csv"


def test_detect_kith_backup(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    path.write_text('{"kith_backup": {"version": 1}, "people": []}')
    assert detect_kind(path) == "kith_backup"


def test_detect_apple_mail_mbox_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Inbox.mbox"
    folder.mkdir()
    shutil.copyfile(DATA / "mbox/thunderbird__mbox_modern.mbox", folder / "mbox")
    assert detect_kind(folder) == "mbox"
    result = parse(folder, "mbox")
    assert (result.source, len(result.interactions)) == ("Inbox.mbox", 2)


def test_parse_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Unknown import kind 'excel'"):
        parse(tmp_path, "excel")


def test_detect_unknown_content_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "holiday.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not an export")
    with pytest.raises(ImportFormatError) as caught:
        detect_kind(path)
    assert str(caught.value).startswith("Could not read `holiday.jpg`: this is not a format")


def test_detect_a_table_of_unknown_columns_names_them_and_says_what_kith_reads(
    tmp_path: Path,
) -> None:
    """Outlook in Spanish, say: a table, only not one kith knows."""
    path = tmp_path / "contactos.csv"
    path.write_bytes(
        '"Nombre";"Apellidos";"Dirección de correo electrónico";"Móvil";"Compañía"\r\n'
        '"Ana";"Lima";"ana@example.org";"";""\r\n'.encode("cp1252")
    )
    with pytest.raises(ImportFormatError) as caught:
        detect_kind(path)
    assert caught.value.message == (
        "Could not read `contactos.csv`: this is a table, but kith does not know its columns "
        "(Nombre, Apellidos, Dirección de correo electrónico, Móvil, …)"
    )
    assert "rename the columns so, or export the contacts as vCard" in str(caught.value.hint)


def test_detect_prose_with_a_comma_is_not_called_a_table(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear Ana, thanks for the coffee\nSee you soon\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        detect_kind(path)
    assert "this is not a format kith can import" in str(caught.value)


def test_detect_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="does not exist"):
        detect_kind(tmp_path / "nope.csv")


def test_detect_folder_without_exports(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(ImportFormatError) as err:
        detect_kind(tmp_path)
    assert str(err.value).startswith(
        f"Could not read `{tmp_path.name}`: the folder holds nothing kith imports (no "
        "LinkedIn export, vCard, contacts CSV, iCalendar or mail file)."
    )


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n  \n"], ids=["empty", "blank-lines"])
def test_detect_an_empty_file_says_it_is_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError) as err:
        detect_kind(path)
    assert str(err.value) == (
        "Could not read `contacts.vcf`: the file is empty. Export it again, or choose another file."
    )
