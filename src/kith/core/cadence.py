"""Spec (b): Dunbar circles, a cadence per person, and the list of people who are due.

Any logged interaction (whatever the channel) resets the clock; people never contacted count
from the day they were met, else added.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from kith.core.coach_common import (
    CIRCLE_LABELS,
    active_job_search,
    contactable,
    is_meaningful,
    known_since,
    log_until,
    logs_until,
    met_date,
    span,
)
from kith.core.params.coach import CoachParams
from kith.core.ties import all_tie_strengths
from kith.core.types import CIRCLES, InteractionFact, Network, PersonFact, TieStrength
from kith.errors import PersonNotFoundError

_MODIFIER_WHY = {
    "bridge": "sooner: they bridge your circles",
    "goal": "sooner: relevant to your job search",
    "kin": "kin: a little less often",
}


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often to be in touch with one contact, and where that number comes from."""

    person_id: int
    circle: str  # one of CIRCLES
    days: int | None  # None: no cadence (C1500: event-driven)
    source: str  # override | onboarding | rhythm | circle | none
    modifiers: tuple[str, ...]  # bridge, goal, kin (applied to rhythm and circle cadences)
    last_contact: date | None  # last interaction of any channel, on or before now
    reference: date  # the clock counts from here: last contact, else met, else added
    due_on: date | None
    why: str


@dataclass(frozen=True, slots=True)
class DueItem:
    """One person who is due for a touch."""

    person_id: int
    person: str
    circle: str
    cadence_days: int
    days_since: int
    overdue_ratio: float  # days_since / cadence_days; 1.0 means due today
    priority: float
    suggested_channel: str
    due_on: date
    why: str


def assign_circles(
    net: Network, now: date, params: CoachParams, ties: Mapping[int, TieStrength] | None = None
) -> dict[int, str]:
    """Circle of every contact: a pin wins; otherwise rank by TS (then LATENT) into the
    Dunbar layers, where each layer also needs a minimum absolute strength."""
    ties = ties if ties is not None else all_tie_strengths(net, now, params)
    circles: dict[int, str] = {}
    sizes = params.circle_sizes
    slots = [sizes[0]] + [sizes[i] - sizes[i - 1] for i in range(1, len(sizes))]
    for person in net.people.values():
        if person.circle_pin in CIRCLES:
            circles[person.id] = str(person.circle_pin)
            if person.circle_pin in CIRCLES[:5]:
                slots[CIRCLES.index(person.circle_pin)] -= 1
    ranked = sorted(
        (p for p in net.people.values() if p.id not in circles),
        key=lambda p: (-ties[p.id].score, -ties[p.id].latent, p.name, p.id),
    )
    layer = 0
    for person in ranked:
        score = ties[person.id].score
        while layer < len(slots) and (
            slots[layer] <= 0 or score < params.circle_min_strength[layer]
        ):
            layer += 1  # scores only fall from here, so a failed minimum stays failed
        if layer >= len(slots) or person.ended:
            circles[person.id] = "C1500"
            continue
        circles[person.id] = CIRCLES[layer]
        slots[layer] -= 1
    return circles


def cadence_for(
    net: Network,
    person_id: int,
    now: date,
    params: CoachParams,
    *,
    circle: str | None = None,
    broker_scores: Mapping[int, float] | None = None,
    relevance: Mapping[int, float] | None = None,
) -> Cadence:
    """The cadence of one contact (computes circles when ``circle`` is not given)."""
    person = net.people.get(person_id)
    if person is None:
        raise PersonNotFoundError(str(person_id))
    if circle is None:
        circle = assign_circles(net, now, params)[person_id]
    searching = active_job_search(net, now) is not None
    return _cadence(
        person,
        log_until(net, person_id, now),
        circle,
        now,
        params,
        (broker_scores or {}).get(person_id, 0.0),
        (relevance or {}).get(person_id, 0.0) if searching else 0.0,
    )


def all_cadences(
    net: Network,
    now: date,
    params: CoachParams,
    *,
    circles: Mapping[int, str] | None = None,
    broker_scores: Mapping[int, float] | None = None,
    relevance: Mapping[int, float] | None = None,
) -> dict[int, Cadence]:
    """The cadence of every contact."""
    circles = circles if circles is not None else assign_circles(net, now, params)
    brokers, rel = broker_scores or {}, relevance or {}
    searching = active_job_search(net, now) is not None
    logs = logs_until(net, now)
    return {
        pid: _cadence(
            p,
            logs[pid],
            circles[pid],
            now,
            params,
            brokers.get(pid, 0.0),
            rel.get(pid, 0.0) if searching else 0.0,
        )
        for pid, p in net.people.items()
    }


def due_list(
    net: Network,
    now: date,
    params: CoachParams,
    *,
    ties: Mapping[int, TieStrength] | None = None,
    circles: Mapping[int, str] | None = None,
    broker_scores: Mapping[int, float] | None = None,
    relevance: Mapping[int, float] | None = None,
    limit: int | None = None,
) -> list[DueItem]:
    """Everyone due for a touch (overdue ratio >= 1), highest priority first.

    Excludes do-not-contact, ended and archived people and those without a cadence (C1500).
    """
    if circles is None:
        circles = assign_circles(net, now, params, ties)
    brokers, rel = broker_scores or {}, relevance or {}
    cadences = all_cadences(net, now, params, circles=circles, broker_scores=brokers, relevance=rel)
    items = []
    for pid, cad in cadences.items():
        person = net.people[pid]
        if not contactable(person) or cad.days is None:
            continue
        item = _due_item(person, cad, now, params, rel.get(pid, 0.0), brokers.get(pid, 0.0))
        if item is not None:
            items.append(item)
    items.sort(key=lambda d: (-d.priority, d.person, d.person_id))
    return items if limit is None else items[:limit]


