"""The weekly plan: a budgeted, explained mix of nudges for this week.

Candidates come from ``kith.core.plan_candidates`` (one generator per kind). Each person
appears once (the most pressing kind wins). The budget is split 40/20/40 between the inner
circle (C5), the close circle (C15) and everyone else (Dunbar's effort split); a share with
too few candidates passes its slots on, so the budget is still used.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from kith.core import plan_candidates as gen
from kith.core.cadence import assign_circles, due_list
from kith.core.coach_common import logs_until, monday
from kith.core.groups import active_contributors
from kith.core.params.coach import CoachParams
from kith.core.plan_candidates import KINDS, Candidate, Inputs
from kith.core.reciprocity import all_ledgers
from kith.core.ties import all_tie_strengths
from kith.core.types import Network, TieStrength

_BUCKETS = ("inner circle", "close circle", "wider network")


@dataclass(frozen=True, slots=True)
class PlanItem:
    person_id: int
    person: str
    action: str
    kind: str  # thanks, follow_up, give_before_ask, congratulate, overdue, dormant, weak_tie,
    #            group_contributor, new_person
    why: str
    circle: str
    priority: float


@dataclass(frozen=True, slots=True)
class Plan:
    week_of: date  # Monday of the week that contains ``now``
    budget: int
    items: tuple[PlanItem, ...]  # at most ``budget``; highest priority first
    why: str


def weekly_plan(
    net: Network,
    now: date,
    params: CoachParams,
    budget: int | None = None,
    *,
    ties: Mapping[int, TieStrength] | None = None,
    broker_scores: Mapping[int, float] | None = None,
    relevance: Mapping[int, float] | None = None,
    planned_asks: Collection[int] = (),
) -> Plan:
    """This week's plan within ``budget`` nudges (default ``params.weekly_budget``).

    ``broker_scores`` (spec e) and ``relevance`` (spec c) are optional; ``planned_asks`` are
    people the user means to ask soon (each gets a give first).
    """
    budget = params.weekly_budget if budget is None else max(0, budget)
    x = _inputs(net, now, params, ties, broker_scores or {}, relevance or {}, planned_asks)
    chosen = _choose(_candidates(x), x, budget, params)
    items = [
        PlanItem(
            person_id=c.person_id,
            person=net.people[c.person_id].name,
            action=c.action,
            kind=c.kind,
            why=c.why,
            circle=x.circles[c.person_id],
            priority=c.priority,
        )
        for c in chosen
    ]
    items.sort(key=lambda i: (-i.priority, i.person, i.person_id))
    return Plan(monday(now), budget, tuple(items), _summary(items, budget))


def _inputs(
    net: Network,
    now: date,
    params: CoachParams,
    ties: Mapping[int, TieStrength] | None,
    brokers: Mapping[int, float],
    relevance: Mapping[int, float],
    planned_asks: Collection[int],
) -> Inputs:
    ties = ties if ties is not None else all_tie_strengths(net, now, params)
    circles = assign_circles(net, now, params, ties)
    due = due_list(
        net, now, params, ties=ties, circles=circles, broker_scores=brokers, relevance=relevance
    )
    return Inputs(
        net=net,
        now=now,
        params=params,
        logs=logs_until(net, now),
        ties=ties,
        circles=circles,
        ledgers=all_ledgers(net, now, params, circles),
        due=due,
        contributors=active_contributors(net, now, params),
        relevance=relevance,
        planned_asks=frozenset(planned_asks),
    )


def _candidates(x: Inputs) -> list[Candidate]:
    """All candidates, one per person: the first kind in KINDS order wins."""
    found = (
        gen.thanks(x)
        + gen.follow_ups(x)
        + gen.gives_first(x)
        + gen.congratulations(x)
        + gen.from_due(x)
        + gen.dormant(x)
        + gen.contributors(x)
        + gen.new_person(x)
    )
    rank = {kind: i for i, kind in enumerate(KINDS)}
    best: dict[int, Candidate] = {}
    for c in sorted(found, key=lambda c: (rank[c.kind], -c.priority, c.person_id, c.action)):
        best.setdefault(c.person_id, c)
    return list(best.values())


def _bucket(circle: str) -> int:
    return {"C5": 0, "C15": 1}.get(circle, 2)


def _choose(cands: list[Candidate], x: Inputs, budget: int, params: CoachParams) -> list[Candidate]:
    inner, close, _ = params.budget_split
    slots = [round(budget * inner), round(budget * close)]
    slots.append(max(0, budget - sum(slots)))
    names = x.net.people
    cands = sorted(cands, key=lambda c: (-c.priority, names[c.person_id].name, c.person_id))
    by_bucket: list[list[Candidate]] = [[], [], []]
    for c in cands:
        by_bucket[_bucket(x.circles.get(c.person_id, "C1500"))].append(c)
    chosen: list[Candidate] = []
    for i, pool in enumerate(by_bucket):
        picked = _mix(pool, slots[i]) if i == 2 else pool[: slots[i]]
        chosen.extend(picked)
    left = budget - len(chosen)
    taken = {c.person_id for c in chosen}
    rest = [c for c in cands if c.person_id not in taken]
    return chosen + rest[: max(0, left)]


def _mix(pool: list[Candidate], n: int) -> list[Candidate]:
    """The best of each kind first (a mix), then the rest by priority."""
    picked: list[Candidate] = []
    for kind in KINDS:
        first = next((c for c in pool if c.kind == kind), None)
        if first is not None and len(picked) < n:
            picked.append(first)
    taken = {c.person_id for c in picked}
    picked.extend([c for c in pool if c.person_id not in taken][: n - len(picked)])
    return picked


def _summary(items: list[PlanItem], budget: int) -> str:
    if not items:
        return "Nothing pressing this week: a good week to meet someone new."
    counts = [0, 0, 0]
    for item in items:
        counts[_bucket(item.circle)] += 1
    parts = [f"{n} {label}" for n, label in zip(counts, _BUCKETS, strict=True) if n]
    return f"{len(items)} of {budget} touches this week: " + ", ".join(parts) + "."
