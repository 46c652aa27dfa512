"""The alter-alter graph: merged edges, id handling, per-community sums, sampled betweenness."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core import alter_graph
from kith.core.alter_graph import graph_edges, structure
from kith.core.brokers import broker_scores
from kith.core.types import LinkFact, Network, PersonFact
from tests.core.job_builders import PARAMS, TODAY, link, me, network, person, pos


def _people(ids: range | list[int]) -> list[PersonFact]:
    return [person(i, f"P{i}", pos(f"Org {i % 3}")) for i in ids]


def test_parallel_links_become_one_edge_carrying_the_strongest_kind() -> None:
    net = network(
        _people(range(2, 6)),
        links=[
            link(2, 3, "colleague_inferred"),
            link(3, 2, "knows_well"),
            link(2, 3, "knows"),
            link(4, 5, "colleague_inferred"),
        ],
    )
    st_ = structure(net, TODAY, PARAMS)
    assert st_.graph.ecount() == 2
    assert dict(zip(st_.pairs, st_.weights, strict=True)) == {(0, 1): 1.0, (2, 3): 0.35}
    assert st_.degree == (1, 1, 1, 1)


def test_the_graph_matches_the_edge_map_rule() -> None:
    rng = random.Random(3)
    kinds = ("knows", "knows_well", "introduced", "colleague", "colleague_inferred", "unknown")
    links = [
        LinkFact(rng.randrange(2, 40), rng.randrange(2, 40), rng.choice(kinds)) for _ in range(300)
    ]
    net = network(_people(range(2, 40)), links=[*links, LinkFact(1, 5, "knows")])
    st_ = structure(net, TODAY, PARAMS)
    expected = graph_edges(net, TODAY, PARAMS)
    got = {(st_.ids[a], st_.ids[b]): w for (a, b), w in zip(st_.pairs, st_.weights, strict=True)}
    assert got == expected


def test_links_to_the_user_self_links_and_unweighted_kinds_are_left_out() -> None:
    net = network(
        _people(range(2, 5)),
        links=[link(1, 2), link(3, 3), link(2, 4, "rival"), link(2, 99), link(3, 4)],
    )
    net = replace(net, me=me())
    st_ = structure(net, TODAY, PARAMS)
    assert [(st_.ids[a], st_.ids[b]) for a, b in st_.pairs] == [(3, 4)]


def _relabelled(net: Network, new_id: dict[int, int]) -> Network:
    people = [replace(p, id=new_id[p.id]) for p in net.people.values()]
    links = [replace(x, a=new_id[x.a], b=new_id[x.b]) for x in net.links]
    return network(people, links=links)


@pytest.mark.parametrize("shift", [lambda i: i * 1_000_003, lambda i: i - 1_000, lambda i: i + 7])
def test_far_apart_and_negative_ids_give_the_same_analysis(shift: Callable[[int], int]) -> None:
    rng = random.Random(5)
    dense = network(
        _people(range(2, 30)),
        links=[link(rng.randrange(2, 30), rng.randrange(2, 30)) for _ in range(80)],
    )
    mapping = {pid: shift(pid) for pid in dense.people}  # the order of ids is kept
    moved = _relabelled(dense, mapping)
    before = broker_scores(dense, TODAY, PARAMS)
    after = broker_scores(moved, TODAY, PARAMS)
    assert {mapping[pid]: s for pid, s in before.items()} == after


@settings(max_examples=30, deadline=None)
@given(edges=st.sets(st.tuples(st.integers(2, 25), st.integers(2, 25)), max_size=80))
def test_participation_and_cross_cluster_counts_match_a_direct_count(
    edges: set[tuple[int, int]],
) -> None:
    kinds = ("knows", "knows_well", "colleague_inferred")
    links = [link(a, b, kinds[(a + b) % 3]) for a, b in sorted(edges) if a != b]
    st_ = structure(network(_people(range(2, 26)), links=links), TODAY, PARAMS)
    m = st_.membership
    by_comm: list[Counter[int]] = [Counter() for _ in st_.ids]
    weight_to: list[dict[int, float]] = [{} for _ in st_.ids]
    between: Counter[tuple[int, int]] = Counter()
    for (a, b), w in zip(st_.pairs, st_.weights, strict=True):
        by_comm[a][m[b]] += 1
        by_comm[b][m[a]] += 1
        weight_to[a][m[b]] = weight_to[a].get(m[b], 0.0) + w
        weight_to[b][m[a]] = weight_to[b].get(m[a], 0.0) + w
        if m[a] != m[b]:
            between[(min(m[a], m[b]), max(m[a], m[b]))] += 1
    for v in range(len(st_.ids)):
        assert st_.touched[v] == len(by_comm[v])
        assert st_.comm_edges(v) == dict(by_comm[v])
        total = sum(weight_to[v].values())
        expected = 1 - sum(x * x for x in weight_to[v].values()) / total**2 if total else 0.0
        assert st_.participation[v] == pytest.approx(expected)
    assert dict(st_.between) == dict(between)


def test_sampled_betweenness_is_flagged_and_the_same_for_every_network_object() -> None:
    params = replace(PARAMS, betweenness_exact_max_nodes=5, betweenness_samples=4)
    rng = random.Random(9)
    links = [link(rng.randrange(2, 30), rng.randrange(2, 30)) for _ in range(90)]
    first = structure(network(_people(range(2, 30)), links=links), TODAY, params)
    again = structure(network(_people(range(2, 30)), links=list(links)), TODAY, params)
    exact = structure(network(_people(range(2, 30)), links=links), TODAY, PARAMS)
    assert first.sampled and not exact.sampled
    assert first.betweenness_pct == again.betweenness_pct
    assert first.betweenness_pct != exact.betweenness_pct


def test_more_samples_than_linked_contacts_use_every_contact() -> None:
    params = replace(PARAMS, betweenness_exact_max_nodes=2, betweenness_samples=500)
    net = network(_people(range(2, 8)), links=[link(2, 3), link(3, 4), link(4, 5)])
    sampled = structure(net, TODAY, params)
    exact = structure(network(_people(range(2, 8)), links=list(net.links)), TODAY, PARAMS)
    assert sampled.sampled
    assert sampled.betweenness_pct == exact.betweenness_pct


def test_the_same_graph_in_a_new_network_reuses_the_analysis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    links = [link(2, 3), link(3, 4, "knows_well"), link(4, 5), link(5, 2), link(6, 7)]
    first = structure(network(_people(range(2, 8)), links=links), TODAY, PARAMS)
    calls: list[int] = []
    real = alter_graph.leiden_membership
    monkeypatch.setattr(
        alter_graph, "leiden_membership", lambda g, p: calls.append(1) or real(g, p)
    )
    # a new network object, as after a logged touch: the same people and links
    again = structure(network(_people(range(2, 8)), links=list(links)), TODAY, PARAMS)
    assert calls == []
    assert (again.membership, again.betweenness_pct, again.constraint) == (
        first.membership, first.betweenness_pct, first.constraint,
    )  # fmt: skip
    # a new link is a new graph: analysed afresh, and it shows
    more = structure(network(_people(range(2, 8)), links=[*links, link(3, 6)]), TODAY, PARAMS)
    assert calls == [1]
    assert more.degree != first.degree


@settings(max_examples=60, deadline=None)
@given(
    people=st.sets(st.integers(-3, 400), max_size=25),
    pairs=st.lists(st.tuples(st.integers(-3, 400), st.integers(-3, 400)), max_size=80),
    far=st.booleans(),
)
def test_linked_contacts_counts_each_other_contact_once(
    people: set[int], pairs: list[tuple[int, int]], far: bool
) -> None:
    """igraph's count equals the plain rule: distinct other contacts, links leaving the
    contacts (to the user, to anyone unknown) and self-links left out; dense, sparse and
    negative ids alike."""
    shift = 10_000_000 if far else 0  # ids far above the number of people: renumbered
    ids = {p + shift for p in people}
    links = [LinkFact(a + shift, b + shift, "knows", None) for a, b in pairs]
    pairs_once = {(min(x.a, x.b), max(x.a, x.b)) for x in links}
    expected = Counter(
        end for a, b in pairs_once if a != b and a in ids and b in ids for end in (a, b)
    )
    assert alter_graph.linked_contacts(ids, links) == dict(expected)
