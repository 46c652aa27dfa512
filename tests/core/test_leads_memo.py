"""Lead queries reuse per-person work across queries; the answers must not change."""

from __future__ import annotations

import heapq
import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core import leads
from kith.core.colleagues import infer_colleague_links
from kith.core.lead_index import LeadIndex
from kith.core.types import Network, TieStrength
from tests.core.job_builders import (
    PARAMS,
    TODAY,
    link,
    network,
    person,
    pos,
    synthetic_network,
    tie,
    years_ago,
)

QUERIES = ("software", "fintech", "Org 3", "Org 1 Inc", "banking")


def _with_inferred(n_people: int, n_links: int) -> tuple[Network, dict[int, TieStrength]]:
    net, ties = synthetic_network(n_people, n_links)
    inferred = infer_colleague_links(net, TODAY, PARAMS)
    return replace(net, links=net.links + inferred), dict(ties)


def test_warm_queries_equal_queries_on_a_fresh_index() -> None:
    net, ties = _with_inferred(400, 2500)
    shared = LeadIndex(net)
    for query in (*QUERIES, *QUERIES):  # the second round runs on filled memos
        for ask in ("advice", "referral"):
            warm = leads.find_lead_paths(net, query, TODAY, PARAMS, ties, {}, ask=ask, index=shared)
            cold = leads.find_lead_paths(
                net, query, TODAY, PARAMS, ties, {}, ask=ask, index=LeadIndex(net)
            )
            assert warm == cold
            assert warm.leads


def test_new_tie_strengths_are_not_served_from_the_previous_ones() -> None:
    net, ties = _with_inferred(300, 1800)
    shared = LeadIndex(net)
    other = {pid: tie(pid, round((t.score * 7) % 1, 3)) for pid, t in ties.items()}
    for query in QUERIES:
        leads.find_lead_paths(net, query, TODAY, PARAMS, ties, {}, index=shared)
        after = leads.find_lead_paths(net, query, TODAY, PARAMS, other, {}, index=shared)
        fresh = leads.find_lead_paths(net, query, TODAY, PARAMS, other, {}, index=LeadIndex(net))
        assert after == fresh


SCORES = (0.0, 0.01, 0.25, 0.2500001, 0.2500003, 0.36, 0.81)  # near-equal: rounding ties
KINDS = ("knows", "knows_well", "introduced", "colleague", "family", "colleague_inferred")


@settings(max_examples=150, deadline=None)
@given(
    vias=st.lists(
        st.tuples(st.sampled_from(SCORES), st.sampled_from(KINDS)),
        min_size=1,
        max_size=14,
    ),
    at_acme=st.lists(st.booleans(), min_size=14, max_size=14),
)
def test_the_early_stop_picks_the_same_introducers_as_scoring_them_all(
    vias: list[tuple[float, str]], at_acme: list[bool]
) -> None:
    target = person(2, "Pat", pos("Acme", "Engineer", "Software", years_ago(2)))
    people = [target]
    for i, _ in enumerate(vias):
        org = "Acme" if at_acme[i] else f"Org {i}"
        people.append(person(10 + i, f"Via {i}", pos(org, "Engineer", "Software", years_ago(1))))
    net = network(people, links=[link(2, 10 + i, kind) for i, (_, kind) in enumerate(vias)])
    ties = {10 + i: tie(10 + i, score) for i, (score, _) in enumerate(vias) if score > 0}
    index = LeadIndex(net)
    match = leads.resolve_target(index, "acme", PARAMS)
    job = leads._target(net, match, None, TODAY, PARAMS)
    view = index.tie_view(ties, TODAY, PARAMS)
    q = leads._Query(index, job, match, TODAY, PARAMS, ties, {}, 0.3, view)
    rel = index.relevance(index.relevances(TODAY, job, PARAMS), 2, job, TODAY, PARAMS)
    hop = PARAMS.hop_penalty * rel.score
    every = [
        (-round(hop * math.sqrt(ties[10 + i].score) * PARAMS.link_weights[kind], 4), 10 + i, kind)
        for i, (_, kind) in enumerate(vias)
        if 10 + i in ties and not (kind == "colleague_inferred" and at_acme[i])
    ]
    expected = heapq.nsmallest(
        PARAMS.portfolio_max_per_intermediary + 1, [x for x in every if x[0] < 0]
    )
    got = leads._paths(q, 2, rel)
    assert [(-c.score, c.via_id, c.link) for c in got] == expected
