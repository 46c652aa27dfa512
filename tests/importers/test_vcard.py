"""vCard 2.1 / 3.0 / 4.0: one test per quirk in formats.md §3."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import Birthday, ParseResult, PersonRecord, RelatedRecord, parse

Sample = Callable[[str], Path]


def _cards(path: Path) -> ParseResult:
    return parse(path, "vcard")


def _one(path: Path) -> PersonRecord:
    (person,) = _cards(path).people
    return person


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contacts.vcf"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def test_vcard_quoted_printable_charset(data_file: Sample) -> None:
    result = _cards(data_file("vcard/ez-vcard__John_Doe_ANDROID.vcf"))
    assert len(result.people) == 6 and result.skipped == ()
    third = result.people[2]
    assert third.name == "Ñ Ñ Ñ Ñ Ñ"
    assert third.phones == ("123456789",)


def test_vcard_quoted_printable_soft_breaks_unindented(data_file: Sample) -> None:
    person = _cards(data_file("vcard/ez-vcard__John_Doe_ANDROID.vcf")).people[3]
    assert person.name == " ".join(["Ñ"] * 11)  # N/FN continued on unindented lines
    assert person.notes is not None and person.notes.count("Ñ") == 42


def test_vcard_cards_with_only_an_email_use_it_as_name(data_file: Sample) -> None:
    first = _cards(data_file("vcard/ez-vcard__John_Doe_ANDROID.vcf")).people[0]
    assert (first.name, first.emails, first.tags) == (
        "john.doe@company.com",
        ("john.doe@company.com",),
        ("My Contacts",),
    )


def test_vcard_outlook_qp_note_with_crlf_escapes(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__outlook-2007.vcf"))
    assert person.notes is not None
    assert person.notes.splitlines()[:2] == [
        "This is the NOTE field\t",
        "I assume it encodes this text inside a NOTE vCard type.",
    ]


def test_vcard_outlook_base64_blocks_ending_in_empty_line(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__outlook-2007.vcf"))
    assert person.emails == ("mike.angstadt@gmail.com",)  # after the empty-line KEY block
    assert set(person.related) == {
        RelatedRecord("manager", "TheManagerName"),
        RelatedRecord("assistant", "TheAssistantName"),
        RelatedRecord("spouse", "TheSpouse"),
    }


def test_vcard_bday_compact_outlook(data_file: Sample) -> None:
    assert _one(data_file("vcard/ez-vcard__outlook-2007.vcf")).birthday == Birthday(3, 10, 1922)


def test_vcard_photo_skipped_safely(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__John_Doe_IPHONE.vcf"))  # \r\r\n, 46 KB PHOTO
    assert person.name == "Mr. John Richter James Doe Sr."
    assert len(person.phones) == 7
    assert person.birthday == Birthday(6, 6, 2012)
    assert "PHOTO" not in repr(person)


def test_vcard_grouped_properties_with_ablabel(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__gmail-single2.vcf"))
    kinds = [r.kind for r in person.related]
    assert kinds[:4] == ["related", "spouse", "child", "mother"]  # item11 = _$!<Spouse>!$_
    assert "customrelationcategory" in kinds
    assert "customcategory@example.com" in person.emails
    assert len(person.emails) == 5 and len(person.phones) == 11


def test_vcard_escaped_comma_in_n_and_unescaped_comma_in_fn(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__John_Doe_GMAIL.vcf"))
    assert person.name == "Mr. John Richter, James Doe Sr."  # vobject would cut at the comma
    assert (person.given_name, person.family_name) == ("John", "Doe")


def test_vcard_note_escapes(data_file: Sample) -> None:
    notes = _one(data_file("vcard/ez-vcard__John_Doe_GMAIL.vcf")).notes
    assert notes is not None
    assert 'CONTRIBUTORS "AS IS" AND' in notes
    assert "INCLUDING, BUT NOT LIMITED TO" in notes
    assert "SERVICES; LOSS OF USE" in notes
    assert notes.endswith("DAMAGE.\nFavotire Color: Blue")


def test_vcard_escaped_colon_in_url(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__John_Doe_GMAIL.vcf"))
    assert person.urls == ("http://www.ibm.com",)
    assert person.related == (RelatedRecord("spouse", "Jenny"),)


def test_vcard_bday_without_year(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__rfc6350-example.vcf"))
    assert person.birthday == Birthday(2, 3, None)


def test_vcard_v4_tel_uri_and_pref(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__rfc6350-example.vcf"))
    assert person.phones == ("+1-418-656-9254;ext=102", "+1-418-262-6501")


def test_vcard_org_with_units(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__John_Doe_EVOLUTION.vcf"))
    assert (person.org, person.title) == ("IBM", "Money Counter")
    assert person.external_id == "person:uid:477343c8e6bf375a9bac1f96a5000837"


def test_vcard_several_org_title_and_altid_bday(data_file: Sample) -> None:
    person = _one(data_file("vcard/ez-vcard__fullcontact.vcf"))
    assert [(p.org, p.title) for p in person.positions] == [
        ("Organization1", "Title1"),
        ("Organization2", "Title2"),
    ]
    assert person.birthday == Birthday(8, 1, 2016)
    assert person.urls[0] == "http://www.homepage.com"  # PHOTO URLs are not web pages


def test_vcard_escaped_comma_categories_is_one_tag(data_file: Sample) -> None:
    name = "vcard/ez-vcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf"
    assert _one(data_file(name)).tags == ("category1, category2, category3",)


def test_vcard_mixed_line_endings_and_charset_in_v3(data_file: Sample) -> None:
    name = "vcard/ez-vcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf"
    person = _one(data_file(name))
    assert (person.name, person.org, person.nickname) == ("John Doe", "TheOrganization", "Johnny")
    assert person.emails[0] == "doe.john@hotmail.com"  # TYPE=PREF first
    assert person.notes is not None and person.notes.startswith("This is the notes field.\n")


def test_vcard_text_bday_is_not_a_date(corpus_file: Sample) -> None:
    person = _one(corpus_file("vcard/khard__text-bday.vcf"))
    assert (person.name, person.birthday) == ("text birthday", None)


def test_vcard_photo_data_uri_v4(corpus_file: Sample) -> None:
    person = _one(corpus_file("vcard/khard__photov4.vcf"))
    assert person.notes == (
        "The RFC6350 for vCard 4.0 specifies that the value for PHOTO shouldbe a single uri."
    )


def test_vcard_windows_1252_raw_8bit(corpus_file: Sample) -> None:
    person = _one(corpus_file("vcard/roundcube__johndoe_windows-1252.vcf"))
    assert person.name == "John Doë"
    assert person.emails == ("roundcube@gmail.com", "inbox@roundcube.net")  # TYPE=pref first


def test_vcard_utf16be_without_bom(corpus_file: Sample) -> None:
    person = _one(corpus_file("vcard/roundcube__utf-16be_nobom.vcf"))
    assert person.name == "Ǽgean ĽdaMonté"
    assert person.location == "LaPaz, Conceptión, Perú"


def test_vcard_quoted_printable_without_charset_is_guessed(corpus_file: Sample) -> None:
    person = _one(corpus_file("vcard/roundcube__thebat_qp_8bit.vcf"))
    # 0xF1 is ń in CP1250 and ñ in CP1252; without a charset we can only guess cp1252
    assert person.family_name == "Iksiñski"
    assert "=F1" not in person.name and "\ufffd" not in person.name


def test_vcard_related_v4(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ann Lee\n"
        "RELATED;TYPE=spouse:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af\n"
        "RELATED;TYPE=friend;VALUE=text:Bo Chan\nEND:VCARD\n"
    )
    assert _one(_write(tmp_path, text)).related == (
        RelatedRecord("spouse", None, "urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af"),
        RelatedRecord("friend", "Bo Chan", None),
    )


def test_vcard_apple_omit_year_birthday(tmp_path: Path) -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12\nEND:VCARD\n"
    assert _one(_write(tmp_path, text)).birthday == Birthday(4, 12, None)


def test_vcard_bad_card_is_skipped_not_an_abort(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:no name here\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Chan\nthis line is garbage\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\n"
    )
    result = _cards(_write(tmp_path, text))
    assert [p.name for p in result.people] == ["Ann Lee", "Bo Chan"]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (6, "card has no name, email or phone"),
        (15, "card has no END:VCARD (file cut off?)"),
    ]
    assert result.warnings == ("`contacts.vcf` line 13: an unreadable property was ignored.",)


def test_vcard_contact_group_is_not_a_person(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Friends\nX-ADDRESSBOOKSERVER-KIND:group\n"
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:1\nEND:VCARD\n"
    )
    result = _cards(_write(tmp_path, text))
    assert result.people == ()
    assert result.skipped[0].reason == "a contact group, not a person"


def test_vcard_apple_company_card_is_not_a_person(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Lisbon Plumbing\nORG:Lisbon Plumbing;\n"
        "TEL;type=WORK:+351 21 000 0000\nX-ABShowAs:COMPANY\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Lima;Ana;;;\nFN:Ana Lima\nORG:Lisbon Plumbing;\n"
        "X-ABShowAs:PERSON\nEND:VCARD\n"
    )
    result = _cards(_write(tmp_path, text))
    assert [p.name for p in result.people] == ["Ana Lima"]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (1, "a company's card (X-ABShowAs: COMPANY), not a person")
    ]


def test_vcard_linkedin_url_is_recognized(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nURL:https\\://www.linkedin.com/in/AnnLee/\nEND:VCARD\n"
    )
    person = _one(_write(tmp_path, text))
    assert (person.linkedin_url, person.urls) == ("https://www.linkedin.com/in/annlee", ())


def test_vcard_repeated_identity_gets_unique_ids(tmp_path: Path) -> None:
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann@example.com\nEND:VCARD\n"
    ids = [p.external_id for p in _cards(_write(tmp_path, card * 2)).people]
    assert ids == ["person:email:ann@example.com", "person:email:ann@example.com#2"]


def test_vcard_not_a_vcard_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.vcf"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"^Could not read `notes.vcf`: no BEGIN:VCARD"):
        _cards(path)


def test_vcard_damaged_quoted_printable_line_without_colon_is_skipped(tmp_path: Path) -> None:
    # found by fuzzing: vobject's line pattern backtracks exponentially on a line with many
    # "=" and no name-value colon, so such a line must never reach it (this one would take
    # hours there); the rest of the card is kept
    damaged = "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE\ufffd8O3" + "=91=20=C3" * 12
    path = _write(
        tmp_path,
        f"BEGIN:VCARD\nVERSION:2.1\nN:Doe;Jane\nFN:Jane Doe\n{damaged}\n"
        "EMAIL;TYPE=INTERNET:jane@example.org\nEND:VCARD\n",
    )
    result = _cards(path)
    (jane,) = result.people
    assert (jane.name, jane.emails, jane.notes) == ("Jane Doe", ("jane@example.org",), None)
    assert result.warnings == ("`contacts.vcf` line 5: an unreadable property was ignored.",)


def test_vcard_colon_inside_a_quoted_parameter_is_not_the_separator(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nURL;X-LABEL="see: blog":https://jane.example\n'
        "END:VCARD\n",
    )
    assert _one(path).urls == ("https://jane.example",)
