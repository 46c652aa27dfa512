"""The network map: deterministic layout, clusters, bridges, and a readable cap."""

from __future__ import annotations

import math
from dataclasses import replace

from kith.core.netmap import network_map
from kith.core.types import Network, TieStrength
from tests.core.job_builders import (
    PARAMS,
    TODAY,
    link,
    network,
    person,
    pos,
    tie,
    years_ago,
)


def clustered() -> tuple[Network, dict[int, TieStrength]]:
    people = [
        person(10 + i, f"Acme{i}", pos("Acme", "Engineer", None, years_ago(2))) for i in range(4)
    ]
    people += [
        person(20 + i, f"Globex{i}", pos("Globex", "Designer", None, years_ago(2)))
        for i in range(4)
    ]
    people.append(person(99, "Sam", pos("Initech", "Engineer", None, years_ago(1))))
    links = [link(10 + i, 10 + j) for i in range(4) for j in range(i + 1, 4)]
    links += [link(20 + i, 20 + j) for i in range(4) for j in range(i + 1, 4)]
    links += [link(99, 10), link(99, 20)]
    ties = {p.id: tie(p.id, 0.3 + (p.id % 10) / 20) for p in people}
    return network(people, links=links), ties


def test_user_is_at_the_centre_and_every_node_is_inside_the_unit_square() -> None:
    net, ties = clustered()
    result = network_map(net, TODAY, PARAMS, ties)
    me = result.nodes[0]
    assert me.is_me and (me.x, me.y) == (0.5, 0.5)
    assert all(0.0 <= n.x <= 1.0 and 0.0 <= n.y <= 1.0 for n in result.nodes)
    assert len(result.nodes) == len(net.people) + 1


def test_layout_is_deterministic() -> None:
    net, ties = clustered()
    again, _ = clustered()
    assert network_map(net, TODAY, PARAMS, ties) == network_map(again, TODAY, PARAMS, ties)


def test_stronger_ties_sit_closer_to_the_user() -> None:
    net, ties = clustered()
    nodes = {n.person_id: n for n in network_map(net, TODAY, PARAMS, ties).nodes}

    def dist(pid: int) -> float:
        return math.hypot(nodes[pid].x - 0.5, nodes[pid].y - 0.5)

    assert dist(99) < dist(10)  # 0.75 vs 0.30
    assert nodes[99].size > nodes[10].size


def test_clusters_are_labelled_and_the_linking_edges_are_bridges() -> None:
    net, ties = clustered()
    result = network_map(net, TODAY, PARAMS, ties)
    labels = sorted(c.label for c in result.clusters)
    assert "Globex" in labels
    bridges = {(e.a, e.b) for e in result.edges if e.is_bridge}
    assert bridges == {(10, 99), (20, 99)}
    assert {n.person_id for n in result.nodes if n.is_bridge} >= {99}


def test_broker_scores_decide_bridge_nodes_when_given() -> None:
    net, ties = clustered()
    result = network_map(net, TODAY, PARAMS, ties, brokers={23: 0.9})
    assert [n.person_id for n in result.nodes if n.is_bridge] == [23]


def test_big_networks_are_capped_to_the_strongest_ties_and_say_so() -> None:
    people = [person(i, f"P{i:03d}") for i in range(2, 602)]
    ties = {p.id: tie(p.id, (p.id % 100) / 100) for p in people}
    params = replace(PARAMS, netmap_max_nodes=50, netmap_label_top=10)
    result = network_map(network(people), TODAY, params, ties)
    assert result.shown == 50 and result.total_contacts == 600
    assert "Showing your 50 strongest ties of 600 contacts" in result.note
    shown = [n for n in result.nodes if not n.is_me]
    assert min(n.strength for n in shown) >= 0.9
    assert sum(n.label_visible for n in shown) == 10


def test_empty_network_draws_only_the_user() -> None:
    result = network_map(network([]), TODAY, PARAMS, {})
    assert [n.is_me for n in result.nodes] == [True]
    assert result.edges == () and result.clusters == () and result.note == ""
