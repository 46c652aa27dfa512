"""iCalendar: one test per quirk in formats.md §4."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import ImportOptions, ParseResult, ParticipantRef, parse
from tests.importers.conftest import NOW

Sample = Callable[[str], Path]
ATTENDEE = "ATTENDEE;CN=Ann Lee;PARTSTAT=ACCEPTED:mailto:ann@example.com"
MINE = "me@example.org"  # the user's address, where a test is about something else


def _ical(path: Path, **options: object) -> ParseResult:
    return parse(path, "ical", ImportOptions(**options), now=NOW)  # type: ignore[arg-type]


def _with_attendee(source: Path, tmp_path: Path, encoding: str = "utf-8") -> Path:
    """The real sample with one more attendee in every VEVENT (most samples have none)."""
    text = source.read_bytes().decode(encoding)
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace(f"END:VEVENT{newline}", f"{ATTENDEE}{newline}END:VEVENT{newline}")
    path = tmp_path / source.name
    path.write_bytes(text.encode(encoding))
    return path


def _event(tmp_path: Path, *lines: str) -> Path:
    body = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "BEGIN:VEVENT",
            "UID:e1@example.com",
            *lines,
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    path = tmp_path / "cal.ics"
    path.write_text(body, encoding="utf-8")
    return path


def test_ical_recurrence_overrides_are_not_duplicates(data_file: Sample) -> None:
    result = _ical(data_file("ical/icaljs__recur_instances.ics"))
    ids = [i.external_id for i in result.interactions]
    assert len(ids) == len(set(ids))
    uid = "623c13c0-6c2b-45d6-a12b-c33ad61c4868"
    # 2012-10-02 10:00 PDT was moved to 15:00 by an override: one interaction, the override's
    moved = [i for i in result.interactions if i.external_id == f"event:{uid}@20121002T170000Z"]
    assert [i.occurred_at for i in moved] == [datetime(2012, 10, 2, 22, 0, tzinfo=UTC)]
    assert moved[0].participants == (ParticipantRef(name="James Lal", email="jlal@mozilla.com"),)


def test_ical_recurring_series_gives_past_occurrences_only(data_file: Sample) -> None:
    result = _ical(data_file("ical/icaljs__recur_instances.ics"))
    times = [i.occurred_at for i in result.interactions]
    assert max(times) < NOW
    assert datetime(2012, 12, 4, 18, 0, tzinfo=UTC) not in times  # EXDATE with TZID
    assert datetime(2012, 11, 30, 18, 0, tzinfo=UTC) in times  # RDATE comma list


def test_ical_tzid_converted_to_utc(data_file: Sample) -> None:
    result = _ical(data_file("ical/icaljs__recur_instances.ics"))
    rdate = [i for i in result.interactions if i.external_id.endswith("@20121110T180000Z")]
    assert rdate[0].occurred_at == datetime(2012, 11, 10, 18, 0, tzinfo=UTC)  # 10:00 PST


def test_ical_organizer_and_attendees_with_cn(data_file: Sample) -> None:
    options = {"my_emails": frozenset({"JLAL@mozilla.com"})}
    result = _ical(data_file("ical/icaljs__recur_instances.ics"), **options)
    master = next(i for i in result.interactions if len(i.participants) == 3)
    assert master.initiator == "me"
    assert master.participants[0] == ParticipantRef(
        name="Sahaja Lal", email="calmozilla1@gmail.com"
    )
    assert master.participants[1] == ParticipantRef(email="james@lightsofapollo.com")  # CN = email
    assert master.channel == "in_person"  # LOCATION:PLACE


def test_ical_events_without_other_participants_skipped_with_reason(data_file: Sample) -> None:
    options = {"my_emails": frozenset({"jlal@mozilla.com"})}
    result = _ical(data_file("ical/icaljs__recur_instances.ics"), **options)
    # the overrides list only the organizer, who is me
    assert {s.reason for s in result.skipped} == {
        "no other participants (only you, or no attendees)"
    }
    assert {s.line for s in result.skipped} == {59, 79}


def test_ical_valarm_attendee_is_not_a_participant(data_file: Sample) -> None:
    result = _ical(data_file("ical/icalendar__alarm_google_future.ics"))
    assert result.interactions == ()
    (skipped,) = result.skipped
    assert (skipped.line, skipped.reason) == (
        26,
        "no other participants (only you, or no attendees)",
    )


def test_ical_virtual_pseudo_attendee_ignored(data_file: Sample) -> None:
    result = _ical(data_file("ical/icaljs__google_birthday.ics"))
    assert result.interactions == ()
    assert len(result.skipped) == 4


def test_ical_all_day_event_and_uppercase_mailto(data_file: Sample) -> None:
    result = _ical(data_file("ical/icalendar__property_params_blackberry.ics"))
    (meeting,) = result.interactions
    assert meeting.occurred_at == datetime(2012, 8, 14, 12, 0, tzinfo=UTC)  # all day: noon UTC
    assert {p.email for p in meeting.participants} == {
        "rembrand@daxlab.com",
        "rembrand@xs4all.nl",
        "rembspam@xs4all.nl",
    }
    assert meeting.initiator == "them"


def test_ical_organizer_is_me_sets_initiator(data_file: Sample) -> None:
    options = {"my_emails": frozenset({"rembrand@daxlab.com"})}
    (meeting,) = _ical(
        data_file("ical/icalendar__property_params_blackberry.ics"), **options
    ).interactions
    assert meeting.initiator == "me"
    assert len(meeting.participants) == 2


def test_ical_bare_vevent_quoted_cn_with_comma(data_file: Sample) -> None:
    (meeting,) = _ical(
        data_file("ical/icalendar__issue_101_umlaut_organizer_bare_vevent.ics")
    ).interactions
    assert meeting.participants == (
        ParticipantRef(name="acme, ädmin", email="adm-acme@mydomain.de"),
    )
    assert meeting.channel == "in_person"  # LOCATION:im büro


def test_ical_exchange_byday_with_spaces_expands(data_file: Sample, tmp_path: Path) -> None:
    path = _with_attendee(data_file("ical/icalendar__issue_165_exchange_cdo.ics"), tmp_path)
    result = _ical(path, my_emails={MINE})
    assert len(result.interactions) == 14  # weekdays 3 to 22 July 2015
    assert result.interactions[0].occurred_at == datetime(2015, 7, 3, 8, 0, tzinfo=UTC)
    assert result.warnings == ()


def test_ical_windows_tzid_with_commas(data_file: Sample, tmp_path: Path) -> None:
    path = _with_attendee(data_file("ical/vobject__ms_tzid_outlook.ics"), tmp_path)
    (meeting,) = _ical(path).interactions
    assert meeting.occurred_at == datetime(2008, 5, 30, 5, 0, tzinfo=UTC)  # 15:00 at +10:00


def test_ical_cyrillic_tzid(data_file: Sample, tmp_path: Path) -> None:
    path = _with_attendee(data_file("ical/vobject__tzid_8bit_outlook.ics"), tmp_path)
    (meeting,) = _ical(path).interactions
    assert meeting.occurred_at == datetime(2008, 5, 30, 9, 0, tzinfo=UTC)  # 15:00 at +06:00


def test_ical_empty_exdate_does_not_abort(data_file: Sample, tmp_path: Path) -> None:
    path = _with_attendee(data_file("ical/icalendar__parsing_error_google.ics"), tmp_path)
    result = _ical(path)
    # each all-day daily series, 3 to 23 March 2008 minus the 11th
    assert len(result.interactions) == 40
    assert date(2008, 3, 11) not in {i.occurred_at.date() for i in result.interactions}


def test_ical_latin1_file_floating_times(data_file: Sample, tmp_path: Path) -> None:
    path = _with_attendee(data_file("ical/thunderbird__importLatin1.ics"), tmp_path, "latin-1")
    result = _ical(path)
    assert "Event Två" in {i.summary for i in result.interactions}
    assert datetime(2019, 1, 1, 15, 0, tzinfo=UTC) in {i.occurred_at for i in result.interactions}


def test_ical_x_wr_timezone_for_weekly_rrule(data_file: Sample, tmp_path: Path) -> None:
    path = _with_attendee(data_file("ical/icalendar__x_location_google.ics"), tmp_path)
    result = _ical(path, my_emails={MINE})
    times = [i.occurred_at for i in result.interactions]
    assert len(times) == 500 and max(times) < NOW
    assert max(times).astimezone(UTC).time().isoformat() == "13:00:00"  # 14:00 CET in winter
    assert result.warnings == (
        "Recurring event BFE33ADD-5553-48B5-B5A5-F9DA5CA4C393: "
        "only its 500 most recent dates were used.",
    )


def test_ical_bom_and_empty_calendar(data_file: Sample) -> None:
    result = _ical(data_file("ical/icalendar__bom_calendar.ics"))
    assert (result.interactions, result.skipped) == ((), ())


def test_ical_duplicate_uid_without_recurrence_id(data_file: Sample, tmp_path: Path) -> None:
    path = _with_attendee(data_file("ical/icalendar__tutorial_attendees.ics"), tmp_path)
    result = _ical(path)
    uid = "event:d755cef5-2311-46ed-a0e1-6733c9e15c63"
    assert [i.external_id for i in result.interactions] == [uid, uid + "#2"]


def test_ical_future_events_left_out(tmp_path: Path) -> None:
    path = _event(tmp_path, "DTSTART:20300101T100000Z", ATTENDEE)
    result = _ical(path, my_emails={MINE})
    assert result.interactions == ()
    assert result.warnings == ("1 record(s) left out: in the future.",)


def test_ical_since_filter(tmp_path: Path) -> None:
    path = _event(tmp_path, "DTSTART:20200101T100000Z", ATTENDEE)
    assert _ical(path, since=date(2021, 1, 1)).interactions == ()
    assert len(_ical(path, since=date(2019, 1, 1)).interactions) == 1


def test_ical_video_channel_from_meeting_link(tmp_path: Path) -> None:
    path = _event(
        tmp_path,
        "DTSTART:20240101T100000Z",
        "LOCATION:https://meet.google.com/abc-defg-hij",
        ATTENDEE,
    )
    assert _ical(path).interactions[0].channel == "video"


def test_ical_no_location_is_an_event(tmp_path: Path) -> None:
    path = _event(tmp_path, "DTSTART:20240101T100000Z", ATTENDEE)
    assert _ical(path).interactions[0].channel == "event"


def test_ical_declined_by_me_is_skipped(tmp_path: Path) -> None:
    path = _event(
        tmp_path,
        "DTSTART:20240101T100000Z",
        ATTENDEE,
        "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com",
    )
    result = _ical(path, my_emails=frozenset({"me@example.com"}))
    assert [s.reason for s in result.skipped] == ["you declined this event"]


def test_ical_large_event_skipped(tmp_path: Path) -> None:
    attendees = [f"ATTENDEE:mailto:p{i}@example.com" for i in range(5)]
    path = _event(tmp_path, "DTSTART:20240101T100000Z", *attendees)
    result = _ical(path, max_recipients=3)
    assert [s.reason for s in result.skipped] == ["5 participants, more than 3 (a large event)"]


def test_ical_description_only_with_keep_content(tmp_path: Path) -> None:
    path = _event(
        tmp_path,
        "DTSTART:20240101T100000Z",
        "SUMMARY:Coffee",
        "DESCRIPTION:Talk about jobs",
        ATTENDEE,
    )
    assert _ical(path).interactions[0].content is None
    assert _ical(path, keep_content=True).interactions[0].content == "Talk about jobs"


def test_ical_broken_values_and_unknown_calendar_zone(tmp_path: Path) -> None:
    path = _event(tmp_path, "DTSTART:20240101T100000", "RECURRENCE-ID:garbage", ATTENDEE)
    text = path.read_text().replace("VERSION:2.0", "VERSION:2.0\r\nX-WR-TIMEZONE:Europe")
    path.write_text(text)
    (meeting,) = _ical(path).interactions  # floating time, unknown zone: read as UTC
    assert meeting.occurred_at == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)


def test_ical_needs_now() -> None:
    with pytest.raises(ValueError, match="need `now`"):
        parse(Path(__file__), "ical")


def test_ical_not_a_calendar_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"^Could not read `cal.ics`: no BEGIN:VCALENDAR"):
        _ical(path)


def test_ical_file_cut_off_inside_an_event_says_so(tmp_path: Path) -> None:
    whole = _event(tmp_path, "DTSTART:20240101T100000Z", ATTENDEE).read_bytes().decode()
    second = whole.replace("e1@", "e2@").replace("20240101", "20240202")
    events = whole.removesuffix("END:VCALENDAR\r\n") + second.split("VERSION:2.0\r\n", 1)[1]
    cut = tmp_path / "cut.ics"
    cut.write_bytes(events[: events.rindex("END:VEVENT")].encode())  # mid-event
    result = _ical(cut, my_emails={MINE})
    assert [i.occurred_at.date() for i in result.interactions] == [date(2024, 1, 1)]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (8, "this event never ends (no END:VEVENT): the file looks cut off")
    ]
    assert result.warnings == (
        "cut.ics ends before END:VCALENDAR, so it may be cut off: export the calendar again "
        "to be sure nothing is missing.",
    )


def test_ical_file_cut_off_between_events_warns(tmp_path: Path) -> None:
    whole = _event(tmp_path, "DTSTART:20240101T100000Z", ATTENDEE).read_bytes().decode()
    cut = tmp_path / "cut.ics"
    cut.write_bytes(whole.removesuffix("END:VCALENDAR\r\n").encode())
    result = _ical(cut, my_emails={MINE})
    assert len(result.interactions) == 1 and result.skipped == ()
    assert len(result.warnings) == 1 and "may be cut off" in result.warnings[0]
    whole_file = _event(tmp_path, "DTSTART:20240101T100000Z", ATTENDEE)
    assert _ical(whole_file, my_emails={MINE}).warnings == ()


def test_each_event_is_named_by_the_line_it_starts_on(tmp_path: Path) -> None:
    """Lines are counted once through the file, not from its start for every event."""
    events = [
        f"BEGIN:VEVENT\r\nUID:e{n}\r\nDTSTART:2024010{1 + n % 9}T090000Z\r\nSUMMARY:Solo {n}\r\n"
        + "DESCRIPTION:a longer\r\n line folded\r\n" * (n % 3)
        + "END:VEVENT\r\n"
        for n in range(12)
    ]
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(events) + "END:VCALENDAR\r\n"
    path = tmp_path / "solo.ics"
    path.write_text(text, encoding="utf-8", newline="")
    result = parse(path, "ical", ImportOptions(), now=NOW)
    starts = [n + 1 for n, line in enumerate(text.split("\r\n")) if line == "BEGIN:VEVENT"]
    assert [s.line for s in result.skipped] == starts  # no attendees: each skipped, named
