"""Due touches and open reminders as an iCalendar file (``kith export ics``, the feed).

Everyone due for a touch at once would fill one day of the calendar with dozens of events
after a first import; nobody gets in touch with forty people on a Tuesday. So due touches
are paced at the weekly budget (the same small budget as the weekly plan): the most
pressing first, spread evenly over each week, at most ``PACE_WEEKS`` weeks ahead. The rest
wait their turn: as you get in touch, or as the file or feed is made again, they move up.
Reminders keep their own dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import Any

from icalendar import Calendar, Event, vDuration
from sqlalchemy import select

from kith.core.coach_common import plural
from kith.models import Person, Reminder
from kith.services import insights
from kith.services.context import Ctx
from kith.services.owners import get_owner

PACE_WEEKS = 4  # due touches laid out this many weeks ahead at most


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    day: date
    summary: str
    description: str


@dataclass(frozen=True)
class Paced:
    """The calendar's events, and how many due touches wait beyond them."""

    items: list[CalendarItem]
    budget: int
    waiting: int  # people due who are not in the calendar yet

    def note(self) -> str | None:
        if not self.waiting:
            return None
        one = self.waiting == 1
        return (
            f"touches paced at your weekly budget of {self.budget}; "
            f"{plural(self.waiting, 'more person is', 'more people are')} due and "
            f"{'waits' if one else 'wait'} their turn, listed by `kith due`"
        )


def export_ics(ctx: Ctx, as_of: date | None = None, *, refresh: timedelta | None = None) -> str:
    """Due touches and open reminders; ``refresh`` tells subscribed calendars how often to
    look again (the calendar feed sets it)."""
    return calendar(ctx, events(ctx, as_of).items, refresh)


def events(ctx: Ctx, as_of: date | None) -> Paced:
    """Due touches (paced, see the module) and open reminders, by day."""
    today = as_of or ctx.today()
    budget = get_owner(ctx).weekly_budget
    due = insights.due(ctx, as_of)
    shown = due[: budget * PACE_WEEKS]
    items = [_touch(ctx, item, _slot(today, i, budget), len(due)) for i, item in enumerate(shown)]
    items += _reminders(ctx)
    return Paced(sorted(items, key=lambda e: (e.day, e.uid)), budget, len(due) - len(shown))


def _slot(today: date, rank: int, budget: int) -> date:
    """The day of the ``rank``-th most pressing touch: ``budget`` a week, evenly spaced
    (a budget of 5: today, then 1, 2, 4 and 5 days on, then the next week)."""
    return today + timedelta(days=rank * 7 // budget)


def _touch(ctx: Ctx, item: dict[str, Any], slot: date, due: int) -> CalendarItem:
    day = max(slot, date.fromisoformat(item["due_on"]))
    why = item["why"]
    if due > 1:
        why += f" (one of {due} people due, most pressing first)"
    return CalendarItem(
        uid=f"kith-due-{ctx.owner_id}-{item['person_id']}@kith",
        day=day,
        summary=f"Get in touch with {item['person']}",
        description=why,
    )


def _reminders(ctx: Ctx) -> list[CalendarItem]:
    rows = ctx.session.execute(
        select(Reminder.id, Reminder.due_on, Reminder.note, Person.display_name)
        .join(Person, Person.id == Reminder.person_id)
        .where(
            Reminder.owner_id == ctx.owner_id,
            Reminder.done_at.is_(None),
            Person.archived.is_(False),
            Person.merged_into_id.is_(None),
        )
        .order_by(Reminder.due_on, Reminder.id)
    )
    return [
        CalendarItem(
            uid=f"kith-reminder-{ctx.owner_id}-{rid}@kith",
            day=due_on,
            summary=f"Reminder: {name}" + (f" - {' '.join(note.split())}" if note else ""),
            description=note or "",
        )
        for rid, due_on, note, name in rows
    ]


def calendar(ctx: Ctx, items: Sequence[CalendarItem], refresh: timedelta | None = None) -> str:
    cal = Calendar()
    cal.add("prodid", "-//kith//kith export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "kith: due touches and reminders")
    if refresh is not None:  # RFC 7986, and the older name Apple and Outlook read
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    stamp = ctx.now().astimezone(UTC)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical()).decode("utf-8")
