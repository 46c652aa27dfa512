"""The graph analysis kept between runs: reused for the same graph only, and never trusted
when it does not fit."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import pytest

from kith.core import alter_graph, graph_store
from kith.core.alter_graph import structure
from kith.core.brokers import broker_scores
from kith.core.graph_store import content_key, from_plain, to_plain
from kith.core.types import LinkFact, Network, PersonFact
from tests.core.job_builders import PARAMS, TODAY, link, network, person, pos


class DictStore:
    def __init__(self) -> None:
        self.kept: dict[str, Mapping[str, Any]] = {}
        self.loads: list[str] = []

    def load(self, key: str) -> Mapping[str, Any] | None:
        self.loads.append(key)
        return self.kept.get(key)

    def save(self, key: str, payload: Mapping[str, Any]) -> None:
        self.kept[key] = payload


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[DictStore]:
    monkeypatch.setattr(alter_graph, "_ANALYSES", {})  # nothing from earlier tests in memory
    kept = DictStore()
    graph_store.use_store(kept)
    yield kept
    graph_store.use_store(None)


def _people() -> list[PersonFact]:
    return [person(i, f"P{i}", pos(f"Org {i % 3}")) for i in range(2, 12)]


def _links() -> list[LinkFact]:
    return [link(2, 3), link(3, 4, "knows_well"), link(4, 5), link(5, 2), link(6, 7),
            link(7, 8), link(8, 9), link(9, 10), link(10, 11), link(4, 9)]  # fmt: skip


def fresh_run(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A new process: nothing in memory, and every call to Leiden counted."""
    alter_graph.forget_analyses()
    calls: list[int] = []
    real = alter_graph.leiden_membership
    monkeypatch.setattr(
        alter_graph, "leiden_membership", lambda g, p: calls.append(1) or real(g, p)
    )
    return calls


def test_a_later_run_on_the_same_graph_uses_the_stored_analysis(
    store: DictStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = network(_people(), links=_links())
    first = structure(net, TODAY, PARAMS)
    scores = broker_scores(net, TODAY, PARAMS)
    assert len(store.kept) == 1
    calls = fresh_run(monkeypatch)
    again_net: Network = network(_people(), links=list(_links()))
    again = structure(again_net, TODAY, PARAMS)
    assert calls == []
    for field in ("membership", "betweenness_pct", "constraint", "bridge", "participation",
                  "touched", "communities"):  # fmt: skip
        assert getattr(again, field) == getattr(first, field), field
    assert broker_scores(again_net, TODAY, PARAMS) == scores


def test_another_graph_or_other_constants_are_analysed_afresh(
    store: DictStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    structure(network(_people(), links=_links()), TODAY, PARAMS)
    calls = fresh_run(monkeypatch)
    structure(network(_people(), links=[*_links(), link(2, 11)]), TODAY, PARAMS)
    assert calls == [1]
    other = replace(PARAMS, graph_seed=PARAMS.graph_seed + 1)
    structure(network(_people(), links=_links()), TODAY, other)
    assert calls == [1, 1]
    assert len(store.kept) == 3


def test_the_key_names_vertices_edges_weights_and_constants() -> None:
    pairs, weights = ((0, 1), (1, 2)), (1.0, 0.5)
    key = content_key(3, pairs, weights, ("a", 1))
    assert key == content_key(3, tuple(pairs), tuple(weights), ("a", 1))
    assert len({
        key,
        content_key(4, pairs, weights, ("a", 1)),
        content_key(3, ((0, 1), (0, 2)), weights, ("a", 1)),
        content_key(3, pairs, (1.0, 0.25), ("a", 1)),
        content_key(3, pairs, weights, ("a", 2)),
    }) == 5  # fmt: skip


def test_a_damaged_or_foreign_analysis_is_computed_again(
    store: DictStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = structure(network(_people(), links=_links()), TODAY, PARAMS)
    (key,) = store.kept
    good = dict(store.kept[key])
    damaged: list[dict[str, Any]] = [
        {**good, "format": graph_store.FORMAT + 1},
        {**good, "membership": good["membership"][:-1]},  # another number of contacts
        {**good, "constraint": ["x"] * len(good["constraint"])},
        {**good, "participation": [float("nan")] * len(good["participation"])},
        {k: v for k, v in good.items() if k != "between"},
    ]
    for payload in damaged:
        store.kept[key] = payload
        calls = fresh_run(monkeypatch)
        again = structure(network(_people(), links=list(_links())), TODAY, PARAMS)
        assert calls == [1]
        assert again.constraint == first.constraint
        assert store.kept[key] == good  # and stored again, whole


def test_the_plain_form_round_trips_through_json(store: DictStore) -> None:
    st_ = structure(network(_people(), links=_links()), TODAY, PARAMS)
    (payload,) = store.kept.values()
    restored = from_plain(json.loads(json.dumps(payload)), len(st_.ids))
    assert restored is not None
    assert to_plain(restored) == payload
    assert (tuple(restored.membership), restored.betweenness_pct, restored.constraint) == (
        st_.membership, st_.betweenness_pct, st_.constraint,
    )  # fmt: skip
    assert from_plain(payload, len(st_.ids) + 1) is None
