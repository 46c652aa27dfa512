"""The alter-alter graph G of spec (e), analysed once per network and cached.

G holds the user's contacts (the user excluded) and the known who-knows-whom links, weighted
by kind. Graph work runs on igraph, chosen by measurement (docs/model.md: on 30,000
nodes / 300,000 edges igraph's sampled betweenness took ~1 s against networkx's 139 s, Leiden
~1 s against networkx Louvain's 76 s, and constraint for every node 0.4 s against 95 s for
2,000 nodes). Communities use Leiden (modularity; the refined Louvain) under a seeded RNG;
betweenness is exact up to a size threshold and uses a deterministic sample of sources above
it; constraint is igraph's Burt constraint (identical to networkx's).
"""

from __future__ import annotations

import math
import random
import threading
import weakref
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date

import igraph as ig

from kith.core.params.jobs import JobParams
from kith.core.types import Network, PersonFact


@dataclass(frozen=True, slots=True)
class Community:
    id: int
    size: int
    label: str  # the most common organization (or tag) among members


@dataclass(frozen=True)
class Structure:
    """Everything about G that does not depend on tie strength (cached per network)."""

    ids: tuple[int, ...]  # vertex -> person id (sorted)
    graph: ig.Graph  # igraph graph over vertices, edge attribute "w"
    pairs: tuple[tuple[int, int], ...]  # edges as vertex pairs (a < b)
    weights: tuple[float, ...]  # edge weights, aligned with pairs
    degree: tuple[int, ...]
    strength: tuple[float, ...]  # weighted degree
    max_weight: tuple[float, ...]  # strongest incident edge (0 for isolates)
    membership: tuple[int, ...]  # raw community per vertex
    reported: Mapping[int, int]  # raw community -> reported id (large enough ones)
    communities: tuple[Community, ...]
    betweenness_pct: tuple[float, ...]
    constraint: tuple[float, ...]
    bridge: tuple[bool, ...]
    participation: tuple[float, ...]
    comm_edges: tuple[dict[int, int], ...]  # vertex -> raw community -> edge count
    between: Mapping[tuple[int, int], int]  # (raw a, raw b), a < b -> edge count
    sampled: bool

    def linked(self, a: int, b: int) -> bool:
        return int(self.graph.get_eid(a, b, error=False)) >= 0


_CACHE: dict[int, tuple[weakref.ref[Network], date, Hashable, Structure]] = {}
_LOCK = threading.Lock()


def structure(net: Network, now: date, params: JobParams) -> Structure:
    """The alter-alter graph analysis for ``net`` on ``now`` (cached by network identity)."""
    with _LOCK:
        hit = _CACHE.get(id(net))
        if hit and hit[0]() is net and hit[1] == now and hit[2] == _params_key(params):
            return hit[3]
    built = _build_structure(net, now, params)
    with _LOCK:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[id(net)] = (weakref.ref(net), now, _params_key(params), built)
    return built


def _params_key(params: JobParams) -> Hashable:
    """The constants the structure depends on (the cache must not outlive a change)."""
    return (
        tuple(sorted(params.graph_edge_weights.items())),
        params.graph_seed,
        params.betweenness_exact_max_nodes,
        params.betweenness_samples,
        params.min_community_size,
    )


def graph_edges(net: Network, now: date, params: JobParams) -> dict[tuple[int, int], float]:
    """Known links among contacts on ``now`` as {(a, b): weight}, a < b, strongest kind wins."""
    people, kinds = net.people, params.graph_edge_weights
    edges: dict[tuple[int, int], float] = {}
    intros = [
        (p.introduced_by, p.id, "introduced", p.met_on)
        for p in people.values()
        if p.introduced_by is not None
    ]
    for a, b, kind, since in (*((x.a, x.b, x.kind, x.since) for x in net.links), *intros):
        if a == b or a not in people or b not in people or (since is not None and since > now):
            continue
        key = (a, b) if a < b else (b, a)
        weight = kinds.get(kind, 0.0)
        if weight > edges.get(key, 0.0):
            edges[key] = weight
    return edges


