"""The shared value parsers: every LinkedIn date shape in formats.md §1.8, URLs, emails."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kith.importers import Birthday
from kith.importers.values import (
    normalize_email,
    normalize_linkedin_url,
    parse_birthday,
    parse_date,
    parse_datetime,
    strip_html,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04 Jul 2023", datetime(2023, 7, 4, tzinfo=UTC)),  # Connections, 2020s
        ("6/17/23, 6:18 AM", datetime(2023, 6, 17, 6, 18, tzinfo=UTC)),  # 2018-style stamps
        ("09/19/24, 12:47 AM", datetime(2024, 9, 19, 0, 47, tzinfo=UTC)),  # Recommendations
        ("12/24/23, 12:05 PM", datetime(2023, 12, 24, 12, 5, tzinfo=UTC)),
        ("2024-12-16 18:24:37 UTC", datetime(2024, 12, 16, 18, 24, 37, tzinfo=UTC)),  # messages
        ("2024/12/07 14:51:07 UTC", datetime(2024, 12, 7, 14, 51, 7, tzinfo=UTC)),  # endorsements
        ("Tue Jun 20 12:25:51 UTC 2023", datetime(2023, 6, 20, 12, 25, 51, tzinfo=UTC)),  # Java
        ("2024-03-17 18:03:34", datetime(2024, 3, 17, 18, 3, 34, tzinfo=UTC)),  # no zone
        ("2022-08-05 08:11 UTC", datetime(2022, 8, 5, 8, 11, tzinfo=UTC)),  # Learning
        ("May 07, 2022 08:00 AM - May 07, 2022 11:00 AM", datetime(2022, 5, 7, 8, 0, tzinfo=UTC)),
        ("6-Feb-26", datetime(2026, 2, 6, tzinfo=UTC)),  # Excel re-save
        ("18-Jun-24", datetime(2024, 6, 18, tzinfo=UTC)),
    ],
)
def test_linkedin_date_formats(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected
    assert parse_date(text) == expected.date()


@pytest.mark.parametrize("text", ["", "soon", "31 Foo 2023", "13/45/23, 1:00 AM", "9" * 5000])
def test_unreadable_dates_are_none(text: str) -> None:
    assert parse_datetime(text) is None
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 7", Birthday(3, 7)),  # Profile 2024, no year
        ("Feb 17, 1998", Birthday(2, 17, 1998)),  # Profile 2018
        ("--0203", Birthday(2, 3)),  # vCard 4.0
        ("--02-03", Birthday(2, 3)),  # Google
        ("19800322", Birthday(3, 22, 1980)),  # Outlook 2.1
        ("1980-03-22", Birthday(3, 22, 1980)),
        ("--0230", None),
        ("circa 1800", None),
        ("Mar " + "9" * 5000, None),  # int() refuses such strings; no crash
    ],
)
def test_birthday_shapes(text: str, expected: Birthday | None) -> None:
    assert parse_birthday(text) == expected


def test_month_names_do_not_depend_on_the_locale() -> None:
    assert parse_date("01 Dez 2023") == date(2023, 12, 1)  # a German re-save
    assert parse_date("01 Dec 2023") == date(2023, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.linkedin.com/in/ann", "https://www.linkedin.com/in/ann"),
        ("www.linkedin.com/in/ann", "https://www.linkedin.com/in/ann"),  # endorsements
        ("https://de.linkedin.com/in/Ann/?trk=x", "https://www.linkedin.com/in/ann"),
        ("https://www.linkedin.com/in/%E7%8E%8B", "https://www.linkedin.com/in/王"),
        ("https://www.linkedin.com/company/acme", None),
        ("https://evil.example/in/ann", None),
        ("urn:li:member:123", None),
        ("", None),
    ],
)
def test_linkedin_url_normalization(text: str, expected: str | None) -> None:
    assert normalize_linkedin_url(text) == expected


def test_email_normalization() -> None:
    assert normalize_email(" MAILTO:Ann@Example.COM ") == "ann@example.com"
    assert normalize_email("<ann@example.com>") == "ann@example.com"
    assert normalize_email("not an email") is None


def test_html_stripped_only_when_present() -> None:
    plain = "no markup & co"
    assert strip_html(plain) == "no markup & co"
    assert strip_html("<p>a</p><p>b<br>c</p>") == "a\nb\nc"
