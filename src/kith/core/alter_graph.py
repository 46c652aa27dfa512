"""The alter-alter graph G of spec (e), analysed once per graph (by content) and cached.

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
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from operator import attrgetter

import igraph as ig

from kith.core import graph_store
from kith.core.graph_store import Analysis
from kith.core.params.jobs import JobParams
from kith.core.types import LinkFact, Network, PersonFact
from kith.gcpause import paused_gc


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
    touched: tuple[int, ...]  # vertex -> number of raw communities among its links
    between: Mapping[tuple[int, int], int]  # (raw a, raw b), a < b -> edge count
    sampled: bool

    def linked(self, a: int, b: int) -> bool:
        return int(self.graph.get_eid(a, b, error=False)) >= 0

    def comm_edges(self, v: int) -> dict[int, int]:
        """Raw community -> number of v's links into it (computed on demand, for reasons)."""
        return dict(Counter(self.membership[u] for u in self.graph.neighbors(v)))


_CACHE: dict[int, tuple[weakref.ref[Network], date, Hashable, Structure]] = {}
_LOCK = threading.Lock()


def structure(net: Network, now: date, params: JobParams) -> Structure:
    """The alter-alter graph analysis for ``net`` on ``now`` (cached by network identity)."""
    with _LOCK:
        hit = _CACHE.get(id(net))
        if hit and hit[0]() is net and hit[1] == now and hit[2] == _params_key(params):
            return hit[3]
    with paused_gc():
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
        params.leiden_iterations,
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


def edge_rows(
    net: Network, now: date, params: JobParams
) -> tuple[list[tuple[int, int]], list[float]]:
    """Known links on ``now`` as (person id, person id) pairs and kind weights, unmerged.

    Links and "introduced by" both count; ends outside the contacts, self-links, kinds of
    weight 0 and parallel edges are left for ``build_graph`` to drop or merge in igraph.
    """
    links: list[LinkFact] | tuple[LinkFact, ...] = net.links
    if any(s is not None and s > now for s in set(map(_SINCE, links))):
        links = [x for x in links if x.since is None or x.since <= now]
    weight_of = defaultdict(float, params.graph_edge_weights).__getitem__  # unknown kind: 0
    edges, weights = list(map(_ENDS, links)), list(map(weight_of, map(_KIND, links)))
    for p in net.people.values():
        if p.introduced_by is not None and (p.met_on is None or p.met_on <= now):
            edges.append((p.introduced_by, p.id))
            weights.append(weight_of("introduced"))
    return edges, weights


_ENDS, _KIND, _SINCE = attrgetter("a", "b"), attrgetter("kind"), attrgetter("since")


def build_graph(net: Network, now: date, params: JobParams, ids: tuple[int, ...]) -> ig.Graph:
    """G over ``ids`` (sorted; vertex v is ids[v]), one edge per pair, strongest kind wins.

    The edges go to igraph as they are: a graph over raw person ids, cut down to ``ids``
    with ``induced_subgraph`` (which drops links to the user or to unknown people and keeps
    the vertex order), then ``simplify`` merges parallel edges (a pair linked twice, or an
    inferred colleague link beside a user-entered one) keeping the largest weight and drops
    self-links. This is ``graph_edges``'s rule without a Python loop over the links.
    """
    edges, weights = edge_rows(net, now, params)
    if 0.0 in weights:
        kept = [e for e, w in enumerate(weights) if w > 0]
        edges, weights = [edges[e] for e in kept], [weights[e] for e in kept]
    g = _graph_over(ids, edges, weights)
    g.simplify(multiple=True, loops=True, combine_edges={"w": "max"})
    return g


