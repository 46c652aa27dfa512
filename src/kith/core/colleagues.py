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

Speed: dates become day numbers, a pair is one integer (``low * span + high``), and a pair's
overlap is known to reach a month as soon as the later stint does (the earlier one is still
running then), so the sweep does no per-pair date test.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

from kith.core.params.jobs import JobParams
from kith.core.relevance import is_current, role_family
from kith.core.types import LinkFact, Network
from kith.gcpause import paused_gc

_KIND = "colleague_inferred"


@dataclass(frozen=True, slots=True)
class _Stint:
    pid: int  # person id minus the smallest id, so pair keys are never negative
    start: date | None
    first: int  # start as a day number (0 when unknown)
    end: int  # end as a day number; ``now`` for current positions
    current: bool
    family: str | None


_Pair = tuple[int, int, date | None]  # (-overlap days, pair key, since)


def infer_colleague_links(net: Network, now: date, params: JobParams) -> tuple[LinkFact, ...]:
    """New ``colleague_inferred`` links between contacts, sorted by (a, b)."""
    low = min(net.people, default=0)
    span = max(net.people, default=0) - low + 1  # pair key: (a - low) * span + (b - low)
    found: dict[int, tuple[int, date | None]] = {}
    for stints in _stints_by_org(net, now, low).values():
        for neg, key, since in _org_pairs(stints, span, params):
            if -neg > found.get(key, (-1, None))[0]:  # the first organization wins a tie
                found[key] = (-neg, since)
    for x in net.links:  # a link the user entered always wins
        a, b = (x.a, x.b) if x.a < x.b else (x.b, x.a)
        if a >= low and b - low < span:
            found.pop((a - low) * span + b - low, None)
    with paused_gc():
        return tuple(
            LinkFact(key // span + low, key % span + low, _KIND, found[key][1])
            for key in sorted(found)
        )


def _stints_by_org(net: Network, now: date, low: int) -> dict[str, list[_Stint]]:
    """Positions started by ``now`` per organization; ``pid`` is the id minus ``low``."""
    groups: dict[str, list[_Stint]] = {}
    today = now.toordinal()
    for pid in sorted(net.people):
        for pos in net.people[pid].positions:
            if not pos.org_key or (pos.started_on is not None and pos.started_on > now):
                continue
            current = is_current(pos, now)
            end = today if current or pos.ended_on is None else min(pos.ended_on, now).toordinal()
            first = pos.started_on.toordinal() if pos.started_on is not None else 0
            family = role_family(pos.title) if pos.title else None
            groups.setdefault(pos.org_key, []).append(
                _Stint(pid - low, pos.started_on, first, end, current, family)
            )
    return groups


def _org_pairs(stints: list[_Stint], span: int, params: JobParams) -> list[_Pair]:
    """(-overlap days, pair key, since) for one organization, capped to the longest overlaps."""
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
        pairs += _dated_pairs(group, span, params.colleague_min_overlap_days)
        pairs += _undated_pairs(group, span)
    if len(pairs) <= params.colleague_max_pairs_per_org:
        return pairs  # in sweep order: for one pair, the earlier start comes first
    return heapq.nsmallest(params.colleague_max_pairs_per_org, pairs)


def _dated_pairs(stints: list[_Stint], span: int, min_days: int) -> list[_Pair]:
    """Sweep in start order: compare only with stints still running a month after a start.

    A running stint ``e`` (``e.end >= s.first + min_days``) overlaps a new stint ``s`` by
    ``min(e.end, s.end) - s.first`` days, which reaches ``min_days`` exactly when ``s``
    itself lasts that long; so either every running stint pairs with ``s`` or none does.
    """
    dated = sorted((s for s in stints if s.start is not None), key=lambda s: (s.first, s.pid))
    active: list[_Stint] = []
    out: list[_Pair] = []
    for s in dated:
        cutoff = s.first + min_days
        active = [e for e in active if e.end >= cutoff]
        if s.end >= cutoff:
            pid, end, first, since = s.pid, s.end, s.first, s.start
            out += [
                (
                    first - (e.end if e.end < end else end),
                    e.pid * span + pid if e.pid < pid else pid * span + e.pid,
                    since,
                )
                for e in active
                if e.pid != pid
            ]
        active.append(s)
    return out


def _undated_pairs(stints: list[_Stint], span: int) -> list[_Pair]:
    """Unknown start: overlapping only when both positions are current."""
    current = [s for s in stints if s.current]
    undated = [s for s in current if s.start is None]
    seen: set[int] = set()
    out: list[_Pair] = []
    for u in undated:
        for other in current:
            a, b = (u.pid, other.pid) if u.pid < other.pid else (other.pid, u.pid)
            if a == b or a * span + b in seen:
                continue
            seen.add(a * span + b)
            out.append((0, a * span + b, None))
    return out
