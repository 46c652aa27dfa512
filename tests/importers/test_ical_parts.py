"""A calendar read in parts (to tell how far the import is) gives the events, their order
and their times of reading it whole."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import ical_parts
from kith.importers.base import ImportOptions
from kith.importers.ical import parse_ical
from kith.importers.ical_parts import read_events

DATA = Path(__file__).resolve().parents[1] / "data" / "ical"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
CALENDARS = sorted(DATA.glob("*.ics")) + sorted(SHARED.glob("*.ics"))


@pytest.mark.parametrize("path", CALENDARS, ids=lambda path: path.name)
def test_every_calendar_reads_the_same_one_event_at_a_time(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        whole = parse_ical(path, ImportOptions(), NOW)
    except ImportFormatError as error:  # unreadable whole: as unreadable in parts
        monkeypatch.setattr(ical_parts, "PART", 1)
        with pytest.raises(ImportFormatError) as in_parts:
            parse_ical(path, ImportOptions(), NOW)
        assert in_parts.value.reason == error.reason
        return
    monkeypatch.setattr(ical_parts, "PART", 1)
    seen: list[tuple[int, int]] = []
    parts = parse_ical(path, ImportOptions(on_read=lambda *told: seen.append(told)), NOW)
    assert parts == whole
    assert seen and seen[-1][0] == seen[-1][1]
    text = path.read_bytes().decode("utf-8", "replace").upper()
    if text.count("BEGIN:VEVENT") > 1 and "BEGIN:VCALENDAR" in text:  # read event by event
        assert len(seen) == text.count("BEGIN:VEVENT")


def _calendar(events: int, zone_last: bool = False) -> str:
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Office Time\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART;TZID=Office Time:20240102T{i % 24:02d}0000\r\n"
        f"SUMMARY:Meeting {i}\r\nORGANIZER:mailto:me@example.org\r\n"
        f"ATTENDEE;CN=Ann:mailto:ann{i % 7}@example.org\r\n"
        "BEGIN:VALARM\r\nACTION:EMAIL\r\nATTENDEE:mailto:alarm@example.org\r\nEND:VALARM\r\n"
        "END:VEVENT\r\n"
        for i in range(events)
    )
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    if zone_last:  # RFC 5545 allows a time zone after the events that use it
        return f"{head}{body}{zone}END:VCALENDAR\r\n"
    return f"{head}{zone}{body}END:VCALENDAR\r\n"


@pytest.mark.parametrize("zone_last", [False, True])
def test_a_long_calendar_is_read_in_parts_with_its_own_time_zones(zone_last: bool) -> None:
    text = _calendar(23, zone_last)
    seen: list[tuple[int, int]] = []
    parts = read_events(text, "work.ics", lambda *told: seen.append(told), part=5)
    whole = read_events(text, "work.ics")
    assert [event["UID"] for event in parts] == [f"e{i}" for i in range(23)]
    assert [e.decoded("DTSTART") for e in parts] == [e.decoded("DTSTART") for e in whole]
    assert parts[1].decoded("DTSTART").utcoffset().total_seconds() == 3 * 3600
    assert seen == [(5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]


def test_a_calendar_whose_components_do_not_pair_up_is_read_whole() -> None:
    """icalendar reads a component left open as holding what follows (here an END:VTODO
    that ends nothing): parts would cut that short, so such a file is read whole."""
    text = _calendar(12).replace("SUMMARY:Meeting 7\r\n", "SUMMARY:Meeting 7\r\nEND:VTODO\r\n")
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportFormatError) as error:
        read_events(text, "work.ics", lambda *told: seen.append(told), part=5)
    assert error.value.reason.startswith("the calendar cannot be parsed")
    assert error.value.line == text.split("\r\n").index("END:VTODO") + 1  # what ends nothing
    assert seen == []  # one call of icalendar, which failed
    left_open = _calendar(12).replace("END:VALARM\r\n", "", 1)  # the first alarm never ends
    read_events(left_open, "work.ics", lambda *told: seen.append(told), part=5)
    assert seen == [(1, 1)]


def test_events_that_cannot_be_told_apart_are_read_whole() -> None:
    text = _calendar(8).replace("END:VEVENT\r\n", "", 1)  # the first event never ends
    seen: list[tuple[int, int]] = []
    read_events(text, "work.ics", lambda *told: seen.append(told), part=2)
    assert seen == [(1, 1)]  # one call of icalendar: done at once
