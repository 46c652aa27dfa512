"""Spec (a): tie strength with its seven components, two sub-scores, band and one-line why.

``all_tie_strengths`` precomputes the network-wide inputs (mutual contacts, shared groups,
shared tenure) once and then makes one pass over each contact's log, so 30,000 people and
500,000 interactions take a few seconds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain

from kith.core.alter_graph import linked_contacts
from kith.core.coach_common import (
    GIVE_INTENTS,
    LastResult,
    known_since,
    log_until,
    logs_until,
    plural,
    sat,
    span,
)
from kith.core.params.coach import CoachParams
from kith.core.types import InteractionFact, Network, PersonFact, PositionFact, TieStrength
from kith.errors import PersonNotFoundError

COMPONENTS: tuple[str, ...] = (
    "recency",
    "intensity",
    "duration",
    "closeness",
    "structural",
    "services",
    "mutuality",
)
_LN2 = math.log(2.0)
_YEAR = 365.25
_TIES: LastResult[dict[int, TieStrength]] = LastResult()


@dataclass(frozen=True, slots=True)
class _Shared:
    """Network-wide inputs, computed once for all contacts."""

    mutuals: Mapping[int, int]  # contacts linked to each contact
    groups: Mapping[int, int]  # groups the user and the contact both belong to
    group_years: Mapping[int, float]  # years of the user's membership in those groups
    my_positions: tuple[PositionFact, ...]


@dataclass(slots=True)
class _Tally:
    """One pass over a contact's log; the raw facts behind the components and the why."""

    intensity: float = 0.0
    last_meaningful: date | None = None
    conversations: int = 0  # meaningful, within recent_conversation_days
    n_me: float = 0.0
    n_them: float = 0.0
    s_me: float = 0.0
    s_them: float = 0.0
    favours: int = 0  # lifetime gives, intros and helped asks, both ways
    peak: float = 0.0  # max undecayed channel weight in one window


def all_tie_strengths(net: Network, now: date, params: CoachParams) -> dict[int, TieStrength]:
    """Tie strength of every contact as of ``now`` (interactions after ``now`` ignored)."""
    cached = _TIES.get(net, (now, params))
    if cached is None:
        shared = _shared(net, now)
        logs = logs_until(net, now)
        cached = _TIES.put(
            net,
            (now, params),
            {pid: _tie(p, logs[pid], shared, now, params) for pid, p in net.people.items()},
        )
    return dict(cached)


def tie_strength(net: Network, person_id: int, now: date, params: CoachParams) -> TieStrength:
    """Tie strength of one contact as of ``now``."""
    person = net.people.get(person_id)
    if person is None:
        raise PersonNotFoundError(str(person_id))
    return _tie(person, log_until(net, person_id, now), _shared(net, now, person_id), now, params)


def band_of(score: float, params: CoachParams) -> str:
    """strong >= 0.65 > medium >= 0.40 > weak >= 0.15 > nominal."""
    if score >= params.band_strong:
        return "strong"
    if score >= params.band_medium:
        return "medium"
    if score >= params.band_weak:
        return "weak"
    return "nominal"


def effective_weights(params: CoachParams, rated: bool) -> dict[str, float]:
    """The TS weights; without a closeness rating, K is dropped and the rest renormalized."""
    w = dict(params.tie_weights)
    if rated:
        return w
    k = w.pop("closeness")
    return {name: value / (1.0 - k) for name, value in w.items()}


# ---- shared inputs ----------------------------------------------------------------------


def _shared(net: Network, now: date, only: int | None = None) -> _Shared:
    people = net.people
    # links to the user say nothing about mutual contacts; each pair counts once
    if only is None:
        mutuals: Mapping[int, int] = linked_contacts(people, net.links)
    else:
        pairs = {(ln.a, ln.b) if ln.a < ln.b else (ln.b, ln.a) for ln in net.links
                 if only in (ln.a, ln.b)}  # fmt: skip
        mutuals = Counter(
            chain.from_iterable((a, b) for a, b in pairs if a != b and a in people and b in people)
        )
    groups: dict[int, int] = {}
    years: dict[int, float] = {}
    for g in sorted(net.groups, key=lambda g: g.id):  # a fixed order keeps float sums stable
        if g.my_role is None:
            continue
        mine = 0.0
        if g.joined_on is not None and g.joined_on <= now:
            mine = (now - g.joined_on).days / _YEAR
        for pid in g.members:
            if only is None or pid == only:
                groups[pid] = groups.get(pid, 0) + 1
                years[pid] = years.get(pid, 0.0) + mine
    return _Shared(mutuals, groups, years, net.me.positions)


