"""A calendar read a few hundred events at a time, so that a long import can say how far
it has read.

icalendar reads a calendar in one call: 20,000 events took 10 s, in which an import could
show nothing but a spinner. Here the calendar without its events is read first (its time
zones, which icalendar keeps once it has read them), then its events ``PART`` at a time,
each part in a calendar of its own; ``on_read`` is told how many events are read. The
events, their order and their times are those of reading the file whole (tests compare
both ways on every calendar of the corpus and on damaged ones). A file whose events cannot
be told apart by their BEGIN:VEVENT and END:VEVENT lines, one whose BEGIN and END lines do
not pair up, one without a VCALENDAR, or one of few events, is read whole.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import icalendar

from kith.errors import ImportFormatError
from kith.importers.reading import ReadProgress, told

PART = 500  # events per call of icalendar
_BEGIN = re.compile(r"^BEGIN:VEVENT[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_END = re.compile(r"^END:VEVENT[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_BOUNDARY = re.compile(r"^(BEGIN|END):([^\r\n]*?)\r?$", re.IGNORECASE | re.MULTILINE)
_CALENDAR = re.compile(r"^BEGIN:VCALENDAR[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError)
Span = tuple[int, int]  # where an event's text starts and ends


def read_events(
    text: str, file: str, on_read: ReadProgress | None = None, part: int | None = None
) -> list[Any]:
    """The VEVENT components of ``text``, in file order, ``part`` (``PART``) at a time."""
    part = part or PART
    spans = _spans(text)
    if spans is None or not _in_parts(text, spans, part):
        whole = _parsed(text, file, whole=True)
        told(on_read, 1, 1)
        return whole
    _parsed(_without(text, spans), file)  # the time zones, kept for the events
    events: list[Any] = []
    for at in range(0, len(spans), part):
        chunk = spans[at : at + part]
        body = "".join(text[start:end] for start, end in chunk)
        events += _parsed(f"BEGIN:VCALENDAR\r\n{body}END:VCALENDAR\r\n", file)
        told(on_read, at + len(chunk), len(spans))
    return events


def _spans(text: str) -> list[Span] | None:
    """Each event's text, its line end included; None unless every BEGIN:VEVENT has its
    END:VEVENT before the next one begins."""
    begins = [found.start() for found in _BEGIN.finditer(text)]
    ends = [_line_end(text, found.end()) for found in _END.finditer(text)]
    if len(begins) != len(ends):
        return None
    spans = list(zip(begins, ends, strict=True))
    inside = all(start < end for start, end in spans)
    apart = all(end <= after for (_, end), (after, _) in pairwise(spans))
    return spans if inside and apart else None


def _in_parts(text: str, spans: list[Span], part: int) -> bool:
    """Whether the calendar is worth reading in parts and can be: events enough, inside a
    VCALENDAR, every BEGIN and END paired up."""
    return len(spans) > part and bool(_CALENDAR.search(text)) and _unpaired(text) is None


def _unpaired(text: str) -> int | None:
    """Where the first BEGIN or END that does not pair up is: an END that ends nothing
    open, or the first BEGIN never ended; None when they all pair up. Such a calendar is
    read whole: icalendar reads a component left open (a damaged time zone, an alarm
    without its END) as holding what follows, which parts would cut short."""
    open_now: list[tuple[str, int]] = []
    for found in _BOUNDARY.finditer(text):
        name = found.group(2).strip().upper()
        if found.group(1).upper() == "BEGIN":
            open_now.append((name, found.start()))
        elif not open_now or open_now.pop()[0] != name:
            return found.start()
    return open_now[0][1] if open_now else None


def _line_end(text: str, at: int) -> int:
    return at + 1 if text.startswith("\n", at) else at


def _without(text: str, spans: list[Span]) -> str:
    """``text`` with the events cut out: the calendars, their properties and time zones."""
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return "".join(kept)


def _parsed(text: str, file: str, *, whole: bool = False) -> list[Any]:
    """The events of one call of icalendar. When ``text`` is the ``whole`` file, an error
    names the line of the first BEGIN or END that does not pair up, if one does not."""
    try:
        components = icalendar.Calendar.from_ical(text, multiple=True)
    except _ERRORS as exc:
        at = _unpaired(text) if whole else None
        line = text.count("\n", 0, at) + 1 if at is not None else None
        raise ImportFormatError(
            f"the calendar cannot be parsed ({exc})", file=file, line=line
        ) from exc
    return [event for component in components for event in component.walk("VEVENT")]
