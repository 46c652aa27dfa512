"""Google, Outlook and Thunderbird CSV: one test per quirk in formats.md §2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import Birthday, ParseResult, PersonRecord, RelatedRecord, detect_kind, parse
from tests.importers.conftest import write_csv

Sample = Callable[[str], Path]


def _header(line: str) -> list[str]:
    return line.split(",")


GOOGLE_NEW = _header(
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,"
    "Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Website 1 - Label,Website 1 - Value,Event 1 - Label,Event 1 - Value,"
    "Relation 1 - Label,Relation 1 - Value,Custom Field 1 - Label,Custom Field 1 - Value"
)
OUTLOOK_EN_HEAD = _header(
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business City,Mobile Phone,Birthday,E-mail Address,E-mail Type,"
    "E-mail Display Name,E-mail 2 Address,Notes,Web Page"
)


def _csv(path: Path) -> ParseResult:
    return parse(path, detect_kind(path))


def _one(path: Path) -> PersonRecord:
    (person,) = _csv(path).people
    return person


def _google_new_row(**cells: str) -> list[str]:
    row = dict.fromkeys(GOOGLE_NEW, "")
    row.update(cells)
    return [row[name] for name in GOOGLE_NEW]


def test_outlook_csv_german_localized_headers_ragged_row(data_file: Sample) -> None:
    path = data_file("google-csv/outlook_importer__outlook_2007_de.csv")
    assert detect_kind(path) == "outlook_csv"
    person = _one(path)
    assert (person.name, person.given_name, person.family_name) == (
        "Robin Example",
        "Robin",
        "Example",
    )
    assert (person.org, person.emails, person.phones) == (
        "Coding Robin",
        ("robin@example.de",),
        ("+49 1600000",),
    )
    assert person.urls == ("http://example.de",)  # the last field of a row one short
    assert person.birthday is None  # "0.0.00" is Outlook's empty date
    assert person.notes is None  # Notizen held only a newline


def test_outlook_csv_semicolon_windows_live_mail(data_file: Sample) -> None:
    path = data_file("google-csv/outlook_importer__windows_live_mail_de.csv")
    person = _one(path)
    assert (person.name, person.emails, person.org) == (
        "Robin Example",
        ("robin@example.de",),
        "Coding Robin",
    )
    assert person.phones == ("+49 160 00000000000",)


def test_thunderbird_csv_basic(data_file: Sample) -> None:
    path = data_file("google-csv/thunderbird__basic_csv_addressbook.csv")
    assert detect_kind(path) == "thunderbird_csv"
    result = _csv(path)
    assert [(p.name, p.emails) for p in result.people] == [
        ("John Doe", ("john@doe.invalid",)),
        ("Jane Doe", ("jane@doe.invalid",)),
    ]
    assert [p.line for p in result.people] == [2, 3]


def test_thunderbird_csv_semicolon_and_other_column_order(data_file: Sample) -> None:
    path = data_file("google-csv/thunderbird__csv_semicolon.csv")
    assert detect_kind(path) == "thunderbird_csv"
    assert [p.given_name for p in _csv(path).people] == ["John", "Jane"]


def test_thunderbird_csv_split_birthday(corpus_file: Sample) -> None:
    person = _one(corpus_file("google-csv/roundcube__thunderbird_export.csv"))
    assert person.birthday == Birthday(11, 15, 1970)
    assert (person.name, person.nickname) == ("Displayname", "Nick")
    assert person.emails == ("test@domain.tld", "next@domain.tld")


def test_google_csv_legacy_header_groups_and_primary_marker(corpus_file: Sample) -> None:
    path = corpus_file("google-csv/roundcube__gmail_legacy_google_csv.csv")
    assert detect_kind(path) == "google_csv"
    person = _one(path)
    assert person.emails[0] == "home@aaa.pl"  # "* Home" marks the primary value
    assert person.tags == ("Test",)  # "* My Contacts" is a system group
    assert person.notes == 'note"note'
    assert person.birthday == Birthday(12, 12, 1975)
    assert (person.org, person.title) == ("company", "jobtitle")
    assert person.related == (RelatedRecord("spouse", "spouse"),)


def test_outlook_csv_email_columns_only(corpus_file: Sample) -> None:
    person = _one(corpus_file("google-csv/roundcube__outlook_email_columns.csv"))
    assert person.emails == ("test1@domain.tld", "test2@domain.tld", "test3@domain.tld")
    assert person.name == "test1@domain.tld"


def test_google_csv_new_header_labels_and_birthday_without_year(tmp_path: Path) -> None:
    row = _google_new_row(
        **{
            "First Name": "Ann",
            "Last Name": "Lee",
            "Organization Name": "Acme",
            "Organization Title": "CTO",
            "Birthday": "--03-07",
            "Labels": "* myContacts ::: * starred ::: Family",
            "E-mail 1 - Label": "* Work",
            "E-mail 1 - Value": "ann@acme.example ::: ann@lee.example",
            "Website 1 - Value": "https://www.linkedin.com/in/annlee",
            "Relation 1 - Label": "Spouse",
            "Relation 1 - Value": "Bo",
        }
    )
    path = write_csv(tmp_path / "contacts.csv", GOOGLE_NEW, [row], encoding="utf-8-sig")
    assert detect_kind(path) == "google_csv"
    person = _one(path)
    assert person.birthday == Birthday(3, 7, None)
    assert person.tags == ("Family",)
    assert person.emails == ("ann@acme.example", "ann@lee.example")  # " ::: " splits values
    assert person.linkedin_url == "https://www.linkedin.com/in/annlee"
    assert person.related == (RelatedRecord("spouse", "Bo"),)


def test_google_csv_utf16_with_bom(tmp_path: Path) -> None:
    row = _google_new_row(**{"First Name": "Zoë", "E-mail 1 - Value": "zoe@example.com"})
    path = write_csv(tmp_path / "google.csv", GOOGLE_NEW, [row], encoding="utf-16")
    assert _one(path).name == "Zoë"


def test_outlook_csv_english_cp1252_multiline_notes(tmp_path: Path) -> None:
    row = [
        "Mr.",
        "José",
        "",
        "Núñez",
        "",
        "Acme",
        "",
        "CTO",
        "",
        "Madrid",
        "+34 600 000 000",
        "3/7/1980",
        "jose@acme.example",
        "SMTP",
        "José Núñez (jose@acme.example)",
        "",
        "Line 1\r\nLine 2",
        "",
    ]
    path = write_csv(
        tmp_path / "outlook.csv",
        OUTLOOK_EN_HEAD,
        [row],
        encoding="cp1252",
        newline="\r\n",
        quote_all=True,
    )
    assert detect_kind(path) == "outlook_csv"
    person = _one(path)
    assert (person.name, person.family_name) == ("José Núñez", "Núñez")
    assert person.notes == "Line 1\r\nLine 2"
    assert person.birthday == Birthday(3, 7, 1980)
    assert person.location == "Madrid"


# Outlook in French, in the order of its export (names as reported in formats.md §2.3's
# sources): two "Titre" columns (courtesy title, then job title), "Société " and
# "Service " with a trailing space, dates day first.
OUTLOOK_FR_HEAD = [
    "Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société ", "Service ", "Titre",
    "Rue (bureau)", "Ville (bureau)", "Pays (bureau)", "Téléphone (bureau)", "Tél. mobile",
    "Adresse de messagerie", "Type de messagerie", "Nom complet de l'adresse de messagerie",
    "Adresse de messagerie 2", "Anniversaire", "Catégories", "Notes", "Page Web",
]  # fmt: skip


def test_outlook_csv_french_localized_headers_two_titre_columns_day_first(
    tmp_path: Path,
) -> None:
    row = [
        "M.", "François", "", "Lefèvre", "", "Société Générale", "Risques", "Analyste",
        "29 bd Haussmann", "Paris", "France", "+33 1 42 14 20 00", "+33 6 12 34 56 78",
        "f.lefevre@example.fr", "SMTP", "François Lefèvre (f.lefevre@example.fr)",
        "francois@example.org", "05/04/1980", "Travail;Anciens", "Vu à Lyon", "",
    ]  # fmt: skip
    path = write_csv(
        tmp_path / "contacts.csv",
        OUTLOOK_FR_HEAD,
        [row],
        encoding="cp1252",
        delimiter=";",
        newline="\r\n",
        quote_all=True,
    )
    assert detect_kind(path) == "outlook_csv"
    person = _one(path)
    assert (person.name, person.given_name, person.family_name) == (
        "François Lefèvre",
        "François",
        "Lefèvre",
    )
    assert (person.org, person.title) == ("Société Générale", "Analyste")  # not "M."
    assert person.emails == ("f.lefevre@example.fr", "francois@example.org")
    assert person.phones == ("+33 6 12 34 56 78", "+33 1 42 14 20 00")  # mobile first
    assert person.birthday == Birthday(4, 5, 1980)  # 5 April: the day comes first
    assert person.location == "Paris, France"
    assert person.tags == ("Travail", "Anciens")
    assert person.notes == "Vu à Lyon"


def test_outlook_csv_english_dates_stay_month_first_beside_the_french(tmp_path: Path) -> None:
    row = ["", "Ann", "", "Lee", "", "", "", "", "", "", "", "05/04/1980", "ann@example.com"]
    row += [""] * (len(OUTLOOK_EN_HEAD) - len(row))
    person = _one(write_csv(tmp_path / "outlook.csv", OUTLOOK_EN_HEAD, [row]))
    assert person.birthday == Birthday(5, 4, 1980)  # May 4 in English Outlook


def test_outlook_csv_empty_date_placeholder(tmp_path: Path) -> None:
    row = ["", "Ann", "", "Lee", "", "", "", "", "", "", "", "0/0/00", "ann@example.com"]
    row += [""] * (len(OUTLOOK_EN_HEAD) - len(row))
    person = _one(write_csv(tmp_path / "outlook.csv", OUTLOOK_EN_HEAD, [row]))
    assert person.birthday is None


def test_csv_contacts_row_without_identity_is_skipped(tmp_path: Path) -> None:
    rows = [["", "", "", "", "", ""], ["Ann", "Lee", "", "", "ann@example.com", ""]]
    header = ["First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Notes"]
    result = _csv(write_csv(tmp_path / "tb.csv", header, rows))
    assert [p.name for p in result.people] == ["Ann Lee"]
    assert [(s.line, s.reason) for s in result.skipped] == [(2, "row has no name, email or phone")]


def test_csv_contacts_unknown_header_raises_naming_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "numbers.csv", ["a", "b"], [["1", "2"]])
    with pytest.raises(ImportFormatError, match=r"^Could not read `numbers.csv`: no header row"):
        parse(path, "google_csv")


def test_csv_contacts_file_cut_off_inside_a_quote(tmp_path: Path) -> None:
    header = ["First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Notes"]
    whole = write_csv(tmp_path / "tb.csv", header, [["Ann", "Lee", "", "", "ann@example.com", ""]])
    cut = tmp_path / "cut.csv"
    text = whole.read_bytes().decode() + 'Ben,Okafor,,,ben@example.com,"Met at the PyCon'
    cut.write_bytes(text.encode())
    result = _csv(cut)
    assert [p.name for p in result.people] == ["Ann Lee"]  # not a Ben with half a note
    assert [(s.line, s.reason) for s in result.skipped] == [
        (3, "this row never ends (its quote is not closed): the file looks cut off")
    ]


def test_csv_contacts_stray_quote_inside_a_field_is_not_a_cut(tmp_path: Path) -> None:
    header = ["First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Notes"]
    path = tmp_path / "tb.csv"
    path.write_bytes(
        (",".join(header) + '\r\nAnn,Lee,,,ann@example.com,has a 27" screen\r\n').encode()
    )
    result = _csv(path)
    assert [p.name for p in result.people] == ["Ann Lee"] and result.skipped == ()
