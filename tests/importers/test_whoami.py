"""Which address is the user's in a mail or calendar file they did not say it for."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.importers import ImportOptions, ParseResult, parse
from kith.importers.whoami import AddressGuess, guess_my_address
from tests.importers.conftest import NOW

ALEX = "alex@example.org"


def _mail(sender: str, to: str, day: int) -> str:
    return (
        f"From - Mon Mar {day:2d} 10:00:00 2025\n"
        f"From: {sender}\nTo: {to}\nSubject: note {day}\n"
        f"Date: Mon, {day} Mar 2025 10:00:00 +0000\nMessage-ID: <m{day}@example.org>\n\nHi\n\n"
    )


def _mailbox(tmp_path: Path, *mails: tuple[str, str]) -> Path:
    """Alex's mailbox: what Alex sent and what Alex received."""
    path = tmp_path / "alex.mbox"
    path.write_text("".join(_mail(s, t, day) for day, (s, t) in enumerate(mails, start=1)))
    return path


def _read(path: Path, **options: object) -> ParseResult:
    return parse(path, None, ImportOptions(**options), now=NOW)  # type: ignore[arg-type]


ALEXS = (
    (ALEX, "ana@example.org"),
    ("ben@example.org", ALEX),
    (ALEX, "ben@example.org"),
    ("cleo@example.org", f"{ALEX}, dan@example.org"),
)


def test_the_address_in_most_messages_is_taken_for_yours(tmp_path: Path) -> None:
    result = _read(_mailbox(tmp_path, *ALEXS))
    assert result.me is not None and result.me.emails == (ALEX,)
    assert [i.initiator for i in result.interactions] == ["me", "them", "me", "them"]
    everyone = {p.email for i in result.interactions for p in i.participants}
    assert everyone == {"ana@example.org", "ben@example.org", "cleo@example.org", "dan@example.org"}
    assert result.warnings == (
        f"kith took {ALEX} for your own address (you had not given it; it is in 4 of 4 "
        "messages); importing saves it with your addresses. If it is not yours, give yours "
        "first (on the Settings page, or with kith import --my-email YOU@EXAMPLE.COM); a "
        "saved one is "
        "removed in Settings.",
    )


def test_no_guess_when_one_of_your_addresses_is_in_the_file(tmp_path: Path) -> None:
    result = _read(_mailbox(tmp_path, *ALEXS), my_emails={"ben@example.org"})
    assert result.me is None and result.warnings == ()
    assert [i.initiator for i in result.interactions] == ["them", "me", "them", "them"]


def test_another_account_of_yours_is_added(tmp_path: Path) -> None:
    result = _read(_mailbox(tmp_path, *ALEXS), my_emails={"alex@work.example"})
    assert result.me is not None and result.me.emails == (ALEX,)
    assert "(none of your addresses is in it; it is in 4 of 4 messages)" in result.warnings[0]


def test_when_no_address_stands_out_the_report_says_how_to_tell_kith(tmp_path: Path) -> None:
    two_people = ((ALEX, "ana@example.org"), ("ana@example.org", ALEX))
    result = _read(_mailbox(tmp_path, *two_people))
    assert result.me is None
    assert [i.initiator for i in result.interactions] == ["them", "them"]
    assert result.warnings == (
        "kith could not tell which address in this file is yours (you had not given it), so "
        "your own address may show up as a person and who started the messages is unknown. "
        "Tell kith your address first (on the Settings page, or with kith import --my-email "
        "YOU@EXAMPLE.COM), then check the file again.",
    )


def test_with_your_addresses_given_an_unclear_file_gets_no_note(tmp_path: Path) -> None:
    two_people = ((ALEX, "ana@example.org"), ("ana@example.org", ALEX))
    result = _read(_mailbox(tmp_path, *two_people), my_emails={"alex@work.example"})
    assert (result.me, result.warnings) == (None, ())


def _calendar(tmp_path: Path, *events: list[str]) -> Path:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for day, people in enumerate(events, start=1):
        lines += ["BEGIN:VEVENT", f"UID:e{day}", f"DTSTART:202503{day:02d}T100000Z", *people]
        lines.append("END:VEVENT")
    path = tmp_path / "cal.ics"
    path.write_text("\r\n".join([*lines, "END:VCALENDAR", ""]))
    return path


def test_a_calendar_owner_who_organizes_and_attends_is_found(tmp_path: Path) -> None:
    path = _calendar(
        tmp_path,
        [f"ORGANIZER:mailto:{ALEX}", "ATTENDEE:mailto:ana@example.org"],
        ["ORGANIZER:mailto:ben@example.org", f"ATTENDEE:mailto:{ALEX}"],
        [f"ORGANIZER:mailto:{ALEX}", "ATTENDEE:mailto:ben@example.org"],
    )
    result = _read(path)
    assert result.me is not None and result.me.emails == (ALEX,)
    assert [i.initiator for i in result.interactions] == ["me", "them", "me"]
    assert "it is in 3 of 3 meetings" in result.warnings[0]


def test_a_calendar_that_lists_one_person_per_event_is_not_guessed_from(tmp_path: Path) -> None:
    """Weekly 1:1s in a calendar that does not list its owner: the manager is in every
    event, and taking her for the user would leave every meeting with no one."""
    path = _calendar(tmp_path, *[["ATTENDEE;CN=Mia Boss:mailto:mia@example.org"]] * 3)
    result = _read(path)
    assert result.me is None
    assert len(result.interactions) == 3
    assert "could not tell which address in this file is yours" in result.warnings[0]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([{"a", "b"}, {"a", "c"}, {"a", "d"}], AddressGuess("a", 3, 3)),
        ([{"a", "b"}, {"c", "d"}, {"a", "e"}], AddressGuess("a", 2, 3)),  # half or more
        ([{"a", "b"}, {"c", "d"}, {"e", "f"}, {"a", "g"}], AddressGuess("a", 2, 4)),
        ([{"a", "b"}, {"c", "d"}, {"e", "f"}, {"a", "g"}, {"h", "i"}], None),  # under half
        ([{"a", "b"}, {"a", "b"}], None),  # a tie
        ([{"a", "b"}], None),  # one item cannot tell
        ([{"a"}, {"a"}, {"a"}], None),  # one address alone says nothing
        ([{"a"}, {"a", "b"}, {"a", "c"}], AddressGuess("a", 2, 2)),
        ([], None),
    ],
)
def test_guess_rules(items: list[set[str]], expected: AddressGuess | None) -> None:
    assert guess_my_address(items) == expected
