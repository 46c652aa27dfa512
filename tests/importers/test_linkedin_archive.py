"""LinkedIn archive handling and the smaller files (formats.md §1.1, §1.4-1.6, §1.9).

No permissively licensed samples exist for these files, so they are built here from the
exact headers in formats.md, with value shapes taken from the real archives.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import (
    Birthday,
    ImportOptions,
    ParseResult,
    PartialDate,
    ParticipantRef,
    detect_kind,
    parse,
)
from tests.importers.conftest import NOW, csv_text, write_csv
from tests.importers.linkedin_headers import (
    CONNECTIONS,
    CONNECTIONS_PREAMBLE,
    EMAIL_ADDRESSES,
    ENDORSEMENTS_GIVEN,
    ENDORSEMENTS_RECEIVED,
    INVITATIONS_2018,
    INVITATIONS_2024,
    INVITATIONS_JAN_2024,
    MESSAGES_2024,
    PHONE_NUMBERS,
    POSITIONS,
    PROFILE_2018,
    PROFILE_2024,
    RECOMMENDATIONS,
)

ANN_URL = "https://www.linkedin.com/in/annlee"
CONNECTION_ROWS = [["Ann", "Lee", ANN_URL, "", "Acme", "CTO", "16 Dec 2024"]]
MESSAGE_ROWS = [
    [
        "2-a==",
        "",
        "Ann Lee",
        ANN_URL,
        "Me Myself",
        "https://www.linkedin.com/in/me",
        "2024-12-16 18:24:37 UTC",
        "",
        "hi",
        "INBOX",
    ],
]


def _parse(path: Path, **options: object) -> ParseResult:
    return parse(path, "linkedin", ImportOptions(**options), now=NOW)  # type: ignore[arg-type]


def _archive_files() -> dict[str, str]:
    return {
        "Connections.csv": CONNECTIONS_PREAMBLE + csv_text(CONNECTIONS, CONNECTION_ROWS),
        "Messages.csv": csv_text(MESSAGES_2024, MESSAGE_ROWS),
        "Profile.csv": csv_text(
            PROFILE_2024,
            [
                [
                    "Me",
                    "Myself",
                    "",
                    "",
                    "Mar 7",
                    "Builder",
                    "",
                    "Software",
                    "",
                    "Berlin",
                    "",
                    "",
                    "",
                ]
            ],
        ),
        "Phone Numbers.csv": csv_text(PHONE_NUMBERS, [["", "+49 30 1234567", "Mobile"]]),
    }


def test_linkedin_zip_archive_name_variants_in_subfolder(tmp_path: Path) -> None:
    path = tmp_path / "Basic_LinkedInDataExport_12-16-2024.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in _archive_files().items():
            archive.writestr(f"export/{name}", text)
    assert detect_kind(path) == "linkedin"
    result = _parse(path)
    assert [p.name for p in result.people] == ["Ann Lee"]
    assert len(result.interactions) == 1  # "Messages.csv" (2018 name) read as messages.csv
    assert result.me is not None and result.me.phones == ("+49 30 1234567",)
    assert result.source == path.name


def test_linkedin_extracted_folder(tmp_path: Path) -> None:
    for name, text in _archive_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert detect_kind(tmp_path) == "linkedin"
    result = _parse(tmp_path)
    assert len(result.people) == 1 and len(result.interactions) == 1
    assert result.me is not None and result.me.name == "Me Myself"


def test_linkedin_profile_name_decides_who_sent_messages(tmp_path: Path) -> None:
    for name, text in _archive_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (message,) = _parse(tmp_path).interactions
    assert message.initiator == "them"
    assert message.participants == (ParticipantRef(name="Ann Lee", linkedin_url=ANN_URL),)


def test_linkedin_invitations_direction_is_who_made_first_contact(tmp_path: Path) -> None:
    rows = [
        [
            "Ann Lee",
            "Me Myself",
            "6/17/23, 6:18 AM",
            "",
            "INCOMING",
            ANN_URL,
            "https://www.linkedin.com/in/me",
        ],
        [
            "Me Myself",
            "Bo Chan",
            "12/1/24, 11:05 PM",
            "Hi Bo!",
            "OUTGOING",
            "https://www.linkedin.com/in/me",
            "https://www.linkedin.com/in/bochan",
        ],
    ]
    result = _parse(write_csv(tmp_path / "Invitations.csv", INVITATIONS_2024, rows))
    incoming, outgoing = result.invitations
    assert (incoming.direction, incoming.initiator) == ("incoming", "them")
    assert incoming.counterpart == ParticipantRef(name="Ann Lee", linkedin_url=ANN_URL)
    assert incoming.sent_at == datetime(2023, 6, 17, 6, 18, tzinfo=UTC)
    assert (outgoing.initiator, outgoing.has_message, outgoing.message) == ("me", True, None)
    assert outgoing.counterpart.name == "Bo Chan"
    touches = result.interactions
    assert [(t.intent, t.initiator, t.channel) for t in touches] == [
        ("connect", "them", "message"),
        ("connect", "me", "message"),
    ]


def test_linkedin_invitations_jan_2024_urn_columns_are_not_urls(tmp_path: Path) -> None:
    rows = [
        [
            "Ann Lee",
            "Me Myself",
            "1/5/24, 9:00 AM",
            "",
            "INCOMING",
            "urn:li:member:123",
            "urn:li:member:456",
        ]
    ]
    result = _parse(write_csv(tmp_path / "Invitations.csv", INVITATIONS_JAN_2024, rows))
    assert result.invitations[0].counterpart == ParticipantRef(name="Ann Lee")


def test_linkedin_invitations_2018_header(tmp_path: Path) -> None:
    rows = [["Me Myself", "Ann Lee", "3/2/18, 10:15 PM", "", "OUTGOING"]]
    result = _parse(write_csv(tmp_path / "Invitations.csv", INVITATIONS_2018, rows))
    (invitation,) = result.invitations
    assert (invitation.initiator, invitation.counterpart.name) == ("me", "Ann Lee")
    assert invitation.sent_at == datetime(2018, 3, 2, 22, 15, tzinfo=UTC)


def test_linkedin_endorsements_received_are_them_giving(tmp_path: Path) -> None:
    rows = [
        [
            "2024/12/07 14:51:07 UTC",
            "Python",
            "Ann",
            "Lee",
            "www.linkedin.com/in/annlee",
            "ACCEPTED",
        ]
    ]
    path = write_csv(tmp_path / "Endorsement_Received_Info.csv", ENDORSEMENTS_RECEIVED, rows)
    (touch,) = _parse(path).interactions
    assert (touch.intent, touch.initiator, touch.channel) == ("give", "them", "social_comment")
    assert touch.participants == (ParticipantRef(name="Ann Lee", linkedin_url=ANN_URL),)
    assert touch.occurred_at == datetime(2024, 12, 7, 14, 51, 7, tzinfo=UTC)
    assert touch.summary == "Endorsed you for Python"


def test_linkedin_endorsements_given_are_me_giving(tmp_path: Path) -> None:
    rows = [
        ["2024/12/08 09:00:00 UTC", "SQL", "Ann", "Lee", "www.linkedin.com/in/annlee", "ACCEPTED"]
    ]
    path = write_csv(tmp_path / "Endorsement_Given_Info.csv", ENDORSEMENTS_GIVEN, rows)
    (touch,) = _parse(path).interactions
    assert (touch.intent, touch.initiator) == ("give", "me")


def test_linkedin_recommendations_received_and_given_directions(tmp_path: Path) -> None:
    received = [
        ["Ann", "Lee", "Acme", "CTO", "A <b>great</b> colleague.", "12/24/23, 05:28 AM", "VISIBLE"]
    ]
    given = [["Bo", "Chan", "Beta", "PM", "Sharp PM.", "09/19/24, 12:47 AM", ""]]
    write_csv(tmp_path / "Recommendations_Received.csv", RECOMMENDATIONS, received)
    write_csv(tmp_path / "Recommendations_Given.csv", RECOMMENDATIONS, given)
    touches = _parse(tmp_path, keep_content=True).interactions
    assert [(t.participants[0].name, t.initiator, t.intent) for t in touches] == [
        ("Ann Lee", "them", "give"),
        ("Bo Chan", "me", "give"),
    ]
    assert touches[0].content == "A great colleague."
    assert touches[0].occurred_at == datetime(2023, 12, 24, 5, 28, tzinfo=UTC)


def _own_files(folder: Path) -> Path:
    write_csv(folder / "Profile.csv", PROFILE_2024, [[
        "Me", "Myself", "", "", "Mar 7", "Builder of things", "", "Software", "10115",
        "Berlin, Germany", "[mehandle]", "[PORTFOLIO:https://me.example]", "[SKYPE:me]",
    ]])  # fmt: skip
    write_csv(folder / "Positions.csv", POSITIONS, [
        ["Acme", "CTO", "", "Berlin", "Nov 2022", ""],
        ["Beta", "Engineer", "", "", "2017", "Oct 2022"],
    ])  # fmt: skip
    write_csv(folder / "Email Addresses.csv", EMAIL_ADDRESSES, [
        ["old@example.com", "Yes", "No", "1/8/18, 6:14 PM"],
        ["Me@Example.com", "Yes", "Yes", "1/8/18, 6:14 PM"],
    ])  # fmt: skip
    return folder


def test_linkedin_own_profile_birth_date_without_year_and_bracketed_lists(tmp_path: Path) -> None:
    me = _parse(_own_files(tmp_path)).me
    assert me is not None
    assert (me.name, me.headline, me.industry, me.location) == (
        "Me Myself", "Builder of things", "Software", "Berlin, Germany",
    )  # fmt: skip
    assert me.birthday == Birthday(3, 7, None)
    assert me.urls == ("https://me.example", "https://twitter.com/mehandle")


def test_linkedin_own_positions_month_year_and_year_only(tmp_path: Path) -> None:
    me = _parse(_own_files(tmp_path)).me
    assert me is not None
    current, earlier = me.positions
    assert (current.org, current.started_on, current.ended_on) == (
        "Acme",
        PartialDate(2022, 11),
        None,
    )
    assert (earlier.started_on, earlier.ended_on) == (PartialDate(2017), PartialDate(2022, 10))


def test_linkedin_own_email_addresses_primary_first(tmp_path: Path) -> None:
    me = _parse(_own_files(tmp_path)).me
    assert me is not None and me.emails == ("me@example.com", "old@example.com")


def test_linkedin_profile_2018_birth_date_with_year(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "Profile.csv",
        PROFILE_2018,
        [
            [
                "Me",
                "Myself",
                "",
                "",
                "Feb 17, 1998",
                "",
                "Hi",
                "",
                "",
                "DE",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )
    me = _parse(tmp_path).me
    assert me is not None and me.birthday == Birthday(2, 17, 1998)


def test_linkedin_legacy_utf16_tab_separated_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "Invitations.csv",
        INVITATIONS_2018,
        [["Ann Lee", "Me Myself", "6/17/18, 6:18 AM", "", "INCOMING"]],
        encoding="utf-16",
        delimiter="\t",
        quote_all=True,
    )
    assert path.read_bytes()[:2] == b"\xff\xfe"
    assert _parse(path).invitations[0].counterpart.name == "Ann Lee"


def test_linkedin_xlsx_in_disguise_is_a_warning_not_an_abort(tmp_path: Path) -> None:
    write_csv(tmp_path / "Connections.csv", CONNECTIONS, CONNECTION_ROWS)
    (tmp_path / "Invitations.csv").write_bytes(b"PK\x03\x04 not really a csv")
    result = _parse(tmp_path)
    assert len(result.people) == 1
    (warning,) = result.warnings
    assert warning.startswith("Could not read `Invitations.csv`: this is a spreadsheet (.xlsx)")


def test_linkedin_single_file_recognized_by_header_not_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "connections (1).csv", CONNECTIONS, CONNECTION_ROWS)
    assert detect_kind(path) == "linkedin"
    assert [p.name for p in _parse(path).people] == ["Ann Lee"]


def test_linkedin_zip_without_export_files_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cat.txt", "meow")
    with pytest.raises(ImportFormatError, match=r"Could not read `photos.zip`"):
        _parse(path)


def test_linkedin_broken_single_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("just some words\nand more\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        _parse(path)
    assert str(caught.value).startswith("Could not read `Connections.csv`: no header row found")


def test_linkedin_position_dates_month_year_and_year_only() -> None:
    from kith.importers.values import parse_partial_date

    assert parse_partial_date("Nov 2022") == PartialDate(2022, 11)
    assert parse_partial_date("2017") == PartialDate(2017)
    assert parse_partial_date("") is None
    assert PartialDate(2022, 11).as_date() == date(2022, 11, 1)


def test_linkedin_invitation_from_a_hidden_member_is_skipped(tmp_path: Path) -> None:
    rows = [["LinkedIn Member", "Me Myself", "6/17/23, 6:18 AM", "", "INCOMING", "", ""]]
    result = _parse(write_csv(tmp_path / "Invitations.csv", INVITATIONS_2024, rows))
    assert (result.invitations, result.interactions) == ((), ())
    assert [s.reason for s in result.skipped] == [
        'a deleted or hidden LinkedIn member ("LinkedIn Member", no profile URL)'
    ]
