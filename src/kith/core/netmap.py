"""A map of the user's network for the web UI: who knows whom, clusters and bridges.

Layout is computed here, deterministically, so the page needs no JavaScript: the user sits at
the centre; each cluster (Leiden on the known links among the drawn contacts, seeded) owns an
angular sector sized by its membership; within a sector a contact's distance from the centre
falls with tie strength (strong ties close in), and angles are spread by the golden ratio so
nodes at similar strength do not stack. To stay readable at 500+ contacts only the
``netmap_max_nodes`` strongest ties are drawn, and the result says so.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import igraph as ig

from kith.core.alter_graph import community_label, graph_edges, leiden_membership
from kith.core.params.jobs import JobParams
from kith.core.types import Network, TieStrength

_GOLDEN = (math.sqrt(5) - 1) / 2
_R_MIN, _R_MAX = 0.10, 0.46  # distance from the centre for the strongest / weakest ties


@dataclass(frozen=True, slots=True)
class MapNode:
    person_id: int
    name: str
    x: float  # [0, 1], left to right
    y: float  # [0, 1], top to bottom
    community: int  # cluster id; -1: not in a cluster (or the user)
    size: float  # [0.25, 1], grows with tie strength
    strength: float  # tie strength
    is_bridge: bool
    label_visible: bool  # draw the name (important nodes only)
    is_me: bool = False


@dataclass(frozen=True, slots=True)
class MapEdge:
    a: int
    b: int
    weight: float
    is_bridge: bool  # local bridge: the two ends share no known contact


@dataclass(frozen=True, slots=True)
class MapCluster:
    id: int
    label: str
    size: int  # drawn members
    x: float  # where to put the label
    y: float


@dataclass(frozen=True, slots=True)
class NetworkMap:
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    clusters: tuple[MapCluster, ...]
    total_contacts: int
    shown: int
    note: str  # says when the map is capped


def network_map(
    net: Network,
    now: date,
    params: JobParams,
    ties: Mapping[int, TieStrength],
    brokers: Mapping[int, float] | None = None,
) -> NetworkMap:
    """Nodes, edges and clusters with a deterministic layout (see module docstring)."""
    shown = _pick(net, ties, params.netmap_max_nodes)
    index = {pid: v for v, pid in enumerate(shown)}
    edges_all = graph_edges(net, now, params)
    full_nbrs: dict[int, set[int]] = {pid: set() for pid in shown}
    sub: dict[tuple[int, int], float] = {}
    for (a, b), w in edges_all.items():
        if a in index:
            full_nbrs[a].add(b)
        if b in index:
            full_nbrs[b].add(a)
        if a in index and b in index:
            sub[(a, b)] = w
    membership = _clusters(shown, index, sub, params)
    edges = tuple(
        MapEdge(a, b, w, full_nbrs[a].isdisjoint(full_nbrs[b])) for (a, b), w in sorted(sub.items())
    )
    bridges = _bridge_nodes(shown, membership, edges, brokers, params)
    nodes, clusters = _layout(net, shown, membership, ties, bridges, params)
    total = len(net.people)
    note = (
        f"Showing your {len(shown)} strongest ties of {total} contacts to keep the map readable."
        if total > len(shown)
        else ""
    )
    return NetworkMap(nodes, edges, clusters, total, len(shown), note)


def _strength(ties: Mapping[int, TieStrength], pid: int) -> float:
    t = ties.get(pid)
    return t.score if t is not None else 0.0


def _pick(net: Network, ties: Mapping[int, TieStrength], cap: int) -> list[int]:
    ranked = sorted(net.people, key=lambda p: (-_strength(ties, p), net.people[p].name, p))
    return sorted(ranked[:cap])


def _clusters(
    shown: list[int], index: dict[int, int], sub: dict[tuple[int, int], float], params: JobParams
) -> dict[int, int]:
    """Cluster id per drawn contact: ids by size (largest first); singletons get -1."""
    g = ig.Graph(
        n=len(shown),
        edges=[(index[a], index[b]) for a, b in sub],
        edge_attrs={"w": list(sub.values())},
    )
    raw = leiden_membership(g, params)
    sizes = Counter(raw)
    first = {c: shown[v] for v, c in reversed(list(enumerate(raw)))}
    order = sorted((c for c in sizes if sizes[c] >= 2), key=lambda c: (-sizes[c], first[c]))
    renumber = {c: i for i, c in enumerate(order)}
    return {pid: renumber.get(raw[v], -1) for v, pid in enumerate(shown)}


def _bridge_nodes(
    shown: list[int],
    membership: dict[int, int],
    edges: tuple[MapEdge, ...],
    brokers: Mapping[int, float] | None,
    params: JobParams,
) -> set[int]:
    if brokers is not None:
        return {pid for pid in shown if brokers.get(pid, 0.0) >= params.broker_threshold}
    touched: dict[int, set[int]] = {pid: set() for pid in shown}
    bridged: set[int] = set()
    for e in edges:
        touched[e.a].add(membership[e.b])
        touched[e.b].add(membership[e.a])
        if e.is_bridge and membership[e.a] != membership[e.b]:
            bridged |= {e.a, e.b}
    return {pid for pid in bridged if len(touched[pid] | {membership[pid]}) >= 2}


def _layout(
    net: Network,
    shown: list[int],
    membership: dict[int, int],
    ties: Mapping[int, TieStrength],
    bridges: set[int],
    params: JobParams,
) -> tuple[tuple[MapNode, ...], tuple[MapCluster, ...]]:
    groups: dict[int, list[int]] = {}
    for pid in shown:
        groups.setdefault(membership[pid], []).append(pid)
    order = sorted(groups, key=lambda c: (c < 0, c))  # clusters by id, the unclustered last
    strongest = sorted(shown, key=lambda p: (-_strength(ties, p), net.people[p].name, p))
    labelled = set(strongest[: params.netmap_label_top]) | bridges
    nodes = [MapNode(net.me.id, net.me.name, 0.5, 0.5, -1, 1.0, 1.0, False, True, True)]
    clusters: list[MapCluster] = []
    start, gap = 0.0, (0.04 if len(order) > 1 else 0.0)
    for cid in order:
        members = sorted(groups[cid], key=lambda p: (-_strength(ties, p), net.people[p].name, p))
        span = max(0.0, 2 * math.pi * len(members) / len(shown) - gap)
        for k, pid in enumerate(members):
            angle = start + gap / 2 + span * ((k * _GOLDEN + 0.5 / len(members)) % 1.0)
            nodes.append(_node(net, pid, cid, angle, _strength(ties, pid), bridges, labelled))
        if cid >= 0:
            mid = start + gap / 2 + span / 2
            clusters.append(
                MapCluster(
                    cid,
                    community_label([net.people[p] for p in members], cid),
                    len(members),
                    *_point(mid, _R_MAX + 0.03),
                )
            )
        start += span + gap
    return tuple(nodes), tuple(clusters)


def _point(angle: float, radius: float) -> tuple[float, float]:
    x = min(1.0, max(0.0, 0.5 + radius * math.cos(angle)))
    y = min(1.0, max(0.0, 0.5 + radius * math.sin(angle)))
    return round(x, 4), round(y, 4)


def _node(
    net: Network,
    pid: int,
    cid: int,
    angle: float,
    ts: float,
    bridges: set[int],
    labelled: set[int],
) -> MapNode:
    radius = _R_MIN + (_R_MAX - _R_MIN) * (1 - min(1.0, max(0.0, ts)))
    x, y = _point(angle, radius)
    size = round(0.25 + 0.75 * min(1.0, max(0.0, ts)), 4)
    return MapNode(
        pid, net.people[pid].name, x, y, cid, size, round(ts, 4), pid in bridges, pid in labelled
    )
