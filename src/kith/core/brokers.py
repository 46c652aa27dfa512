"""Spec (e): brokers, bridges, communities and the user's structural holes.

Broker scores combine the participation coefficient, betweenness percentile, low Burt
constraint and local bridges of each contact in the alter-alter graph (``alter_graph``,
igraph-based and cached per network). The user's own constraint and effective size are
computed here on the ego network E (G plus the user, edges weighted by tie strength), and
cross-cluster introductions are suggested as "connect" gives.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from kith.core.alter_graph import Community, Structure, labels, structure
from kith.core.params.jobs import JobParams
from kith.core.types import Network, PersonFact, TieStrength


@dataclass(frozen=True, slots=True)
class BrokerScore:
    person_id: int
    person: str
    score: float  # [0, 1]
    community: int  # -1: not in a reported cluster
    communities_touched: tuple[int, ...]  # reported clusters among their links
    participation: float  # Guimera-Amaral coefficient
    betweenness_pct: float  # percentile rank of betweenness among linked contacts
    constraint: float  # Burt constraint (1.0 when unknown)
    has_bridge: bool  # a local bridge (the two ends share no contact)
    why: str


@dataclass(frozen=True, slots=True)
class UserStructure:
    constraint: float  # Burt constraint of the user on the ego network
    effective_size: float  # non-redundant contacts
    efficiency: float  # effective_size / contacts
    contacts: int  # contacts with a non-zero tie
    why: str


@dataclass(frozen=True, slots=True)
class Hole:
    a: int  # community ids with no link between them, both holding user ties
    b: int
    label_a: str
    label_b: str
    why: str


@dataclass(frozen=True, slots=True)
class Introduction:
    a_id: int
    a: str
    b_id: int
    b: str
    shared_tags: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class BrokersResult:
    brokers: tuple[BrokerScore, ...]
    communities: tuple[Community, ...]
    user: UserStructure
    holes: tuple[Hole, ...]
    introductions: tuple[Introduction, ...]
    sampled_betweenness: bool  # True when betweenness used a sample of sources
    why: str


def broker_scores(net: Network, now: date, params: JobParams) -> dict[int, float]:
    """Spec (e) broker score per contact (used by cadence and the Ten-People Test)."""
    st = structure(net, now, params)
    return {pid: broker_score(st, v, net.people[pid], now, params) for v, pid in enumerate(st.ids)}


def broker_score(st: Structure, v: int, person: PersonFact, now: date, params: JobParams) -> float:
    """Spec (e) for vertex ``v``: structure when linked, career span when (nearly) isolated."""
    if st.degree[v] < 2:
        return round(career_span(person, now, params) * params.broker_isolate_factor, 4)
    touched = st.touched[v]
    low_constraint = 1 - min(1.0, st.constraint[v])
    raw = (
        params.broker_w_participation * st.participation[v]
        + params.broker_w_betweenness * st.betweenness_pct[v]
        + params.broker_w_low_constraint * low_constraint
        + params.broker_w_bridge * (1.0 if st.bridge[v] else 0.0)
    )
    factor = 1.0 if touched >= 2 else params.broker_single_community
    return round(min(1.0, raw * factor), 4)


def career_span(person: PersonFact, now: date, params: JobParams) -> float:
    """Fallback when links are unknown: how many industries and organizations a career spans."""
    seen = [p for p in person.positions if p.started_on is None or p.started_on <= now]
    industries = {p.industry.lower() for p in seen if p.industry}
    orgs = {p.org_key for p in seen if p.org_key}
    return params.span_industry_w * _sat(
        max(0, len(industries) - 1), params.span_industry_k
    ) + params.span_org_w * _sat(max(0, len(orgs) - 1), params.span_org_k)


def _sat(x: float, k: float) -> float:
    return 1 - math.exp(-x / k)


# ---- the report ------------------------------------------------------------------------


def find_brokers(
    net: Network, now: date, params: JobParams, ties: Mapping[int, TieStrength]
) -> BrokersResult:
    """Spec (e): brokers, clusters, the user's structural position, holes and introductions."""
    st = structure(net, now, params)
    people = net.people
    scores = [broker_score(st, v, people[pid], now, params) for v, pid in enumerate(st.ids)]
    ranked = sorted(range(len(st.ids)), key=lambda v: (-scores[v], people[st.ids[v]].name, v))
    top = [v for v in ranked[: params.broker_limit] if scores[v] > 0]
    brokers = tuple(_broker(st, v, scores[v], net, now, params) for v in top)
    user = user_structure(st, ties, labels(st))
    holes = _holes(st, ties, params)
    intros = _introductions(net, st, ties, params)
    why = f"{len(st.communities)} clusters among {len(st.ids)} contacts. {user.why}" + (
        f" You span {len(holes)} gap(s) between clusters no one else links." if holes else ""
    )
    return BrokersResult(brokers, st.communities, user, holes, intros, st.sampled, why)