def _graph_over(
    ids: tuple[int, ...], edges: list[tuple[int, int]], weights: list[float] | None
) -> ig.Graph:
    """The graph of ``edges`` (person id pairs) cut down to ``ids`` (sorted; vertex v is
    ids[v]), parallel edges and self-links still in it."""
    top = max(max(ids, default=0), max(chain.from_iterable(edges), default=0))
    low = min(min(ids, default=0), min(chain.from_iterable(edges), default=0))
    if low < 0 or top > _DENSE_IDS * (len(ids) + 1):  # sparse ids: renumber, don't allocate
        index = {pid: v for v, pid in enumerate(ids)}
        rows = [(index.get(a, -1), index.get(b, -1)) for a, b in edges]
        kept = [e for e, (a, b) in enumerate(rows) if a >= 0 and b >= 0]
        edges, top = [rows[e] for e in kept], -1
        weights = [weights[e] for e in kept] if weights is not None else None
    attrs = {"w": weights} if weights is not None else {}
    g = ig.Graph(n=max(top, len(ids) - 1) + 1, edges=edges, edge_attrs=attrs)
    return g.induced_subgraph(ids) if top >= 0 else g


def linked_contacts(people: Collection[int], links: Sequence[LinkFact]) -> dict[int, int]:
    """How many other contacts each contact has a link with (any kind, any date; each
    pair once; links to the user or to anyone outside ``people`` left out), counted by
    igraph: 665,000 links at 30,000 people in a fraction of a second."""
    ids = tuple(sorted(people))
    g = _graph_over(ids, list(map(_ENDS, links)), None)
    g.simplify(multiple=True, loops=True)
    return {pid: degree for pid, degree in zip(ids, g.degree(), strict=True) if degree}


_DENSE_IDS = 8  # ids up to 8x the number of people are used as vertices directly


def _build_structure(net: Network, now: date, params: JobParams) -> Structure:
    ids = tuple(sorted(net.people))
    g = build_graph(net, now, params, ids)
    pairs = tuple(g.get_edgelist())
    weights = tuple(g.es["w"]) if pairs else ()  # floats already
    degree = tuple(g.degree())
    strength = tuple(g.strength(weights="w")) if pairs else (0.0,) * len(ids)
    found = _analysis(g, (len(ids), pairs, weights, _params_key(params)), degree, strength, params)
    membership, btw, sampled, cons, bridge, touched, part, between = found
    reported, communities = _report_communities(net, ids, membership, params)
    return Structure(
        ids,
        g,
        pairs,
        weights,
        degree,
        strength,
        _max_weight(pairs, weights, len(ids)),
        tuple(membership),
        reported,
        communities,
        btw,
        cons,
        bridge,
        part,
        touched,
        between,
        sampled,
    )


_GraphKey = tuple[int, tuple[tuple[int, int], ...], tuple[float, ...], Hashable]
_ANALYSES: dict[int, tuple[_GraphKey, Analysis]] = {}


def _analysis(
    g: ig.Graph,
    key: _GraphKey,
    degree: tuple[int, ...],
    strength: tuple[float, ...],
    params: JobParams,
) -> Analysis:
    """Communities, betweenness, constraint, bridges and participation of ``g``, reused
    while the graph is the same (same vertices, edges and weights, same constants): a new
    touch changes tie strength, not who knows whom, so the analysis after it is free. Kept
    in memory, and in the store the services gave (``graph_store``) across runs."""
    with _LOCK:
        hit = _ANALYSES.get(hash(key))
        if hit is not None and hit[0] == key:
            return hit[1]
    n, pairs, weights, constants = key
    store = graph_store.current_store()
    digest = graph_store.content_key(n, pairs, weights, constants) if store else ""
    stored = store.load(digest) if store else None
    found = graph_store.from_plain(stored, n) if stored is not None else None
    if found is None:
        found = _analyse(g, pairs, weights, degree, strength, params)
        if store:
            store.save(digest, graph_store.to_plain(found))
    with _LOCK:
        if len(_ANALYSES) >= 4:
            _ANALYSES.pop(next(iter(_ANALYSES)))
        _ANALYSES[hash(key)] = (key, found)
    return found