def _build_structure(net: Network, now: date, params: JobParams) -> Structure:
    ids = tuple(sorted(net.people))
    index = {pid: v for v, pid in enumerate(ids)}
    edge_map = graph_edges(net, now, params)
    pairs = tuple((index[a], index[b]) for a, b in edge_map)
    weights = tuple(edge_map.values())
    g = ig.Graph(n=len(ids), edges=pairs, edge_attrs={"w": weights})
    degree = tuple(int(d) for d in g.degree())
    strength = tuple(float(x) for x in g.strength(weights="w"))
    membership = leiden_membership(g, params)
    btw, sampled = _betweenness(g, degree, params)
    cons = tuple(1.0 if math.isnan(c) else float(c) for c in g.constraint(weights="w"))
    bridge = _bridges(g, pairs, degree)
    comm_edges, part, max_weight, between = _edge_pass(pairs, weights, membership, strength)
    reported, communities = _report_communities(net, ids, membership, params)
    return Structure(
        ids,
        g,
        pairs,
        weights,
        degree,
        strength,
        max_weight,
        tuple(membership),
        reported,
        communities,
        btw,
        cons,
        bridge,
        part,
        comm_edges,
        between,
        sampled,
    )


_RNG_LOCK = threading.Lock()


def leiden_membership(g: ig.Graph, params: JobParams) -> list[int]:
    """Leiden on modularity with a seeded RNG, so the same network gives the same clusters."""
    if g.ecount() == 0:
        return list(range(g.vcount()))
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(params.graph_seed))
        try:
            clusters = g.community_leiden(
                objective_function="modularity", weights="w", n_iterations=2
            )
        finally:
            ig.set_random_number_generator(random)
    return [int(m) for m in clusters.membership]


def _betweenness(
    g: ig.Graph, degree: tuple[int, ...], params: JobParams
) -> tuple[tuple[float, ...], bool]:
    """Unweighted betweenness as a percentile rank among contacts with >= 2 links."""
    linked = [v for v, d in enumerate(degree) if d > 0]
    sampled = len(linked) > params.betweenness_exact_max_nodes
    if not linked:
        return (0.0,) * len(degree), False
    if sampled:
        rng = random.Random(params.graph_seed)
        sources = sorted(rng.sample(linked, params.betweenness_samples))
        raw = g.betweenness(directed=False, sources=sources)
    else:
        raw = g.betweenness(directed=False)
    among = [v for v in linked if degree[v] >= 2]
    return _percentiles(raw, among, len(degree)), sampled


def _percentiles(raw: list[float], among: list[int], n: int) -> tuple[float, ...]:
    pct = [0.0] * n
    if len(among) < 2:
        return tuple(pct)
    order = sorted(among, key=lambda v: raw[v])
    i = 0
    while i < len(order):  # average rank for ties, scaled to [0, 1]
        j = i
        while j + 1 < len(order) and raw[order[j + 1]] == raw[order[i]]:
            j += 1
        for k in range(i, j + 1):
            pct[order[k]] = ((i + j) / 2) / (len(order) - 1)
        i = j + 1
    return tuple(pct)


def _bridges(
    g: ig.Graph, pairs: tuple[tuple[int, int], ...], degree: tuple[int, ...]
) -> tuple[bool, ...]:
    """Local bridges: the ends share no contact (span >= 3) and the far end has >= 2 links.

    igraph's Jaccard with ``loops=True`` uses closed neighbourhoods, so for an edge a-b with
    c common contacts J = (c + 2) / (deg a + deg b - c), i.e. c = (J (da + db) - 2) / (1 + J).
    """
    out = [False] * len(degree)
    sims = g.similarity_jaccard(pairs=list(pairs), loops=True) if pairs else []
    for (a, b), j in zip(pairs, sims, strict=True):
        if (j * (degree[a] + degree[b]) - 2) / (1 + j) < 0.5:
            out[a] = out[a] or degree[b] >= 2
            out[b] = out[b] or degree[a] >= 2
    return tuple(out)