def _broker(
    st: Structure, v: int, score: float, net: Network, now: date, params: JobParams
) -> BrokerScore:
    person = net.people[st.ids[v]]
    touched = tuple(sorted({st.reported[c] for c in st.comm_edges(v) if c in st.reported}))
    return BrokerScore(
        st.ids[v],
        person.name,
        score,
        st.reported.get(st.membership[v], -1),
        touched,
        round(st.participation[v], 4),
        round(st.betweenness_pct[v], 4),
        round(st.constraint[v], 4),
        st.bridge[v],
        _broker_why(st, v, person, now, params),
    )


def _broker_why(st: Structure, v: int, person: PersonFact, now: date, params: JobParams) -> str:
    name, names = person.name, labels(st)
    if st.degree[v] < 2:
        span = career_span(person, now, params)
        if span <= 0:
            return f"{name} has no known links to your other contacts yet."
        return (
            f"{name} has few known links here, but a career across several organizations "
            f"or industries may bridge worlds you don't see (span {span:.2f})."
        )
    own, comm_edges = st.membership[v], st.comm_edges(v)
    for comm, count in sorted(comm_edges.items()):
        key = (min(own, comm), max(own, comm))
        if comm != own and st.between.get(key, 0) == count and own in names and comm in names:
            return (
                f"{name} is a bridge: links your {names[own]} cluster to your "
                f"{names[comm]} cluster, and no one else in your network does."
            )
    named = sorted({names[c] for c in comm_edges if c in names})
    text = (
        f"{name} touches {len(comm_edges)} of your clusters"
        + (f" ({', '.join(named[:3])})" if named else "")
        + f"; constraint {st.constraint[v]:.2f}, betweenness above "
        f"{st.betweenness_pct[v] * 100:.0f}% of your linked contacts"
    )
    return text + ("; has a link no one else shares." if st.bridge[v] else ".")


def user_structure(
    st: Structure, ties: Mapping[int, TieStrength], cluster_labels: Mapping[int, str] | None = None
) -> UserStructure:
    """Burt constraint and effective size of the user on E = G + user (edges weighted TS)."""
    w_u = {
        v: ties[pid].score for v, pid in enumerate(st.ids) if pid in ties and ties[pid].score > 0
    }
    if not w_u:
        return UserStructure(0.0, 0.0, 0.0, 0, "You have no ties yet to measure.")
    cons = _user_constraint(st, w_u)
    effsize = len(w_u) - _redundancy(st, w_u)
    eff = effsize / len(w_u)
    return UserStructure(
        round(cons, 4),
        round(effsize, 4),
        round(eff, 4),
        len(w_u),
        _user_why(st, w_u, cons, cluster_labels or {}),
    )


def _user_constraint(st: Structure, w_u: Mapping[int, float]) -> float:
    """Burt constraint of the user on E: igraph's, asked for the one added vertex only."""
    ego = st.graph.copy()
    ego.add_vertices(1)
    user = ego.vcount() - 1
    ego.add_edges([(user, v) for v in w_u], attributes={"w": list(w_u.values())})
    return float(ego.constraint([user], weights="w")[0])


def _redundancy(st: Structure, w_u: Mapping[int, float]) -> float:
    """sum_j sum_q p_uq * w_jq / (j's strongest tie) over links among the user's contacts.

    Effective size is the number of contacts minus this (Burt; Borgatti's n - 2t/n when
    unweighted); each link j-q adds its weight once for j and once for q.
    """
    total_u = sum(w_u.values())
    p_u = [0.0] * len(st.ids)
    top = [1.0] * len(st.ids)
    for v, w in w_u.items():
        p_u[v], top[v] = w / total_u, max(st.max_weight[v], w)
    return sum(
        w * (p_u[b] / top[a] + p_u[a] / top[b])
        for (a, b), w in zip(st.pairs, st.weights, strict=True)
        if p_u[a] > 0 and p_u[b] > 0
    )


