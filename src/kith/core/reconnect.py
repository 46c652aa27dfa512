"""Spec (d): which dormant ties are worth reconnecting with, ranked by value, not comfort.

Eligible: dormant (no meaningful contact for a long time) with LATENT >= 0.30, and not ended
on bad terms or marked do-not-contact (Levin et al. 2011: the value held for drift, not for
deliberate endings). Priority = (0.35 trust + 0.30 novelty + 0.35 goal fit) * initiative,
where novelty rewards little past time together and career moves since the last contact
(Walter et al. 2015). Every item carries an opener drawn from that career change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kith.core.params.jobs import JobParams
from kith.core.relevance import (
    SENIORITY_NAMES,
    JobTarget,
    active_job_goals,
    is_current,
    job_targets,
    relevance,
    seniority,
)
from kith.core.types import (
    InteractionFact,
    Network,
    PersonFact,
    PositionFact,
    Reciprocity,
    TieStrength,
)

ANTI_BIAS_NOTE = (
    "People tend to pick the old friends they spent the most time with. The most useful "
    "reconnections are often people you trusted but spent less time with, who have since "
    "moved on."
)  # Walter, Levin & Murnighan (2015)


@dataclass(frozen=True, slots=True)
class ReconnectItem:
    person_id: int
    person: str
    priority: float  # [0, 1]
    trust: float  # past quality and willingness ("engagement")
    novelty: float  # little time together, career moves since the last contact
    goal_fit: float  # relevance to the active job search (0.3 when none)
    initiative: float  # 1.0 when they used to reach out too, else 0.6
    dormant_years: float | None  # years since the last meaningful contact
    opener: str  # a first line that leads with a catch-up, not an ask
    why: str


@dataclass(frozen=True, slots=True)
class ReconnectResult:
    items: tuple[ReconnectItem, ...]
    note: str  # the anti-bias note (Walter 2015), shown with the list
    eligible: int  # dormant contacts that qualified before the limit


@dataclass(frozen=True, slots=True)
class _History:
    items: tuple[InteractionFact, ...]  # on or before now
    last: date | None  # last meaningful contact (from tie strength), else last interaction


def rank_dormant(
    net: Network,
    now: date,
    params: JobParams,
    ties: Mapping[int, TieStrength],
    reciprocity: Mapping[int, Reciprocity],
    limit: int | None = None,
) -> ReconnectResult:
    """Spec (d): dormant ties ranked by trust, novelty and goal fit, with openers."""
    goals = job_targets(net, now, params) if active_job_goals(net, now) else ()
    items = [
        _item(net, net.people[pid], ties[pid], now, params, reciprocity.get(pid), goals)
        for pid in sorted(net.people)
        if pid in ties and is_eligible(net.people[pid], ties[pid], params)
    ]
    items.sort(key=lambda i: (-i.priority, i.person, i.person_id))
    cap = params.reconnect_limit if limit is None else limit
    return ReconnectResult(tuple(items[:cap]), ANTI_BIAS_NOTE, len(items))


def is_eligible(person: PersonFact, tie: TieStrength, params: JobParams) -> bool:
    if person.ended or person.do_not_contact or person.archived:
        return False
    return tie.dormant and tie.latent >= params.dormant_min_latent


def _item(
    net: Network,
    person: PersonFact,
    tie: TieStrength,
    now: date,
    params: JobParams,
    rec: Reciprocity | None,
    goals: tuple[JobTarget, ...],
) -> ReconnectItem:
    hist = _history(net, person.id, tie, now)
    trust = trust_score(person, hist.items, params)
    parts = _novelty_parts(net, person, hist, now, params)
    novelty = sum(parts.values()) / len(parts)
    fit, fit_why = _goal_fit(person, goals, now, params)
    initiative = _initiative(hist.items, params)
    priority = (
        params.priority_w_trust * trust
        + params.priority_w_novelty * novelty
        + params.priority_w_goal * fit
    ) * initiative
    years = None if hist.last is None else round((now - hist.last).days / 365.25, 1)
    why = _why(person, years, trust, parts, hist, fit_why, rec, now)
    return ReconnectItem(
        person.id,
        person.name,
        round(priority, 4),
        round(trust, 4),
        round(novelty, 4),
        round(fit, 4),
        initiative,
        years,
        opener(person, hist.last, now),
        why,
    )


def _history(net: Network, pid: int, tie: TieStrength, now: date) -> _History:
    items = tuple(i for i in net.interactions_with(pid) if i.on <= now)
    last = tie.last_meaningful or (items[-1].on if items else None)
    return _History(items, last)


def _sat(x: float, k: float) -> float:
    return 1 - math.exp(-x / k)


def trust_score(person: PersonFact, items: tuple[InteractionFact, ...], params: JobParams) -> float:
    """0.5 closeness (or past peak intensity) + 0.3 lifetime favours + 0.2 lifetime mutuality."""
    if person.closeness is not None:
        closeness = (min(5, max(1, person.closeness)) - 1) / 4
    else:
        closeness = peak_intensity(items, params)
    favours = sum(
        params.services_connect_weight if i.intent == "connect" else params.services_give_weight
        for i in items
        if i.intent in ("give", "connect")
    )
    return (
        params.trust_w_closeness * closeness
        + params.trust_w_services * _sat(favours, params.services_saturation)
        + params.trust_w_mutuality * _mutuality(items, params)
    )


def peak_intensity(items: tuple[InteractionFact, ...], params: JobParams) -> float:
    """F_peak: the best 365-day window of channel-weighted contact, saturated at 6."""
    best = window = 0.0
    start = 0
    weights = params.peak_channel_weights
    for item in items:
        window += weights.get(item.channel, 0.0)
        while (item.on - items[start].on).days >= params.peak_window_days:
            window -= weights.get(items[start].channel, 0.0)
            start += 1
        best = max(best, window)
    return _sat(best, params.peak_saturation)


def _initiated(items: tuple[InteractionFact, ...]) -> tuple[float, float]:
    mine = sum(
        1.0 if i.initiator == "me" else 0.5 if i.initiator == "mutual" else 0.0 for i in items
    )
    theirs = sum(
        1.0 if i.initiator == "them" else 0.5 if i.initiator == "mutual" else 0.0 for i in items
    )
    return mine, theirs


def _mutuality(items: tuple[InteractionFact, ...], params: JobParams) -> float:
    mine, theirs = _initiated(items)
    total = mine + theirs
    if total == 0:
        return 0.0
    p = theirs / total
    return (1 - abs(2 * p - 1)) * _sat(total, params.mutuality_saturation)


def _initiative(items: tuple[InteractionFact, ...], params: JobParams) -> float:
    mine, theirs = _initiated(items)
    share = theirs / (mine + theirs) if mine + theirs else 0.0
    return 1.0 if share >= params.initiative_min_share else params.initiative_low


def hours_together(
    net: Network,
    person: PersonFact,
    items: tuple[InteractionFact, ...],
    now: date,
    params: JobParams,
) -> float:
    """Estimated hours spent together: per interaction, plus 2 h per month of shared tenure."""
    hours = sum(params.hours_per_channel.get(i.channel, 0.0) for i in items)
    shared_days = 0
    for mine in net.me.positions:
        for theirs in person.positions:
            if mine.org_key and mine.org_key == theirs.org_key:
                shared_days += _overlap_days(mine, theirs, now)
    return hours + params.hours_per_shared_month * shared_days / 30.44


def _overlap_days(a: PositionFact, b: PositionFact, now: date) -> int:
    if a.started_on is None or b.started_on is None:
        return 0
    end = min(a.ended_on or now, b.ended_on or now, now)
    return max(0, (end - max(a.started_on, b.started_on)).days)


def _position_on(person: PersonFact, day: date) -> PositionFact | None:
    current = [p for p in person.positions if is_current(p, day)]
    return max(current, key=lambda p: (p.started_on or date.min, p.org)) if current else None


def _novelty_parts(
    net: Network, person: PersonFact, hist: _History, now: date, params: JobParams
) -> dict[str, float]:
    """The four novelty terms of spec (d), each in [0, 1]."""
    hours = hours_together(net, person, hist.items, now, params)
    changes = 0
    then = now_pos = None
    if hist.last is not None:
        last = hist.last
        changes = sum(
            1 for p in person.positions if p.started_on is not None and last < p.started_on <= now
        )
        then, now_pos = _position_on(person, last), _position_on(person, now)
    moved = (
        then is not None
        and now_pos is not None
        and (
            then.org_key != now_pos.org_key
            or (then.industry or "").lower() != (now_pos.industry or "").lower()
        )
    )
    rose = (
        then is not None
        and now_pos is not None
        and (seniority(now_pos.title) > seniority(then.title))
    )
    return {
        "little_time": 1 - _sat(hours, params.hours_saturation),
        "job_changes": _sat(changes, params.job_changes_saturation),
        "moved": 1.0 if moved else 0.0,
        "higher_status": 1.0 if rose else 0.0,
    }


def _goal_fit(
    person: PersonFact, goals: tuple[JobTarget, ...], now: date, params: JobParams
) -> tuple[float, str]:
    if not goals:
        return params.no_goal_fit, ""
    best = max((relevance(person, t, now, params) for t in goals), key=lambda r: r.score)
    return best.score, best.why


def opener(person: PersonFact, last: date | None, now: date) -> str:
    """A first line from the career change since the last contact ("Saw you moved to X")."""
    first = person.name.split()[0] if person.name.split() else person.name
    current = _position_on(person, now)
    moved = current is not None and (
        last is None or (current.started_on is not None and current.started_on > last)
    )
    if current is not None and moved and last is not None:
        role = f" as {current.title}" if current.title else ""
        return f"Hi {first}, saw you moved to {current.org}{role} — congratulations!"
    if current is not None:
        return f"Hi {first}, it's been a while — how are things at {current.org}?"
    return f"Hi {first}, it's been a while — I'd love to hear what you've been up to."


def _why(
    person: PersonFact,
    years: float | None,
    trust: float,
    parts: Mapping[str, float],
    hist: _History,
    fit_why: str,
    rec: Reciprocity | None,
    now: date,
) -> str:
    gap = f"dormant {years:.0f} years" if years is not None else "dormant"
    clauses = [f"trust {trust:.2f} from your past together"]
    if parts["little_time"] >= 0.5:
        clauses.append("you spent little time together, so they will know things you don't")
    current = _position_on(person, now)
    if parts["moved"] and current is not None:
        clauses.append(f"they have since moved to {current.org}")
    if parts["higher_status"] and current is not None:
        clauses.append(f"they are now {SENIORITY_NAMES[seniority(current.title)]}-level")
    if fit_why:
        clauses.append(f"relevant to your goal: {fit_why}")
    if rec is not None and "owes" in rec.flags:
        clauses.append("they helped you before, so open with thanks")
    text = f"Reconnect with {person.name} ({gap}): " + "; ".join(clauses)
    return text + ". Start with a short catch-up call, not an ask."