def _edge_pass(
    pairs: tuple[tuple[int, int], ...],
    weights: tuple[float, ...],
    membership: list[int],
    strength: tuple[float, ...],
) -> tuple[
    tuple[dict[int, int], ...], tuple[float, ...], tuple[float, ...], dict[tuple[int, int], int]
]:
    """Links per community, participation, strongest tie and cross-community link counts.

    Vertex-to-community weights are summed by igraph (a vertex -> community multigraph,
    simplified with ``sum``), which keeps the 300,000-edge case out of Python loops.
    """
    n = len(strength)
    k = max(membership, default=-1) + 1
    ends = [(a, n + membership[b]) for a, b in pairs] + [(b, n + membership[a]) for a, b in pairs]
    h = ig.Graph(n=n + k, edges=ends, edge_attrs={"w": list(weights) * 2, "c": [1] * len(ends)})
    h.simplify(multiple=True, loops=False, combine_edges={"w": "sum", "c": "sum"})
    squares = [0.0] * n
    by_n: list[dict[int, int]] = [{} for _ in range(n)]
    for (v, c), x, count in zip(h.get_edgelist(), h.es["w"], h.es["c"], strict=True):
        squares[v] += x * x
        by_n[v][c - n] = int(count)
    between: dict[tuple[int, int], int] = {}
    for v, row in enumerate(by_n):
        own = membership[v]
        for c, count in row.items():
            if c > own:
                between[(own, c)] = between.get((own, c), 0) + count
    top = [0.0] * n
    for (a, b), w in zip(pairs, weights, strict=True):
        top[a] = w if w > top[a] else top[a]
        top[b] = w if w > top[b] else top[b]
    part = tuple(1 - squares[v] / strength[v] ** 2 if strength[v] > 0 else 0.0 for v in range(n))
    return tuple(by_n), part, tuple(top), between


def _report_communities(
    net: Network, ids: tuple[int, ...], membership: list[int], params: JobParams
) -> tuple[dict[int, int], tuple[Community, ...]]:
    members: dict[int, list[int]] = {}
    for v, c in enumerate(membership):
        members.setdefault(c, []).append(v)
    big = [c for c, vs in members.items() if len(vs) >= params.min_community_size]
    big.sort(key=lambda c: (-len(members[c]), ids[members[c][0]]))
    reported = {raw: i for i, raw in enumerate(big)}
    used: Counter[str] = Counter()
    out: list[Community] = []
    for raw, i in reported.items():
        label = community_label([net.people[ids[v]] for v in members[raw]], i)
        used[label] += 1
        out.append(
            Community(
                i, len(members[raw]), label if used[label] == 1 else f"{label} ({used[label]})"
            )
        )
    return reported, tuple(out)


def community_label(people: list[PersonFact], i: int) -> str:
    orgs: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    tags: Counter[str] = Counter()
    for p in people:
        for key in {pos.org_key for pos in p.positions}:
            orgs[key] += 1
        for pos in p.positions:
            names.setdefault(pos.org_key, Counter())[pos.org] += 1
        tags.update({t.lower() for t in p.tags})
    best_org = min(orgs.items(), key=lambda kv: (-kv[1], kv[0]), default=None)
    best_tag = min(tags.items(), key=lambda kv: (-kv[1], kv[0]), default=None)
    if best_org and best_org[1] >= 2 and (not best_tag or best_org[1] >= best_tag[1]):
        return min(names[best_org[0]].items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if best_tag and best_tag[1] >= 2:
        return best_tag[0]
    return f"cluster {i + 1}"


def labels(st: Structure) -> dict[int, str]:
    """Raw community -> label, for reported communities."""
    return {raw: st.communities[i].label for raw, i in st.reported.items()}