def _user_why(st: Structure, w_u: dict[int, float], cons: float, names: Mapping[int, str]) -> str:
    level = (
        "low: you span several groups"
        if cons < 0.3
        else ("moderate" if cons < 0.6 else "high: your contacts mostly know each other")
    )
    text = f"Your network constraint is {cons:.2f} ({level})."
    share: dict[int, float] = {}
    for v, w in w_u.items():
        share[st.membership[v]] = share.get(st.membership[v], 0.0) + w
    named = sorted((c for c in share if c in names), key=lambda c: (-share[c], c))
    if len(named) >= 3:
        top = sum(share[c] for c in named[:2]) / sum(share.values())
        text += (
            f" {top:.0%} of your tie strength sits in 2 of your {len(named)} clusters "
            f"({names[named[0]]} and {names[named[1]]})."
        )
    return text


def _holes(st: Structure, ties: Mapping[int, TieStrength], params: JobParams) -> tuple[Hole, ...]:
    strength: dict[int, float] = {}
    for v, pid in enumerate(st.ids):
        t = ties.get(pid)
        raw = st.membership[v]
        if t is not None and t.score >= params.user_neighbour_min_ts and raw in st.reported:
            strength[raw] = strength.get(raw, 0.0) + t.score
    top = sorted(strength, key=lambda c: (-strength[c], st.reported[c]))[:30]
    names = labels(st)
    found = [
        (strength[a] * strength[b], a, b)
        for a, b in combinations(sorted(top), 2)
        if st.between.get((a, b), 0) == 0
    ]
    found.sort(key=lambda x: (-x[0], st.reported[x[1]], st.reported[x[2]]))
    out: list[Hole] = []
    for _, a, b in found[: params.max_holes]:
        why = (
            f"No one in your {names[a]} cluster is known to know anyone in your "
            f"{names[b]} cluster: you are the bridge, a strength worth using."
        )
        out.append(Hole(st.reported[a], st.reported[b], names[a], names[b], why))
    return tuple(out)


def _introductions(
    net: Network, st: Structure, ties: Mapping[int, TieStrength], params: JobParams
) -> tuple[Introduction, ...]:
    """Two contacts in different clusters who share >= 2 interests: a "connect" give.

    Candidates are bucketed by pairs of tags; only the strongest ``intro_bucket_cap`` ties per
    bucket are paired, so the work stays linear in the number of contacts.
    """
    tags: dict[int, frozenset[str]] = {}
    strength: dict[int, float] = {}
    buckets: dict[tuple[str, str], list[int]] = {}
    for v, pid in enumerate(st.ids):
        person, t = net.people[pid], ties.get(pid)
        if t is None or t.score < params.intro_min_ts or person.do_not_contact or person.ended:
            continue
        tags[v], strength[v] = frozenset(x.lower() for x in person.tags), t.score
        for pair in combinations(sorted(tags[v])[:10], 2):
            buckets.setdefault(pair, []).append(v)
    found: dict[tuple[int, int], tuple[int, float]] = {}
    for vs in buckets.values():
        vs.sort(key=lambda v: (-strength[v], v))
        for a, b in combinations(sorted(vs[: params.intro_bucket_cap]), 2):
            if (a, b) not in found and st.membership[a] != st.membership[b]:
                found[(a, b)] = (len(tags[a] & tags[b]), min(strength[a], strength[b]))
    ranked = sorted(found, key=lambda k: (-found[k][0], -found[k][1], k))
    return _pick_intros(net, st, ranked, params)


def _pick_intros(
    net: Network,
    st: Structure,
    ranked: list[tuple[int, int]],
    params: JobParams,
) -> tuple[Introduction, ...]:
    per_person: Counter[int] = Counter()
    out: list[Introduction] = []
    for a, b in ranked:
        if len(out) >= params.max_introductions:
            break
        if per_person[a] >= 2 or per_person[b] >= 2 or st.linked(a, b):
            continue
        pa, pb = net.people[st.ids[a]], net.people[st.ids[b]]
        shared = tuple(sorted({x.lower() for x in pa.tags} & {x.lower() for x in pb.tags}))
        why = (
            f"Introduce {pa.name} and {pb.name}: they sit in different parts of your "
            f"network and both care about {', '.join(shared[:3])}. An introduction is a "
            "give that costs you little."
        )
        out.append(Introduction(pa.id, pa.name, pb.id, pb.name, shared, why))
        per_person[a] += 1
        per_person[b] += 1
    return tuple(out)
