"""LinkedIn Connections.csv: one test per quirk in formats.md §1.2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from kith.importers import ImportOptions, PersonRecord, parse
from tests.importers.conftest import NOW, write_csv
from tests.importers.linkedin_headers import (
    CONNECTIONS,
    CONNECTIONS_2018,
    CONNECTIONS_PREAMBLE,
)


def _people(path: Path) -> dict[str, PersonRecord]:
    result = parse(path, "linkedin", ImportOptions(), now=NOW)
    return {p.name: p for p in result.people}


def test_linkedin_connections_preamble_with_bom(data_file: Callable[[str], Path]) -> None:
    result = parse(data_file("linkedin/kawsay__Connections.csv"), "linkedin", now=NOW)
    jose, aesop = result.people
    assert (jose.name, jose.org, jose.title) == ("José García", "Acme, Inc.", "Senior Engineer")
    assert jose.emails == ()
    assert jose.connected_on == date(2024, 1, 15)
    assert jose.line == 5  # BOM + 3 preamble lines + header
    assert aesop.name == "Æsop Fontaine"
    assert aesop.emails == ("aesop@example.com",)
    assert aesop.title == "Director, Operations"


def test_linkedin_connections_short_preamble_all_emails_empty(
    data_file: Callable[[str], Path],
) -> None:
    result = parse(data_file("linkedin/network-jobs__Connections.csv"), "linkedin", now=NOW)
    assert len(result.people) == 10
    assert all(p.emails == () for p in result.people)
    assert result.people[0].linkedin_url == "https://www.linkedin.com/in/ada"
    assert result.people[0].external_id == "person:https://www.linkedin.com/in/ada"
    assert result.skipped == ()


def test_linkedin_connections_url_column_last_mapped_by_name(
    data_file: Callable[[str], Path],
) -> None:
    people = _people(data_file("linkedin/lni__Connections_nonstandard.csv"))
    alice = people["Alice Johnson"]
    assert alice.linkedin_url == "https://www.linkedin.com/in/alicejohnson"  # no www. in file
    assert alice.emails == ("alice.johnson@techcorp.com",)
    assert (alice.org, alice.title, alice.connected_on) == ("TechCorp", "CTO", date(2023, 1, 15))


def test_linkedin_connections_without_preamble(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "Connections.csv",
        CONNECTIONS,
        [["Ann", "Lee", "https://www.linkedin.com/in/annlee", "", "Acme", "CTO", "04 Jul 2023"]],
    )
    (person,) = parse(path, "linkedin", now=NOW).people
    assert (person.name, person.connected_on, person.line) == ("Ann Lee", date(2023, 7, 4), 2)


def test_linkedin_connections_2018_layout_without_url_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "Connections.csv",
        CONNECTIONS_2018,
        [["Ann", "Lee", "ann@example.com", "Acme", "CTO", "1/8/18, 6:14 PM"]],
    )
    (person,) = parse(path, "linkedin", now=NOW).people
    assert person.linkedin_url is None
    assert person.external_id == "person:email:ann@example.com"
    assert person.connected_on == date(2018, 1, 8)


def test_linkedin_connections_excel_resave_crlf_and_d_mon_yy_dates(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "Connections.csv",
        CONNECTIONS,
        [
            ["Ann", "Lee", "https://www.linkedin.com/in/annlee", "", "Acme", "CTO", "6-Feb-26"],
            ["Bo", "Chan", "https://www.linkedin.com/in/bochan", "", "Beta", "PM", "18-Jun-24"],
        ],
        newline="\r\n",
    )
    people = parse(path, "linkedin", now=NOW).people
    assert [p.connected_on for p in people] == [date(2026, 2, 6), date(2024, 6, 18)]
    assert [p.line for p in people] == [2, 3]


def test_linkedin_connections_iso_dates(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "Connections.csv",
        CONNECTIONS,
        [["Ann", "Lee", "https://www.linkedin.com/in/annlee", "", "", "", "2023-07-04"]],
    )
    assert parse(path, "linkedin", now=NOW).people[0].connected_on == date(2023, 7, 4)


def test_linkedin_connections_rows_without_identity_are_skipped_not_merged(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "Connections.csv",
        CONNECTIONS,
        [
            ["", "", "", "", "", "", "16 Dec 2024"],
            ["", "", "", "", "", "", "17 Dec 2024"],
            ["Ann", "Lee", "https://www.linkedin.com/in/annlee", "", "", "", "16 Dec 2024"],
        ],
        preamble=CONNECTIONS_PREAMBLE,
    )
    result = parse(path, "linkedin", now=NOW)
    assert [p.name for p in result.people] == ["Ann Lee"]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (5, "no name or profile URL (a hidden or deleted member)"),
        (6, "no name or profile URL (a hidden or deleted member)"),
    ]


def test_linkedin_connections_profile_urls_normalized(tmp_path: Path) -> None:
    urls = [
        "https://www.linkedin.com/in/AnnLee/",
        "http://linkedin.com/in/bo-chan?trk=public_profile",
        "https://WWW.LinkedIn.com/in/%C3%A2ngela",
    ]
    rows = [[f"P{i}", "X", url, "", "", "", "04 Jul 2023"] for i, url in enumerate(urls)]
    path = write_csv(tmp_path / "Connections.csv", CONNECTIONS, rows)
    assert [p.linkedin_url for p in parse(path, "linkedin", now=NOW).people] == [
        "https://www.linkedin.com/in/annlee",
        "https://www.linkedin.com/in/bo-chan",
        "https://www.linkedin.com/in/ângela",
    ]


def test_linkedin_connections_credentials_tabs_and_emoji_in_names(tmp_path: Path) -> None:
    rows = [
        ["Jin\t", "Park, CFA, FRM", "https://www.linkedin.com/in/jpark", "", "", "", ""],
        ["Dr. Diana 🍀", "Prince  ", "https://www.linkedin.com/in/dp", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "Connections.csv", CONNECTIONS, rows)
    jin, diana = parse(path, "linkedin", now=NOW).people
    assert (jin.name, jin.family_name) == ("Jin Park", "Park")
    assert (diana.name, diana.connected_on) == ("Dr. Diana 🍀 Prince", None)


def test_linkedin_connections_placeholder_company_is_no_company(tmp_path: Path) -> None:
    rows = [["Ann", "Lee", "https://www.linkedin.com/in/annlee", "", " -", "Founder", ""]]
    (person,) = parse(write_csv(tmp_path / "Connections.csv", CONNECTIONS, rows), "linkedin").people
    assert (person.org, person.title, person.positions) == (None, "Founder", ())


def test_linkedin_connections_current_company_is_a_position(tmp_path: Path) -> None:
    rows = [["Ann", "Lee", "https://www.linkedin.com/in/annlee", "", "Acme", "CTO", ""]]
    (person,) = parse(write_csv(tmp_path / "Connections.csv", CONNECTIONS, rows), "linkedin").people
    (position,) = person.positions
    assert (position.org, position.title, position.ended_on) == ("Acme", "CTO", None)


def test_linkedin_connections_reimport_gives_same_ids_and_hashes(
    data_file: Callable[[str], Path],
) -> None:
    path = data_file("linkedin/kawsay__Connections.csv")
    first, second = (parse(path, "linkedin", now=NOW) for _ in range(2))
    assert [p.external_id for p in first.people] == [p.external_id for p in second.people]
    assert [p.content_hash for p in first.people] == [p.content_hash for p in second.people]
    assert len({p.content_hash for p in first.people}) == 2
