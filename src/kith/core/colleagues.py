"""Infer "colleague_inferred" links from overlapping tenures at the same organization.

Two contacts are inferred colleagues when they held positions at the same ``org_key`` whose
dates overlap by at least a month. A position with an unknown start date overlaps only when
both positions are current. A link the user entered between the same pair (of any kind)
always wins: no inferred link is returned for it.

Scale: positions are grouped by organization and swept in start order, so only pairs whose
dates overlap are ever compared. At large organizations (more than ``colleague_large_org``
people) working at the same time is weak evidence, so the pair must also share a role family,
and each organization contributes at most ``colleague_max_pairs_per_org`` pairs, longest
overlaps first. Above ``colleague_max_org_people`` known people at one organization, nothing
is inferred there at all: sharing a very large employer is no evidence of knowing each other,
and enumerating its pairs would cost minutes at LinkedIn scale.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta

from kith.core.params.jobs import JobParams
from kith.core.relevance import is_current, role_family
from kith.core.types import LinkFact, Network


@dataclass(frozen=True, slots=True)
class _Stint:
    pid: int
    start: date | None
    end: date  # ``now`` for current positions
    current: bool
    family: str | None


def infer_colleague_links(net: Network, now: date, params: JobParams) -> tuple[LinkFact, ...]:
    """New ``colleague_inferred`` links between contacts, sorted by (a, b)."""
    entered = {(x.a, x.b) if x.a < x.b else (x.b, x.a) for x in net.links}
    found: dict[tuple[int, int], tuple[int, date | None]] = {}
    for stints in _stints_by_org(net, now).values():
        for overlap, a, b, since in _org_pairs(stints, params):
            key = (a, b)
            if key in entered or overlap <= found.get(key, (-1, None))[0]:
                continue
            found[key] = (overlap, since)
    return tuple(
        LinkFact(a, b, "colleague_inferred", since) for (a, b), (_, since) in sorted(found.items())
    )


def _stints_by_org(net: Network, now: date) -> dict[str, list[_Stint]]:
    groups: dict[str, list[_Stint]] = {}
    for pid in sorted(net.people):
        for pos in net.people[pid].positions:
            if not pos.org_key or (pos.started_on is not None and pos.started_on > now):
                continue
            current = is_current(pos, now)
            end = now if current or pos.ended_on is None else min(pos.ended_on, now)
            family = role_family(pos.title) if pos.title else None
            groups.setdefault(pos.org_key, []).append(
                _Stint(pid, pos.started_on, end, current, family)
            )
    return groups


def _org_pairs(stints: list[_Stint], params: JobParams) -> list[tuple[int, int, int, date | None]]:
    """(overlap days, a, b, since) for one organization, capped to the longest overlaps."""
    people = len({s.pid for s in stints})
    if people > params.colleague_max_org_people:
        return []  # at a very large employer, sharing it says little about knowing each other
    groups = [stints]
    if people > params.colleague_large_org:
        by_family: dict[str, list[_Stint]] = {}
        for s in stints:
            if s.family is not None:
                by_family.setdefault(s.family, []).append(s)
        groups = [by_family[f] for f in sorted(by_family)]
    pairs: list[_Pair] = []
    for group in groups:
        pairs += _dated_pairs(group, params)
        pairs += _undated_pairs(group)
    best = heapq.nsmallest(params.colleague_max_pairs_per_org, pairs)
    return [(-neg, a, b, since) for neg, a, b, since in best]


_Pair = tuple[int, int, int, date | None]  # (-overlap days, lower id, higher id, since)


def _pair(days: int, x: _Stint, y: _Stint, since: date | None) -> _Pair:
    return (-days, x.pid, y.pid, since) if x.pid < y.pid else (-days, y.pid, x.pid, since)


def _dated_pairs(stints: list[_Stint], params: JobParams) -> list[_Pair]:
    """Sweep in start order: compare only with stints still running a month after a start."""
    min_days = params.colleague_min_overlap_days
    dated = sorted((s for s in stints if s.start is not None), key=lambda s: (s.start, s.pid))
    active: list[_Stint] = []
    out: list[_Pair] = []
    for s in dated:
        start = s.start
        assert start is not None
        cutoff = start + timedelta(days=min_days)
        active = [e for e in active if e.end >= cutoff]
        for e in active:
            days = (min(e.end, s.end) - start).days
            if e.pid != s.pid and days >= min_days:
                out.append(_pair(days, e, s, start))
        active.append(s)
    return out


def _undated_pairs(stints: list[_Stint]) -> list[_Pair]:
    """Unknown start: overlapping only when both positions are current."""
    current = [s for s in stints if s.current]
    undated = [s for s in current if s.start is None]
    seen: set[tuple[int, int]] = set()
    out: list[_Pair] = []
    for u in undated:
        for other in current:
            key = (min(u.pid, other.pid), max(u.pid, other.pid))
            if other.pid == u.pid or key in seen:
                continue
            seen.add(key)
            out.append(_pair(0, u, other, None))
    return out
