"""Past occurrences of a recurring VEVENT (RRULE + RDATE - EXDATE - overridden instances).

Only occurrences before ``now`` are produced, the most recent ``MAX_OCCURRENCES`` per
series, so a daily rule from 1970 cannot flood the log. Exchange's ``BYDAY=MO, TU`` (with spaces)
is repaired. Anything dateutil cannot expand falls back to the first occurrence.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from dateutil.rrule import rrule, rruleset, rrulestr

MAX_OCCURRENCES = 500  # kept per series: the most recent ones
SCAN_LIMIT = 50_000  # occurrences looked at, so FREQ=MINUTELY cannot hang the import
Moment = date | datetime


def occurrence_key(moment: Moment) -> str:
    """Stable text for an occurrence: a date, or a UTC timestamp."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return moment.strftime("%Y%m%d")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _moments(prop: Any) -> list[Moment]:
    """dates/datetimes of an RDATE/EXDATE property (PERIOD values give their start)."""
    found: list[Moment] = []
    for item in _as_list(prop):
        if isinstance(item, str):
            continue  # vBroken: an unreadable value (e.g. an empty EXDATE) adds nothing
        for entry in getattr(item, "dts", ()):
            value = getattr(entry, "dt", None)
            if isinstance(value, tuple):
                value = value[0]
            if isinstance(value, date):
                found.append(value)
    return found


def _rule_text(prop: Any) -> str:
    """RRULE text; vBroken (a str) keeps the raw text, e.g. Exchange's ``BYDAY=MO, TU``."""
    raw = str(prop) if isinstance(prop, str) else prop.to_ical().decode("utf-8", "replace")
    return raw.replace(" ", "").replace("\\", "")


def _align(moment: Moment, template: datetime) -> datetime:
    """``moment`` in the same awareness as ``template`` (dateutil refuses to mix)."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    if template.tzinfo is None:
        return (
            moment.replace(tzinfo=None)
            if moment.tzinfo is None
            else (moment.astimezone(UTC).replace(tzinfo=None))
        )
    return moment.replace(tzinfo=template.tzinfo) if moment.tzinfo is None else moment


def _naive_rule(text: str) -> str:
    """For a floating or all-day start, UNTIL must be floating too."""
    parts = []
    for part in text.split(";"):
        if part.upper().startswith("UNTIL=") and part.upper().endswith("Z"):
            part = part[:-1]
        parts.append(part)
    return ";".join(parts)


def _build(event: Any, start: datetime) -> rruleset:
    rules = rruleset()
    for prop in _as_list(event.get("RRULE")):
        text = _rule_text(prop)
        if start.tzinfo is None:
            text = _naive_rule(text)
        parsed = rrulestr(text, dtstart=start, ignoretz=start.tzinfo is None)
        if not isinstance(parsed, rrule):
            raise ValueError("RRULE holds more than one rule")
        rules.rrule(parsed)
    for moment in _moments(event.get("RDATE")):
        rules.rdate(_align(moment, start))
    for moment in _moments(event.get("EXDATE")):
        rules.exdate(_align(moment, start))
    return rules


def expand(
    event: Any, start: Moment, upper: datetime, overridden: set[str], zone: tzinfo | None
) -> tuple[list[Moment], str | None]:
    """(past occurrences, a note when the series could not be expanded in full).
    ``upper`` is an aware bound (``now``); ``overridden`` holds occurrence keys replaced
    by RECURRENCE-ID events."""
    all_day = not isinstance(start, datetime)
    if isinstance(start, datetime):
        anchor = start if start.tzinfo or zone is None else start.replace(tzinfo=zone)
    else:
        anchor = datetime(start.year, start.month, start.day)
    bound = upper if anchor.tzinfo else upper.astimezone(UTC).replace(tzinfo=None)
    try:
        rules = _build(event, anchor)
        series: Iterable[datetime] = itertools.takewhile(lambda m: m < bound, rules)
        recent: deque[datetime] = deque(maxlen=MAX_OCCURRENCES)
        count = 0
        for moment in itertools.islice(series, SCAN_LIMIT):
            recent.append(moment)
            count += 1
    except (ValueError, TypeError, OverflowError, KeyError, IndexError, AttributeError):
        return [start], "its repeat rule could not be read, so only the first date was used"
    note = None
    if count > MAX_OCCURRENCES:
        note = f"only its {MAX_OCCURRENCES} most recent dates were used"
    moments: list[Moment] = [m.date() if all_day else m for m in recent]
    return [m for m in moments if occurrence_key(m) not in overridden], note
