"""Small helpers shared by the keep-in-touch coach modules (pure, no I/O)."""

from __future__ import annotations

import math
import weakref
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from kith.core.params.coach import CoachParams
from kith.core.types import GoalFact, InteractionFact, Network, PersonFact

CIRCLE_LABELS: Mapping[str, str] = {
    "C5": "inner circle",
    "C15": "close circle",
    "C50": "wider circle",
    "C150": "extended circle",
    "C500": "acquaintances",
    "C1500": "known names",
}
GIVE_INTENTS = frozenset({"give", "connect"})
NO_AGENDA_INTENTS = frozenset({"connect", "catch_up"})
_LN2 = math.log(2.0)
T = TypeVar("T")


class LastResult(Generic[T]):
    """Remembers the last result computed for one Network object (held weakly) and key.

    Insights call each other (the plan needs ties, circles and ledgers); this keeps one call
    chain from recomputing the same per-person pass. Results must be treated as read-only.
    """

    def __init__(self) -> None:
        self._entry: tuple[weakref.ref[Network], tuple[object, ...], T] | None = None

    def get(self, net: Network, key: tuple[object, ...]) -> T | None:
        entry = self._entry
        if entry is not None and entry[0]() is net and entry[1] == key:
            return entry[2]
        return None

    def put(self, net: Network, key: tuple[object, ...], value: T) -> T:
        self._entry = (weakref.ref(net), key, value)
        return value


_LOGS: LastResult[dict[int, tuple[InteractionFact, ...]]] = LastResult()


def sat(x: float, k: float) -> float:
    """Saturating map of x >= 0 to [0, 1): x = k gives 0.63, x = 2k gives 0.86."""
    return 1.0 - math.exp(-max(0.0, x) / k)


def decay(age_days: float, half_life: float) -> float:
    """Exponential decay with the given half-life; ages in the future count as 0."""
    return math.exp(-max(0.0, age_days) * _LN2 / half_life)


def clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return min(hi, max(lo, x))


def by_when(it: InteractionFact) -> tuple[date, int]:
    return (it.on, it.id)


def log_until(net: Network, person_id: int, now: date) -> tuple[InteractionFact, ...]:
    """A contact's interactions on or before ``now``, ordered by (date, id)."""
    items = net.interactions_with(person_id)
    cut = bisect_right(items, now, key=lambda it: it.on)
    kept = items[:cut]
    if all(kept[i].on < kept[i + 1].on for i in range(len(kept) - 1)):
        return kept
    return tuple(sorted(kept, key=by_when))


def logs_until(net: Network, now: date) -> Mapping[int, tuple[InteractionFact, ...]]:
    """``log_until`` for every contact (remembered for the last Network and ``now``)."""
    cached = _LOGS.get(net, (now,))
    if cached is not None:
        return cached
    return _LOGS.put(net, (now,), {pid: log_until(net, pid, now) for pid in net.people})


def interactions_until(net: Network, now: date) -> tuple[InteractionFact, ...]:
    """All interactions on or before ``now``, in date order (callers only count them)."""
    cut = bisect_right(net.interactions, now, key=lambda it: it.on)
    return net.interactions[:cut]


def weight(params: CoachParams, it: InteractionFact) -> float:
    return params.channel_w.get(it.channel, 0.0)


def is_meaningful(params: CoachParams, it: InteractionFact) -> bool:
    return weight(params, it) >= params.meaningful


def by_user(it: InteractionFact) -> bool:
    """User-initiated: "me", or "mutual" (both reached out)."""
    return it.initiator in ("me", "mutual")


def user_ask(it: InteractionFact) -> bool:
    """An ask the user made; a "mutual" ask is not counted as the user's."""
    return it.intent == "ask" and it.initiator == "me"


def help_received(it: InteractionFact) -> bool:
    """Contact-initiated give/connect, or an ask of mine they helped with."""
    if it.intent in GIVE_INTENTS and it.initiator == "them":
        return True
    return user_ask(it) and it.outcome == "helped"


def user_give(it: InteractionFact) -> bool:
    return it.intent in GIVE_INTENTS and by_user(it)


def met_date(person: PersonFact, log: tuple[InteractionFact, ...]) -> date | None:
    """When the user met this person: --met-on, else the first interaction; None if neither."""
    if person.met_on is not None:
        return person.met_on
    return log[0].on if log else None


def known_since(person: PersonFact, log: tuple[InteractionFact, ...]) -> date:
    """A person counts as met on --met-on, else on their first interaction, else when added."""
    return met_date(person, log) or person.added_on


def contactable(person: PersonFact) -> bool:
    """Nudges never go to people marked do-not-contact, ended or archived."""
    return not (person.do_not_contact or person.ended or person.archived)


def active_job_search(net: Network, now: date) -> GoalFact | None:
    """The most recently started job search that is running on ``now``."""
    running = [
        g
        for g in net.goals
        if g.kind == "job_search"
        and (g.started_on is None or g.started_on <= now)
        and (g.landed_on is None or g.landed_on > now)
    ]
    return max(running, key=lambda g: (g.started_on or date.min, g.id), default=None)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_index(day: date) -> int:
    """Consecutive weeks get consecutive numbers (weeks start on Monday; 1 Jan 0001 was one)."""
    return (day.toordinal() - 1) // 7


def span(days: int) -> str:
    """A human duration: "5 days", "3 weeks", "7 months", "4 years"."""
    days = max(0, days)
    if days < 14:
        return plural(days, "day")
    if days < 84:  # up to 12 weeks: "9 weeks" reads better than "2 months"
        return plural(round(days / 7), "week")
    if days < 730:
        return plural(round(days / 30.44), "month")
    return plural(round(days / 365.25), "year")


def plural(n: int, unit: str, many: str | None = None) -> str:
    """``1 week``, ``3 weeks``; ``many`` for the irregular (``2 people``)."""
    return f"{n} {unit}" if n == 1 else f"{n} {many or unit + 's'}"


def and_list(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_day(day: date) -> str:
    """ "3 Mar 2024": unambiguous, short and independent of the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def count(items: Iterable[object]) -> int:
    return sum(1 for _ in items)


def jsonable(value: object) -> object:
    """Coach results as plain JSON values: dataclasses become dicts, dates ISO strings,
    tuples lists, mapping keys strings (for ``--format json`` and /api/v1)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [jsonable(v) for v in items]
    return value