# ---- one person -------------------------------------------------------------------------


def own_rhythm(log: tuple[InteractionFact, ...], params: CoachParams) -> float | None:
    """Median gap in days between real contacts, once there are enough of them."""
    days = sorted({it.on for it in log if is_meaningful(params, it)})
    meaningful = sum(1 for it in log if is_meaningful(params, it))
    if meaningful < params.rhythm_min_interactions or len(days) < 2:
        return None
    return float(statistics.median((b - a).days for a, b in pairwise(days)))


def _cadence(
    person: PersonFact,
    log: tuple[InteractionFact, ...],
    circle: str,
    now: date,
    params: CoachParams,
    broker: float,
    relevance: float,
) -> Cadence:
    last = log[-1].on if log else None
    reference = last or known_since(person, log)
    base = _base(person, log, circle, now, params)
    days, source = base
    modifiers: tuple[str, ...] = ()
    if source in ("rhythm", "circle") and days is not None:
        modifiers = _modifiers(person, params, broker, relevance)
        factor = 1.0
        for name in modifiers:
            factor *= {
                "bridge": params.bridge_factor,
                "goal": params.goal_factor,
                "kin": params.kin_factor,
            }[name]
        days = _round(min(params.cadence_max_days, max(params.cadence_min_days, days * factor)))
    due_on = reference + timedelta(days=days) if days is not None else None
    why = _cadence_why(person, circle, days, source, modifiers, log, now)
    return Cadence(person.id, circle, days, source, modifiers, last, reference, due_on, why)


def _base(
    person: PersonFact,
    log: tuple[InteractionFact, ...],
    circle: str,
    now: date,
    params: CoachParams,
) -> tuple[int | None, str]:
    """The unmodified cadence and its source; the user's override always wins."""
    if person.cadence_days is not None and person.cadence_days > 0:
        return person.cadence_days, "override"
    onboarding = _onboarding(person, log, now, params)
    if onboarding is not None:
        return onboarding, "onboarding"
    if circle not in params.cadence_days:
        return None, "none"
    rhythm = own_rhythm(log, params)
    if rhythm is not None and circle in params.rhythm_range:
        lo, hi = params.rhythm_range[circle]
        return _round(min(hi, max(lo, rhythm))), "rhythm"
    return params.cadence_days[circle], "circle"


def _round(days: float) -> int:
    """Half up (22.5 -> 23), unlike round()'s half-to-even."""
    return int(days + 0.5)


def _onboarding(
    person: PersonFact, log: tuple[InteractionFact, ...], now: date, params: CoachParams
) -> int | None:
    """Days from the last contact to the next onboarding touch (+7, +30, +90 after meeting)."""
    met = met_date(person, log)
    if met is None or not 0 <= (now - met).days < params.onboarding_window_days:
        return None
    reference = max(met, log[-1].on) if log else met
    for offset in params.onboarding_days:
        touch = met + timedelta(days=offset)
        if touch > reference:
            return (touch - reference).days
    return None


def _modifiers(
    person: PersonFact, params: CoachParams, broker: float, relevance: float
) -> tuple[str, ...]:
    found = []
    if broker >= params.bridge_min_score:
        found.append("bridge")
    if relevance >= params.goal_min_relevance:
        found.append("goal")
    if person.is_kin:
        found.append("kin")
    return tuple(found)


def _cadence_why(
    person: PersonFact,
    circle: str,
    days: int | None,
    source: str,
    modifiers: tuple[str, ...],
    log: tuple[InteractionFact, ...],
    now: date,
) -> str:
    label = CIRCLE_LABELS.get(circle, circle)
    if days is None:
        return f"No regular cadence ({label}): reach out when something happens in their life."
    every = span(days)
    if source == "override":
        text = f"you asked for a touch every {every}"
    elif source == "onboarding":
        met = met_date(person, log) or now
        touch_day = ((log[-1].on if log else met) + timedelta(days=days) - met).days
        text = (
            f"new contact (met {span((now - met).days)} ago): a touch on day {touch_day} "
            "keeps a new tie warm"
        )
    elif source == "rhythm":
        text = f"you usually talk every ~{every} ({label})"
    else:
        text = f"{label}: every ~{every}"
    if modifiers:
        text += " (" + "; ".join(_MODIFIER_WHY[m] for m in modifiers) + ")"
    return text[0].upper() + text[1:] + "."


def _due_item(
    person: PersonFact,
    cad: Cadence,
    now: date,
    params: CoachParams,
    relevance: float,
    broker: float,
) -> DueItem | None:
    assert cad.days is not None and cad.due_on is not None
    days_since = max(0, (now - cad.reference).days)
    ratio = days_since / max(1, cad.days)
    if ratio < 1.0:
        return None
    priority = (
        min(ratio, params.overdue_cap)
        * (params.relevance_base + relevance)
        * (1 + params.broker_weight * broker)
    )
    if ratio >= params.rich_channel_overdue:
        channel = "call, video or in person"
    elif cad.circle == "C500":
        channel = "comment, message or email"
    else:
        channel = "message or email"
    return DueItem(
        person_id=person.id,
        person=person.name,
        circle=cad.circle,
        cadence_days=cad.days,
        days_since=days_since,
        overdue_ratio=ratio,
        priority=priority,
        suggested_channel=channel,
        due_on=cad.due_on,
        why=_due_why(cad, days_since),
    )


def _due_why(cad: Cadence, days_since: int) -> str:
    base = cad.why.rstrip(".")
    base = base[0].lower() + base[1:]
    if cad.last_contact is None:
        return f"{base}; you haven't talked since you met, {span(days_since)} ago"
    return f"{base}; it's been {span(days_since)}"