def _analyse(
    g: ig.Graph,
    pairs: tuple[tuple[int, int], ...],
    weights: tuple[float, ...],
    degree: tuple[int, ...],
    strength: tuple[float, ...],
    params: JobParams,
) -> Analysis:
    """The analysis itself. Changing what it computes means bumping ``graph_store.FORMAT``:
    analyses kept on disk by an earlier kith are then computed again."""
    membership = leiden_membership(g, params)
    btw, sampled = _betweenness(g, degree, params)
    cons = tuple(1.0 if math.isnan(c) else c for c in g.constraint(weights="w"))
    bridge = _bridges(g, pairs, degree)
    touched, part, between = _edge_pass(g, pairs, weights, membership, strength)
    return Analysis(membership, btw, sampled, cons, bridge, touched, part, between)


def forget_analyses() -> None:
    """Drop the analyses kept in memory (a new process, as far as they go)."""
    with _LOCK:
        _ANALYSES.clear()
        _CACHE.clear()


_RNG_LOCK = threading.Lock()


def leiden_membership(g: ig.Graph, params: JobParams) -> list[int]:
    """Leiden on modularity with a seeded RNG, so the same network gives the same clusters."""
    if g.ecount() == 0:
        return list(range(g.vcount()))
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(params.graph_seed))
        try:
            clusters = g.community_leiden(
                objective_function="modularity",
                weights="w",
                n_iterations=params.leiden_iterations,
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
        sources = sorted(rng.sample(linked, min(params.betweenness_samples, len(linked))))
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

    igraph's Jaccard without self-loops is |common| / |union|, so it is exactly 0 when the
    ends of an edge have no contact in common.
    """
    out = [False] * len(degree)
    sims = g.similarity_jaccard(pairs=list(pairs), loops=False) if pairs else []
    for e in [e for e, j in enumerate(sims) if not j]:
        a, b = pairs[e]
        out[a] = out[a] or degree[b] >= 2
        out[b] = out[b] or degree[a] >= 2
    return tuple(out)


def _edge_pass(
    g: ig.Graph,
    pairs: tuple[tuple[int, int], ...],
    weights: tuple[float, ...],
    membership: list[int],
    strength: tuple[float, ...],
) -> tuple[tuple[int, ...], tuple[float, ...], dict[tuple[int, int], int]]:
    """Communities touched, participation and cross-community link counts, summed by igraph.

    Links inside a vertex's own community are summed with ``strength`` (crossing edges
    weighted 0). Crossing links go into a vertex -> community graph whose parallel edges
    igraph merges (``simplify`` with ``sum``), so P = 1 - sum_c k_c^2 / k^2 needs no
    Python loop over the edges.
    """
    n, m = len(strength), membership
    k = max(m, default=-1) + 1
    cross = [m[a] != m[b] for a, b in pairs]
    inside = g.strength(weights=[0.0 if c else w for c, w in zip(cross, weights, strict=True)])
    has_inside = g.strength(weights=[0.0 if c else 1.0 for c in cross])
    out = [pairs[e] for e, c in enumerate(cross) if c]
    ends = [(a, n + m[b]) for a, b in out] + [(b, n + m[a]) for a, b in out]
    h = ig.Graph(
        n=n + k,
        edges=ends,
        edge_attrs={"w": [w for w, c in zip(weights, cross, strict=True) if c] * 2},
    )
    h.simplify(multiple=True, loops=False, combine_edges={"w": "sum"})
    squares = h.strength(weights=[x * x for x in h.es["w"]]) if out else [0.0] * (n + k)
    touched = tuple(
        int(d) + (1 if x else 0) for d, x in zip(h.degree(range(n)), has_inside, strict=True)
    )
    part = tuple(
        1 - (inside[v] ** 2 + squares[v]) / strength[v] ** 2 if strength[v] > 0 else 0.0
        for v in range(n)
    )
    between = Counter((m[a], m[b]) if m[a] < m[b] else (m[b], m[a]) for a, b in out)
    return touched, part, dict(between)


def _max_weight(
    pairs: tuple[tuple[int, int], ...], weights: tuple[float, ...], n: int
) -> tuple[float, ...]:
    """The strongest link of each vertex (0 for isolates)."""
    top = [0.0] * n
    for (a, b), w in zip(pairs, weights, strict=True):
        if w > top[a]:
            top[a] = w
        if w > top[b]:
            top[b] = w
    return tuple(top)


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
