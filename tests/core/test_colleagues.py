"""Colleague links inferred from overlapping tenures at the same organization."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.colleagues import infer_colleague_links
from kith.core.types import LinkFact, PersonFact, PositionFact
from tests.core.job_builders import PARAMS, TODAY, ago, link, me, network, person, pos


def _pair_ids(links: tuple[LinkFact, ...]) -> set[tuple[int, int]]:
    return {(x.a, x.b) for x in links}


def test_overlapping_tenures_make_an_inferred_colleague_link() -> None:
    a = person(2, "A", pos("Acme Inc", "Engineer", None, ago(900), ago(100)))
    b = person(3, "B", pos("ACME", "Designer", None, ago(400)))
    links = infer_colleague_links(network([a, b]), TODAY, PARAMS)
    assert links == (LinkFact(2, 3, "colleague_inferred", ago(400)),)


def test_less_than_a_month_of_overlap_is_not_enough() -> None:
    a = person(2, "A", pos("Acme", None, None, ago(900), ago(400)))
    b = person(3, "B", pos("Acme", None, None, ago(420)))
    assert infer_colleague_links(network([a, b]), TODAY, PARAMS) == ()


def test_different_organizations_never_overlap() -> None:
    a = person(2, "A", pos("Acme", None, None, ago(900)))
    b = person(3, "B", pos("Globex", None, None, ago(900)))
    assert infer_colleague_links(network([a, b]), TODAY, PARAMS) == ()


def test_unknown_start_overlaps_only_when_both_are_current() -> None:
    current = person(2, "A", pos("Acme"))
    also_current = person(3, "B", pos("Acme", None, None, ago(50)))
    left = person(4, "C", pos("Acme", None, None, None, ago(10)))
    links = infer_colleague_links(network([current, also_current, left]), TODAY, PARAMS)
    assert _pair_ids(links) == {(2, 3)}
    assert links[0].since is None


def test_a_link_the_user_entered_always_wins() -> None:
    a = person(2, "A", pos("Acme", None, None, ago(900)))
    b = person(3, "B", pos("Acme", None, None, ago(900)))
    for kind in ("knows", "family", "colleague", "colleague_inferred"):
        net = network([a, b], links=[link(3, 2, kind)])
        assert infer_colleague_links(net, TODAY, PARAMS) == ()


def test_the_user_is_not_given_inferred_links() -> None:
    mine = me(pos("Acme", None, None, ago(900)))
    b = person(3, "B", pos("Acme", None, None, ago(900)))
    assert infer_colleague_links(network([b], my=mine), TODAY, PARAMS) == ()


def test_positions_starting_after_the_as_of_date_are_ignored() -> None:
    a = person(2, "A", pos("Acme", None, None, ago(900)))
    b = person(3, "B", pos("Acme", None, None, ago(-100)))
    assert infer_colleague_links(network([a, b]), TODAY, PARAMS) == ()


def test_large_organizations_also_need_the_same_role_family() -> None:
    people = [
        person(10 + i, f"E{i}", pos("MegaCorp", "Engineer", None, ago(500))) for i in range(30)
    ]
    people += [
        person(50 + i, f"S{i}", pos("MegaCorp", "Sales Rep", None, ago(500))) for i in range(30)
    ]
    links = infer_colleague_links(network(people), TODAY, PARAMS)
    assert all((x.a < 50) == (x.b < 50) for x in links)
    assert len(links) == 2 * (30 * 29 // 2)


def test_pairs_per_organization_are_capped_longest_overlap_first() -> None:
    people = [
        person(10 + i, f"E{i}", pos("Acme", None, None, ago(1000 - 10 * i))) for i in range(20)
    ]
    params = replace(PARAMS, colleague_max_pairs_per_org=5)
    links = infer_colleague_links(network(people), TODAY, params)
    assert len(links) == 5
    assert _pair_ids(links) == {(10, 11), (10, 12), (11, 12), (10, 13), (11, 13)}


def test_one_link_per_pair_even_with_several_shared_stints() -> None:
    a = person(
        2, "A", pos("Acme", None, None, ago(2000), ago(1500)), pos("Acme", None, None, ago(300))
    )
    b = person(3, "B", pos("Acme", None, None, ago(2000)))
    links = infer_colleague_links(network([a, b]), TODAY, PARAMS)
    assert len(links) == 1


@settings(max_examples=40, deadline=None)
@given(
    stints=st.lists(
        st.tuples(st.integers(2, 9), st.integers(0, 3), st.integers(0, 2000), st.integers(0, 2000)),
        max_size=20,
    )
)
def test_inferred_links_are_unique_ordered_and_deterministic(
    stints: list[tuple[int, int, int, int]],
) -> None:
    by_person: dict[int, list[PositionFact]] = {}
    for pid, org, start, length in stints:
        end = ago(start - length) if length < start else None
        by_person.setdefault(pid, []).append(pos(f"Org {org}", None, None, ago(start), end))
    people: list[PersonFact] = [person(pid, f"P{pid}", *ps) for pid, ps in by_person.items()]
    links = infer_colleague_links(network(people), TODAY, PARAMS)
    assert links == infer_colleague_links(network(reversed(people)), TODAY, PARAMS)
    assert all(x.a < x.b and x.kind == "colleague_inferred" for x in links)
    assert len(_pair_ids(links)) == len(links)
    assert list(links) == sorted(links, key=lambda x: (x.a, x.b))


def _brute_force(people: list[PersonFact]) -> dict[tuple[int, int], int]:
    """Every pair of stints at one organization, compared directly: best overlap per pair."""
    stints = [
        (p.id, x.org_key, x.started_on, min(x.ended_on or TODAY, TODAY), x.ended_on is None)
        for p in people
        for x in p.positions
        if x.started_on is None or x.started_on <= TODAY
    ]
    best: dict[tuple[int, int], int] = {}
    for i, (a, org_a, start_a, end_a, cur_a) in enumerate(stints):
        for b, org_b, start_b, end_b, cur_b in stints[i + 1 :]:
            if a == b or org_a != org_b:
                continue
            if start_a is None or start_b is None:
                days = 0 if cur_a and cur_b else -1
            else:
                days = (min(end_a, end_b) - max(start_a, start_b)).days
                days = days if days >= PARAMS.colleague_min_overlap_days else -1
            key = (min(a, b), max(a, b))
            if days >= 0 and days >= best.get(key, -1):
                best[key] = days
    return best


@settings(max_examples=60, deadline=None)
@given(
    stints=st.lists(
        st.tuples(
            st.integers(-3, 12),
            st.integers(0, 2),
            st.one_of(st.none(), st.integers(-40, 1500)),
            st.integers(0, 900),
        ),
        max_size=25,
    )
)
def test_the_sweep_finds_exactly_the_pairs_a_brute_force_comparison_finds(
    stints: list[tuple[int, int, int | None, int]],
) -> None:
    by_person: dict[int, list[PositionFact]] = {}
    for pid, org, start, length in stints:
        started = None if start is None else ago(start)
        ended = ago(start - length) if start is not None and length < start else None
        by_person.setdefault(pid, []).append(pos(f"Org {org}", None, None, started, ended))
    people = [person(pid, f"P{pid}", *ps) for pid, ps in by_person.items()]
    links = infer_colleague_links(network(people), TODAY, PARAMS)
    assert _pair_ids(links) == set(_brute_force(people))


def test_negative_and_far_apart_ids_are_paired_correctly() -> None:
    people = [
        person(-7, "Neg", pos("Acme", None, None, ago(900))),
        person(2, "Two", pos("Acme", None, None, ago(800))),
        person(10**9, "Far", pos("Acme", None, None, ago(700))),
    ]
    links = infer_colleague_links(network(people), TODAY, PARAMS)
    assert _pair_ids(links) == {(-7, 2), (-7, 10**9), (2, 10**9)}
    assert [x.since for x in links] == [ago(800), ago(700), ago(700)]