def shared_tenure_years(
    mine: tuple[PositionFact, ...], theirs: tuple[PositionFact, ...], now: date
) -> float:
    """Years the user and the contact overlapped at the same organization (up to ``now``)."""
    total = 0
    for a in mine:
        if a.started_on is None:
            continue
        for b in theirs:
            if b.started_on is None or b.org_key != a.org_key:
                continue
            start = max(a.started_on, b.started_on)
            end = min(a.ended_on or now, b.ended_on or now, now)
            total += max(0, (end - start).days)
    return total / _YEAR


# ---- one contact ------------------------------------------------------------------------


def _tally(log: tuple[InteractionFact, ...], now: date, params: CoachParams) -> _Tally:
    """One pass with local accumulators (this loop runs once per interaction)."""
    t = _Tally()
    now_o = now.toordinal()
    k_f = _LN2 / params.half_life_intensity
    k_m = _LN2 / params.half_life_mutuality
    k_s = _LN2 / params.half_life_services
    cw, meaningful, recent = params.channel_w, params.meaningful, params.recent_conversation_days
    exp = math.exp
    intensity = n_me = n_them = 0.0
    weights: list[float] = []
    ords: list[int] = []
    for it in log:
        day = it.on.toordinal()
        age = now_o - day
        w = cw.get(it.channel, 0.0)
        weights.append(w)
        ords.append(day)
        intensity += w * exp(-age * k_f)
        if w >= meaningful:
            t.last_meaningful = it.on
            t.conversations += age <= recent
        d_m = exp(-age * k_m)
        if it.initiator != "them":
            n_me += d_m
        if it.initiator != "me":
            n_them += d_m
        if it.intent in GIVE_INTENTS or it.intent == "ask":
            _add_service(t, it, exp(-age * k_s), params)
    t.intensity, t.n_me, t.n_them = intensity, n_me, n_them
    t.peak = _peak(ords, weights, params.peak_window_days)
    return t


def _add_service(t: _Tally, it: InteractionFact, d_s: float, params: CoachParams) -> None:
    if it.intent in GIVE_INTENTS:
        w = params.services_connect_w if it.intent == "connect" else params.services_give_w
        if it.initiator != "them":
            t.s_me += w * d_s
        if it.initiator != "me":
            t.s_them += w * d_s
        t.favours += 1
    elif it.intent == "ask" and it.initiator == "me" and it.outcome == "helped":
        t.s_them += params.services_give_w * d_s  # they helped with my ask: a service received
        t.favours += 1


def _peak(ords: list[int], weights: list[float], width: int) -> float:
    """Max over any ``width``-day window of the undecayed channel weights (two pointers)."""
    best = total = 0.0
    start = 0
    for j, day in enumerate(ords):
        total += weights[j]
        while day - ords[start] >= width:
            total -= weights[start]
            start += 1
        best = max(best, total)
    return best


def _tie(
    person: PersonFact,
    log: tuple[InteractionFact, ...],
    shared: _Shared,
    now: date,
    params: CoachParams,
) -> TieStrength:
    t = _tally(log, now, params)
    since = known_since(person, log)
    tenure = shared_tenure_years(shared.my_positions, person.positions, now)
    group_years = shared.group_years.get(person.id, 0.0) * params.shared_group_tenure
    years = max(0, (now - since).days) / _YEAR + tenure + group_years
    n_groups = shared.groups.get(person.id, 0)
    n_mutual = shared.mutuals.get(person.id, 0)
    comp = _components(
        t, person, years, n_mutual + params.shared_group_mutual * n_groups, now, params
    )
    weights = effective_weights(params, person.closeness is not None)
    score = min(1.0, max(0.0, sum(weights[k] * comp[k] for k in comp)))
    active, latent = _sub_scores(comp, t, params)
    dormant = _is_dormant(t, since, latent, now, params)
    facts = _Facts(t, max(0, (now - since).days), tenure, person.closeness, n_mutual, n_groups)
    why = _why(score, band_of(score, params), dormant, comp, weights, facts, now)
    return TieStrength(
        person_id=person.id,
        score=score,
        band=band_of(score, params),
        dormant=dormant,
        active=active,
        latent=latent,
        components=comp,
        last_meaningful=t.last_meaningful,
        why=why,
    )


def _components(
    t: _Tally, person: PersonFact, years: float, mutuals: float, now: date, params: CoachParams
) -> dict[str, float]:
    comp: dict[str, float] = {}
    if t.last_meaningful is None:
        comp["recency"] = 0.0
    else:
        age = (now - t.last_meaningful).days
        comp["recency"] = math.exp(-age * _LN2 / params.half_life_recency)
    comp["intensity"] = sat(t.intensity, params.sat_intensity)
    comp["duration"] = sat(years, params.sat_duration_years)
    if person.closeness is not None:
        comp["closeness"] = min(1.0, max(0.0, (person.closeness - 1) / 4))
    comp["structural"] = sat(mutuals, params.sat_structural)
    services = sat(t.s_me + t.s_them, params.sat_services)
    if t.s_me > 0 and t.s_them > 0:
        services = min(1.0, services + params.services_both_bonus)
    comp["services"] = services
    total = t.n_me + t.n_them
    share = t.n_them / total if total > 0 else 0.5
    comp["mutuality"] = (1 - abs(2 * share - 1)) * sat(total, params.sat_mutuality)
    return comp


