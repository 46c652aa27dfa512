"""Spec (g) Ten-People Test: credits, diversity checks, the gap-closing plan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.readiness import ten_people_test, warmth
from kith.core.types import Network, PersonFact, Reciprocity, TieStrength
from tests.core.job_builders import (
    PARAMS,
    TODAY,
    dormant_tie,
    job_goal,
    link,
    network,
    owes,
    person,
    pos,
    tie,
    years_ago,
)

ORGS = ("Acme", "Globex", "Initech", "Stark", "Wayne", "Hooli")
RELEVANT = set(range(10, 16)) | set(range(20, 24))


def mixed_network(goal: bool = True) -> tuple[Network, dict[int, TieStrength]]:
    """6 warm relevant + 4 dormant once-strong relevant + 10 warm irrelevant contacts."""
    people: list[PersonFact] = []
    ties: dict[int, TieStrength] = {}
    for i in range(6):
        people.append(person(10 + i, f"Warm{i}", pos(ORGS[i], "Engineer", "Fintech", years_ago(2))))
        ties[10 + i] = tie(10 + i, 0.7 if i < 2 else 0.45, last_days=20)
    for i in range(4):
        people.append(person(20 + i, f"Dorm{i}", pos(ORGS[i], "Engineer", "Fintech", years_ago(6))))
        ties[20 + i] = dormant_tie(20 + i, 0.6)
    for i in range(10):
        people.append(person(30 + i, f"Baker{i}", pos("Bakery", "Baker", "Food", years_ago(2))))
        ties[30 + i] = tie(30 + i, 0.6, last_days=10)
    goals = [job_goal(industries=["fintech"], roles=["software engineer"])] if goal else []
    return network(people, goals=goals, my_field=["fintech"]), ties


def test_empty_network_scores_zero_and_starts_with_import_or_add() -> None:
    result = ten_people_test(network([]), TODAY, PARAMS, {}, {})
    assert result.score == 0.0
    assert result.counted == ()
    assert result.actions[0].action in ("import", "add")
    assert result.actions[0].person_id is None and result.actions[0].person is None
    assert [a.action for a in result.actions][:2] == ["import", "add"]
    assert set(result.checks) == {"orgs", "strong", "weak", "bridge"}


def test_warm_and_dormant_relevant_people_count_irrelevant_ones_do_not() -> None:
    net, ties = mixed_network()
    result = ten_people_test(net, TODAY, PARAMS, ties, {})
    assert 6.0 <= result.score <= 9.0
    assert {c.person_id for c in result.counted} <= RELEVANT
    assert len(result.counted) == 10
    assert result.raw == 8.0
    assert result.checks == {"orgs": True, "strong": True, "weak": True, "bridge": False}
    assert result.score == round(8.0 * 0.9, 1)
    assert not result.used_own_field


def test_dormant_people_get_half_credit_and_a_reconnect_action() -> None:
    net, ties = mixed_network()
    result = ten_people_test(net, TODAY, PARAMS, ties, {})
    credits = {c.person_id: c.credit for c in result.counted}
    assert credits[20] == 0.5 and credits[10] == 1.0
    assert result.actions[0].action == "reconnect"
    assert result.actions[0].person_id in {20, 21, 22, 23}
    assert "To reach 10: reconnect with" in result.why


def test_without_a_goal_it_uses_my_field_and_says_so() -> None:
    net, ties = mixed_network(goal=False)
    result = ten_people_test(net, TODAY, PARAMS, ties, {})
    assert result.used_own_field
    assert "your own field (fintech)" in result.why
    assert "no job search is active" in result.why
    assert {c.person_id for c in result.counted} <= RELEVANT


def test_owing_someone_halves_their_credit_and_suggests_closing_the_loop() -> None:
    net, ties = mixed_network()
    recs: dict[int, Reciprocity] = {10: owes(10)}
    result = ten_people_test(net, TODAY, PARAMS, ties, recs)
    assert {c.person_id: c.credit for c in result.counted}[10] == 0.5
    assert any(a.action == "close_loop" and a.person_id == 10 for a in result.actions)


def test_lukewarm_relevant_contact_gets_a_catch_up_first() -> None:
    people = [person(2, "Ana", pos("Stripe", "Engineer", "Fintech", years_ago(1)))]
    ties = {2: tie(2, 0.25, last_days=300, active=0.1)}
    net = network(people, goals=[job_goal(industries=["fintech"])])
    result = ten_people_test(net, TODAY, PARAMS, ties, {})
    assert result.counted[0].credit == 0.5
    assert result.actions[0].action == "catch_up"
    assert result.actions[0].person == "Ana"


def test_a_contact_counts_through_someone_they_know_at_the_target() -> None:
    insider = person(3, "Lee", pos("Acme", "Product Manager", "Software", years_ago(1)))
    friend = person(2, "Maria", pos("Bakery", "Baker", "Food", years_ago(1)))
    net = network(
        [friend, insider], links=[link(2, 3, "knows_well")], goals=[job_goal(orgs=["Acme"])]
    )
    result = ten_people_test(net, TODAY, PARAMS, {2: tie(2, 0.8)}, {})
    counted = {c.person_id: c for c in result.counted}
    assert 2 in counted and 3 not in counted
    assert "knows someone who works at Acme" in counted[2].why
    assert any(a.action == "ask_intro" for a in result.actions)


def test_among_equally_good_paths_the_lowest_id_wins_and_no_one_ineligible_is_used() -> None:
    friend = person(2, "Maria", pos("Bakery", "Baker", "Food", years_ago(1)))

    def via(first: str, second: str) -> str:
        people = [
            friend,
            person(4, "Kim", pos("Initech", "Product Manager", "Software", years_ago(1)),
                   do_not_contact=True),
            person(5, "Lee", pos(first, "Product Manager", "Software", years_ago(1))),
            person(7, "Sam", pos(second, "Product Manager", "Software", years_ago(1))),
        ]  # fmt: skip
        links = [link(2, 7, "knows"), link(2, 4, "knows_well"), link(2, 5, "knows")]
        goal = job_goal(orgs=["Acme", "Globex", "Initech"])
        net = network(people, links=links, goals=[goal])
        result = ten_people_test(net, TODAY, PARAMS, {2: tie(2, 0.8)}, {})
        return {c.person_id: c for c in result.counted}[2].why

    assert "knows someone who works at Globex" in via("Globex", "Acme")
    assert "knows someone who works at Acme" in via("Acme", "Globex")


def test_do_not_contact_people_never_count() -> None:
    p = person(2, "P", pos("Stripe", "Engineer", "Fintech", years_ago(1)), do_not_contact=True)
    net = network([p], goals=[job_goal(industries=["fintech"])])
    assert ten_people_test(net, TODAY, PARAMS, {2: tie(2, 0.8)}, {}).counted == ()


def test_a_bridge_in_the_set_passes_the_bridge_check() -> None:
    net, ties = mixed_network()
    result = ten_people_test(net, TODAY, PARAMS, ties, {}, brokers={10: 0.7})
    assert result.checks["bridge"]
    assert result.score == 8.0


def test_warmth_levels() -> None:
    assert warmth(None, TODAY, PARAMS) == 0.0
    assert warmth(tie(2, 0.5, last_days=30), TODAY, PARAMS) == 1.0
    assert warmth(tie(2, 0.1, last_days=30, active=0.4), TODAY, PARAMS) == 1.0
    assert warmth(dormant_tie(2, 0.5), TODAY, PARAMS) == 0.5
    assert warmth(dormant_tie(2, 0.35), TODAY, PARAMS) == 0.0
    assert warmth(tie(2, 0.2, last_days=300, active=0.1), TODAY, PARAMS) == 0.5
    assert warmth(tie(2, 0.2, last_days=500, active=0.1), TODAY, PARAMS) == 0.0


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.floats(0, 1), st.integers(1, 1500), st.booleans(), st.sampled_from(ORGS)),
        max_size=15,
    ),
    has_goal=st.booleans(),
)
def test_score_is_bounded_and_deterministic(
    rows: list[tuple[float, int, bool, str]], has_goal: bool
) -> None:
    people = [
        person(10 + i, f"P{i}", pos(org, "Engineer", "Fintech" if rel else "Food", years_ago(1)))
        for i, (_, _, rel, org) in enumerate(rows)
    ]
    ties = {10 + i: tie(10 + i, s, last_days=d) for i, (s, d, _, _) in enumerate(rows)}
    goals = [job_goal(industries=["fintech"])] if has_goal else []
    net = network(people, goals=goals, my_field=["fintech"])
    first = ten_people_test(net, TODAY, PARAMS, ties, {}, brokers={})
    assert first == ten_people_test(net, TODAY, PARAMS, ties, {}, brokers={})
    assert 0.0 <= first.score <= 10.0
    assert first.score == round(first.score, 1)
    assert len(first.counted) <= 10
