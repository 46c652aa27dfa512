"""iCalendar -> InteractionRecords for past meetings with other people.

- Only events before ``now`` (passed in; this module never reads the clock) and on or
  after ``options.since``. Recurring series give one interaction per past occurrence
  (see ``ical_recur``); a RECURRENCE-ID override replaces its instance, it is not a
  duplicate: ids are ``event:<UID>`` or ``event:<UID>@<occurrence>``.
- Participants are the ORGANIZER and ATTENDEEs of the VEVENT itself (never those of a
  VALARM), minus the user's addresses, rooms/resources, Google's ``@virtual`` pseudo
  attendees and people who declined. Events with nobody else are skipped with a reason.
- Initiator: ``me`` when the organizer is one of ``my_emails``, ``them`` for another
  organizer, ``mutual`` without one. When none of ``my_emails`` is in the file, the
  address in most meetings may be taken for the user's (``whoami``, said in the report).
  Channel: ``video`` when a meeting link shows, ``in_person`` with a physical LOCATION,
  otherwise ``event``.
- All-day events are dated at noon UTC; floating times use X-WR-TIMEZONE, else UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kith.errors import ImportFormatError
from kith.importers.base import (
    Channel,
    ImportOptions,
    Initiator,
    InteractionRecord,
    ParseResult,
    each_person_once,
)
from kith.importers.base import ParticipantRef as Ref
from kith.importers.collect import Collector, read_bytes
from kith.importers.ical_parts import read_events
from kith.importers.ical_recur import Moment, expand, occurrence_key
from kith.importers.textio import decode
from kith.importers.values import clean, normalize_email, short_hash, to_utc, truncate
from kith.importers.whoami import who_am_i

_START = re.compile(r"^BEGIN:(VCALENDAR|VEVENT)\s*$", re.IGNORECASE | re.MULTILINE)
_VEVENT = re.compile(r"^BEGIN:VEVENT\s*$", re.IGNORECASE | re.MULTILINE)
_END_VEVENT = re.compile(r"^END:VEVENT[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_CALENDAR = re.compile(r"^(BEGIN|END):VCALENDAR\s*$", re.IGNORECASE | re.MULTILINE)
_VIDEO = re.compile(
    r"zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|"
    r"whereby\.com|meet\.jit\.si|gotomeeting\.com|chime\.aws|skype\.com",
    re.IGNORECASE,
)
_PSEUDO_DOMAINS = ("@virtual", "calendar.google.com", "@resource.calendar.google.com")
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE", "GROUP"})
_EVENT_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)


def parse_ical(path: Path, options: ImportOptions, now: datetime) -> ParseResult:
    out = Collector("ical", path.name)
    text, _encoding = decode(read_bytes(path))
    if not _START.search(text):
        raise ImportFormatError(
            "no BEGIN:VCALENDAR found; this is not an iCalendar file",
            file=path.name,
            hint="Export the calendar as .ics.",
        )
    whole, cut = _closed(text)
    events = read_events(whole, path.name, options.on_read)
    lines = _lines_of(text, (m.start() for m in _VEVENT.finditer(text)))
    zone = _calendar_zone(text)
    overridden = {
        (str(ev.get("UID", "")), occurrence_key(ev.get("RECURRENCE-ID").dt))
        for ev in events
        if _has_moment(ev, "RECURRENCE-ID")
    }
    bound = now if now.tzinfo else now.replace(tzinfo=UTC)
    mine, me = who_am_i([_emails(event) for event in events], options, out, "meetings")
    for index, event in enumerate(events):
        line = lines[index] if index < len(lines) else None
        try:
            _event(event, line, path.name, out, mine, bound, overridden, zone)
        except _EVENT_ERRORS as exc:
            out.skip(path.name, line, f"unreadable event ({type(exc).__name__})")
    if cut:
        _cut_off(path.name, out, [line for line in lines if line > cut])
    return out.result(me)


def _lines_of(text: str, offsets: Iterable[int]) -> list[int]:
    """The line of each offset (ascending), counting only the text since the previous one:
    counted from the start each time, 20,000 events took 50 s."""
    lines, line, at = [], 1, 0
    for offset in offsets:
        line += text.count("\n", at, offset)
        at = offset
        lines.append(line)
    return lines


def _closed(text: str) -> tuple[str, int]:
    """A calendar that stops before END:VCALENDAR (a download cut short), closed after its
    last complete event (icalendar reads nothing of an unclosed calendar), and the line
    where it was cut (0: the calendar was whole, or a bare VEVENT file without one)."""
    marks = list(_CALENDAR.finditer(text))
    if not marks or marks[-1].group(1).upper() != "BEGIN":
        return text, 0
    ends = list(_END_VEVENT.finditer(text))
    first = _VEVENT.search(text)
    cut = ends[-1].end() if ends else (first.start() if first else len(text))
    return text[:cut] + "\r\nEND:VCALENDAR\r\n", text.count("\n", 0, cut) + 1


def _cut_off(file: str, out: Collector, unread: list[int]) -> None:
    """The events after the cut are skipped with their lines, not lost in silence."""
    for line in unread:
        out.skip(file, line, "this event never ends (no END:VEVENT): the file looks cut off")
    out.warn(
        f"{file} ends before END:VCALENDAR, so it may be cut off: export the calendar again "
        "to be sure nothing is missing."
    )


def _has_moment(event: Any, name: str) -> bool:
    try:
        return isinstance(getattr(event.get(name), "dt", None), date)
    except ValueError:  # icalendar's BrokenCalendarProperty: an unreadable value
        return False


def _calendar_zone(text: str) -> tzinfo | None:
    found = re.search(r"^X-WR-TIMEZONE:(.+?)\s*$", text, re.IGNORECASE | re.MULTILINE)
    if not found:
        return None
    try:
        return ZoneInfo(found.group(1).strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a folder: OSError
        return None


def _address(prop: Any) -> tuple[str | None, str | None]:
    """(email, display name) of an ORGANIZER/ATTENDEE value (``MAILTO:`` in any case)."""
    email = normalize_email(str(prop))
    params = getattr(prop, "params", {}) or {}
    name = clean(str(params.get("CN", "")).strip('"')) or None
    if name and email and name.lower() == email:
        name = None
    return email, name


def _emails(event: Any) -> set[str]:
    """The addresses of the organizer and of the attendees who are people (not rooms)."""
    try:
        props = _list(event.get("ORGANIZER")) + _list(event.get("ATTENDEE"))
        found = {
            email
            for prop in props
            if str((getattr(prop, "params", {}) or {}).get("CUTYPE", "")).upper() not in _NOT_PEOPLE
            and (email := _address(prop)[0])
            and not email.endswith(_PSEUDO_DOMAINS)
        }
    except _EVENT_ERRORS:  # reported for the event itself when it is read
        return set()
    return found


def _participants(event: Any, options: ImportOptions) -> tuple[list[Ref], str | None, bool]:
    """(other people, organizer email, did I decline?)."""
    people: list[Ref] = []
    declined = False
    organizer = event.get("ORGANIZER")
    organizer_email = _address(organizer)[0] if organizer is not None else None
    candidates = ([organizer] if organizer is not None else []) + _list(event.get("ATTENDEE"))
    for prop in candidates:
        email, name = _address(prop)
        params = getattr(prop, "params", {}) or {}
        status = str(params.get("PARTSTAT", "")).upper()
        if options.is_me(email):
            declined = declined or status == "DECLINED"
            continue
        if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE or status == "DECLINED":
            continue
        if (not email and not name) or (email and email.endswith(_PSEUDO_DOMAINS)):
            continue
        people.append(Ref(name=name, email=email))
    return list(each_person_once(people)), organizer_email, declined


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _channel(event: Any) -> Channel:
    texts = [str(event.get(k, "")) for k in ("URL", "LOCATION", "X-GOOGLE-CONFERENCE")]
    texts.append(str(event.get("DESCRIPTION", ""))[:2000])
    if any(_VIDEO.search(t) for t in texts if t):
        return "video"
    location = clean(str(event.get("LOCATION", "")))
    return "in_person" if location and "://" not in location else "event"


def _initiator(organizer: str | None, options: ImportOptions) -> Initiator:
    if organizer is None:
        return "mutual"
    return "me" if options.is_me(organizer) else "them"


def _start(event: Any, zone: tzinfo | None) -> Moment | None:
    value = getattr(event.get("DTSTART"), "dt", None)
    all_day = str(event.get("X-MICROSOFT-CDO-ALLDAYEVENT", "")).upper() == "TRUE"
    if all_day and isinstance(value, datetime) and (value.hour, value.minute) == (0, 0):
        return value.date()  # Outlook's midnight-to-midnight "all day"
    if isinstance(value, datetime) and value.tzinfo is None and zone is not None:
        return value.replace(tzinfo=zone)
    return value if isinstance(value, date) else None


def _event(
    event: Any,
    line: int | None,
    file: str,
    out: Collector,
    options: ImportOptions,
    now: datetime,
    overridden: set[tuple[str, str]],
    zone: tzinfo | None,
) -> None:
    start = _start(event, zone)
    if start is None:
        out.skip(file, line, "event has no readable start time")
        return
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        out.skip(file, line, "event was cancelled")
        return
    people, organizer, declined = _participants(event, options)
    reason = _unusable(people, declined, options)
    if reason:
        out.skip(file, line, reason)
        return
    uid = clean(str(event.get("UID", ""))) or short_hash(
        occurrence_key(start), event.get("SUMMARY"), event.get("DESCRIPTION")
    )
    for external_id, moment in _occurrences(event, uid, start, now, overridden, zone, out):
        occurred = to_utc(moment)
        if not out.keep_moment(occurred, options.since, now):
            continue
        out.interactions.append(
            InteractionRecord(
                external_id=out.unique_id(external_id),
                occurred_at=occurred,
                channel=_channel(event),
                intent="catch_up",
                initiator=_initiator(organizer, options),
                summary=truncate(str(event.get("SUMMARY", "")) or "Calendar event"),
                participants=tuple(people),
                content=_description(event) if options.keep_content else None,
                thread=uid,
                line=line,
            )
        )


def _unusable(people: list[Ref], declined: bool, options: ImportOptions) -> str | None:
    if declined:
        return "you declined this event"
    if not people:
        return "no other participants (only you, or no attendees)"
    if len(people) > options.max_recipients:
        return f"{len(people)} participants, more than {options.max_recipients} (a large event)"
    return None


def _occurrences(
    event: Any,
    uid: str,
    start: Moment,
    now: datetime,
    overridden: set[tuple[str, str]],
    zone: tzinfo | None,
    out: Collector,
) -> list[tuple[str, Moment]]:
    if _has_moment(event, "RECURRENCE-ID"):
        return [(f"event:{uid}@{occurrence_key(event.get('RECURRENCE-ID').dt)}", start)]
    if event.get("RRULE") is None and event.get("RDATE") is None:
        return [(f"event:{uid}", start)]
    mine = {key for owner, key in overridden if owner == uid}
    moments, note = expand(event, start, now, mine, zone)
    if note:
        out.warn(f"Recurring event {truncate(uid, 80)}: {note}.")
    return [(f"event:{uid}@{occurrence_key(m)}", m) for m in moments]


def _description(event: Any) -> str | None:
    text = str(event.get("DESCRIPTION", "")).strip()
    return text or None