def _sub_scores(comp: Mapping[str, float], t: _Tally, params: CoachParams) -> tuple[float, float]:
    a_r, a_f, a_m = params.active_weights
    active = a_r * comp["recency"] + a_f * comp["intensity"] + a_m * comp["mutuality"]
    f_peak = sat(t.peak, params.sat_peak)
    l_d, l_f, l_k, l_s, l_x = params.latent_weights
    closeness = comp.get("closeness", 0.5 * f_peak)
    latent = (
        l_d * comp["duration"]
        + l_f * f_peak
        + l_k * closeness
        + l_s * comp["services"]
        + l_x * comp["structural"]
    )
    return min(1.0, active), min(1.0, latent)


def _is_dormant(t: _Tally, since: date, latent: float, now: date, params: CoachParams) -> bool:
    """No real contact for dormant_days (or ever, for someone known that long) and a bond."""
    if latent < params.dormant_latent_min or (now - since).days < params.dormant_days:
        return False
    return t.last_meaningful is None or (now - t.last_meaningful).days >= params.dormant_days


# ---- the one-sentence why ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    tally: _Tally
    days_known: int
    tenure_years: float
    closeness: int | None
    mutuals: int
    groups: int


def _why(
    score: float,
    band: str,
    dormant: bool,
    comp: Mapping[str, float],
    weights: Mapping[str, float],
    facts: _Facts,
    now: date,
) -> str:
    head = f"Strength {score:.2f} ({band}{', dormant' if dormant else ''})"
    order = {name: i for i, name in enumerate(COMPONENTS)}
    gains = sorted(comp, key=lambda k: (-weights[k] * comp[k], order[k]))
    top = [k for k in gains[:2] if weights[k] * comp[k] >= 0.005]
    rest = [k for k in comp if k not in top]
    gap = min(rest, key=lambda k: (-weights[k] * (1 - comp[k]), order[k])) if rest else None
    parts = " and ".join(_label(k, facts, now) for k in top)
    gap_text = _gap(gap, facts, now) if gap is not None else ""
    if not parts:
        return f"{head}: {gap_text}." if gap_text else f"{head}."
    return f"{head}: {parts}, but {gap_text}." if gap_text else f"{head}: {parts}."


def _label(name: str, f: _Facts, now: date) -> str:
    t = f.tally
    if name == "recency":
        days = (now - t.last_meaningful).days if t.last_meaningful else 0
        return "you spoke today" if days == 0 else f"you spoke {span(days)} ago"
    if name == "intensity":
        if t.conversations == 0:
            return "you've been in touch lately"
        return f"you've had {plural(t.conversations, 'real conversation')} in the last 6 months"
    if name == "duration":
        text = f"you've known each other {span(f.days_known)}"
        if f.tenure_years * _YEAR >= 30:
            text += f" and worked together {span(round(f.tenure_years * _YEAR))}"
        return text
    if name == "closeness":
        return f"you rated them {f.closeness}/5"
    if name == "structural":
        return _shared_text(f)
    if name == "services":
        return f"you've exchanged {plural(t.favours, 'favour or intro', 'favours or intros')}"
    return "you both reach out"


def _gap(name: str, f: _Facts, now: date) -> str:
    t = f.tally
    if name == "recency":
        if t.last_meaningful is None:
            return "you've never had a real conversation"
        return f"it's been {span((now - t.last_meaningful).days)} since you last spoke"
    if name == "intensity":
        return "recent contact is thin"
    if name == "duration":
        return f"you've only known each other {span(f.days_known)}"
    if name == "closeness":
        return f"you rated them {f.closeness}/5"
    if name == "structural":
        return (
            "you share no mutual contacts"
            if f.mutuals + f.groups == 0
            else (f"{_shared_text(f).replace('you share', 'you share only', 1)}")
        )
    if name == "services":
        return (
            "no favours have been exchanged yet"
            if t.favours == 0
            else ("favours have been rare lately")
        )
    total = t.n_me + t.n_them
    if total == 0:
        return "neither of you has reached out"
    if abs(t.n_them / total - 0.5) < 0.1:
        return "you haven't been in touch much lately"
    if t.n_them < t.n_me:
        return "you do most of the reaching out"
    return "they do most of the reaching out"


def _shared_text(f: _Facts) -> str:
    bits = []
    if f.mutuals:
        bits.append(plural(f.mutuals, "mutual contact"))
    if f.groups:
        bits.append(plural(f.groups, "group"))
    return "you share " + " and ".join(bits)
