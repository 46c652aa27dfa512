"""Spec (e) brokers, bridges, clusters and the user's structural holes."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.alter_graph import structure
from kith.core.brokers import broker_scores, career_span, find_brokers, user_structure
from kith.core.types import LinkFact, Network, PersonFact, TieStrength
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

SAM = 99


def two_clusters(bridge: bool = True) -> Network:
    """Acme people (10-14) know each other, Globex people (20-24) too; Sam links the two."""
    acme = [
        person(
            10 + i,
            f"Acme{i}",
            pos("Acme", "Engineer", None, years_ago(3)),
            tags={"python", "climbing"} if i == 0 else set(),
        )
        for i in range(5)
    ]
    globex = [
        person(
            20 + i,
            f"Globex{i}",
            pos("Globex", "Designer", None, years_ago(3)),
            tags={"python", "climbing"} if i == 0 else set(),
        )
        for i in range(5)
    ]
    sam = person(
        SAM,
        "Sam",
        pos("Initech", "Engineer", None, years_ago(1)),
        pos("Acme", "Engineer", None, years_ago(6), years_ago(2)),
    )
    links = [link(10 + i, 10 + j, "knows_well") for i in range(5) for j in range(i + 1, 5)]
    links += [link(20 + i, 20 + j, "knows_well") for i in range(5) for j in range(i + 1, 5)]
    if bridge:
        links += [link(SAM, 10, "knows"), link(SAM, 20, "knows")]
    return network([*acme, *globex, sam], links=links)


def all_ties(net: Network, score: float = 0.5) -> dict[int, TieStrength]:
    return {pid: tie(pid, score) for pid in net.people}


def test_the_person_linking_two_clusters_is_the_top_broker() -> None:
    net = two_clusters()
    result = find_brokers(net, TODAY, PARAMS, all_ties(net))
    top = result.brokers[0]
    assert top.person_id == SAM
    assert top.has_bridge
    assert len(top.communities_touched) == 2
    assert "is a bridge: links your" in top.why
    assert "no one else in your network does" in top.why


def test_clusters_are_labelled_by_their_most_common_organization() -> None:
    net = two_clusters()
    result = find_brokers(net, TODAY, PARAMS, all_ties(net))
    assert sorted(c.label for c in result.communities) == ["Acme", "Globex"]
    assert sorted(c.size for c in result.communities) == [5, 6]


def test_broker_scores_cover_every_contact_and_stay_in_range() -> None:
    net = two_clusters()
    scores = broker_scores(net, TODAY, PARAMS)
    assert set(scores) == set(net.people)
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert scores[SAM] == max(scores.values())


def test_contact_with_no_known_links_falls_back_to_career_span() -> None:
    loner = person(
        5,
        "Loner",
        pos("Acme", "Engineer", "Software", years_ago(9), years_ago(5)),
        pos("Bank", "Analyst", "Banking", years_ago(5), years_ago(2)),
        pos("Clinic", "Manager", "Healthcare", years_ago(2)),
    )
    net = network([loner])
    assert broker_scores(net, TODAY, PARAMS)[5] == round(career_span(loner, TODAY, PARAMS) * 0.5, 4)
    assert career_span(person(6, "One job", pos("Acme")), TODAY, PARAMS) == 0.0


def test_igraph_constraint_matches_networkx() -> None:
    net = two_clusters()
    st_ = structure(net, TODAY, PARAMS)
    g = nx.Graph()
    g.add_nodes_from(net.people)
    weights = {"knows_well": 1.0, "knows": 0.5}
    for x in net.links:
        g.add_edge(x.a, x.b, w=weights[x.kind])
    expected = nx.constraint(g, weight="w")
    for v, pid in enumerate(st_.ids):
        assert st_.constraint[v] == pytest.approx(expected[pid])


def test_user_constraint_and_effective_size_match_networkx_on_the_ego_network() -> None:
    net = two_clusters()
    ties = {pid: tie(pid, 0.2 + (pid % 7) / 10) for pid in net.people}
    mine = user_structure(structure(net, TODAY, PARAMS), ties)
    ego = nx.Graph()
    for x in net.links:
        ego.add_edge(x.a, x.b, w=1.0 if x.kind == "knows_well" else 0.5)
    for pid, t in ties.items():
        ego.add_edge(0, pid, w=t.score)
    assert mine.constraint == pytest.approx(nx.constraint(ego, nodes=[0], weight="w")[0], abs=1e-4)
    assert mine.effective_size == pytest.approx(
        nx.effective_size(ego, nodes=[0], weight="w")[0], abs=1e-4
    )
    assert mine.efficiency == pytest.approx(mine.effective_size / len(ties), abs=1e-4)
    assert mine.why.startswith("Your network constraint is")


def test_unlinked_clusters_are_holes_the_user_spans() -> None:
    net = two_clusters(bridge=False)
    result = find_brokers(net, TODAY, PARAMS, all_ties(net))
    assert len(result.holes) == 1
    hole = result.holes[0]
    assert {hole.label_a, hole.label_b} == {"Acme", "Globex"}
    assert "you are the bridge" in hole.why


def test_contacts_sharing_two_interests_across_clusters_get_an_introduction() -> None:
    net = two_clusters(bridge=False)
    result = find_brokers(net, TODAY, PARAMS, all_ties(net))
    intro = result.introductions[0]
    assert {intro.a_id, intro.b_id} == {10, 20}
    assert intro.shared_tags == ("climbing", "python")
    assert "Introduce Acme0 and Globex0" in intro.why


def test_no_introduction_for_people_who_already_know_each_other() -> None:
    base = two_clusters(bridge=False)
    net = network(base.people.values(), links=[*base.links, LinkFact(10, 20, "knows")])
    result = find_brokers(net, TODAY, PARAMS, all_ties(net))
    assert result.introductions == ()


def test_links_added_after_the_as_of_date_are_ignored() -> None:
    base = two_clusters(bridge=False)
    later = [
        LinkFact(SAM, 10, "knows", TODAY.replace(year=TODAY.year + 1)),
        LinkFact(SAM, 20, "knows", TODAY.replace(year=TODAY.year + 1)),
    ]
    net = network(base.people.values(), links=[*base.links, *later])
    assert structure(net, TODAY, PARAMS).degree[structure(net, TODAY, PARAMS).ids.index(SAM)] == 0


def test_communities_are_deterministic_across_network_objects() -> None:
    a, b = two_clusters(), two_clusters()
    assert structure(a, TODAY, PARAMS).membership == structure(b, TODAY, PARAMS).membership
    assert find_brokers(a, TODAY, PARAMS, all_ties(a)) == find_brokers(
        b,
        TODAY,
        PARAMS,
        all_ties(b),
    )


def test_empty_network_has_no_brokers() -> None:
    result = find_brokers(network([]), TODAY, PARAMS, {})
    assert result.brokers == () and result.communities == ()
    assert result.user.contacts == 0


@settings(max_examples=30, deadline=None)
@given(edges=st.sets(st.tuples(st.integers(2, 15), st.integers(2, 15)), max_size=40))
def test_broker_scores_are_bounded_and_deterministic(edges: set[tuple[int, int]]) -> None:
    people: list[PersonFact] = [person(i, f"P{i}", pos(f"Org{i % 3}")) for i in range(2, 16)]
    links = [link(a, b) for a, b in sorted(edges) if a != b]
    first = broker_scores(network(people, links=links), TODAY, PARAMS)
    again = broker_scores(network(people, links=list(reversed(links))), TODAY, PARAMS)
    assert first == again
    assert all(0.0 <= s <= 1.0 for s in first.values())
