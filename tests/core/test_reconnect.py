"""Spec (d) dormant-tie reactivation: eligibility, value over comfort, openers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.reconnect import ANTI_BIAS_NOTE, opener, peak_intensity, rank_dormant
from kith.core.types import InteractionFact, PersonFact
from tests.core.job_builders import (
    PARAMS,
    TODAY,
    ago,
    chat,
    dormant_tie,
    job_goal,
    me,
    network,
    owes,
    person,
    pos,
    tie,
    years_ago,
)


def _old_chats(
    pid: int, n: int, channel: str = "in_person", start: int = 2000
) -> list[InteractionFact]:
    return [chat(pid * 100 + i, pid, start + 7 * i, channel) for i in range(n)]


def test_only_dormant_ties_with_latent_bond_are_eligible() -> None:
    people = [person(i, f"P{i}") for i in (2, 3, 4)]
    ties = {2: dormant_tie(2, 0.5), 3: dormant_tie(3, 0.2), 4: tie(4, 0.6)}
    result = rank_dormant(network(people), TODAY, PARAMS, ties, {})
    assert [i.person_id for i in result.items] == [2]
    assert result.eligible == 1


def test_ended_and_do_not_contact_are_never_suggested() -> None:
    people = [person(2, "Ended", ended=True), person(3, "Dnc", do_not_contact=True)]
    ties = {2: dormant_tie(2, 0.9), 3: dormant_tie(3, 0.9)}
    assert rank_dormant(network(people), TODAY, PARAMS, ties, {}).items == ()


def test_result_carries_the_anti_bias_note() -> None:
    result = rank_dormant(network([]), TODAY, PARAMS, {}, {})
    assert result.note == ANTI_BIAS_NOTE
    assert "spent the most time with" in result.note


def test_moved_on_acquaintance_outranks_comfortable_old_friend() -> None:
    """Walter 2015: value is novelty plus trust, not hours spent together."""
    friend = person(2, "Old Friend", pos("Acme", "Engineer", "Software", years_ago(10)))
    mover = person(
        3,
        "Mover",
        pos("Acme", "Engineer", "Software", years_ago(10), years_ago(2)),
        pos("Stripe", "Director of Engineering", "Fintech", years_ago(2)),
    )
    chats = _old_chats(2, 60) + _old_chats(3, 8, "call")
    chats += [
        chat(900 + i, 3, 1600 + i, "email", intent="give", initiator="them") for i in range(3)
    ]
    net = network([friend, mover], interactions=chats)
    ties = {2: dormant_tie(2, 0.7, years=3), 3: dormant_tie(3, 0.6, years=3)}
    items = rank_dormant(net, TODAY, PARAMS, ties, {}).items
    assert [i.person_id for i in items] == [3, 2]
    assert items[0].novelty > items[1].novelty


def test_opener_congratulates_on_the_move_since_last_contact() -> None:
    p = person(
        3,
        "Priya Rao",
        pos("Acme", "Engineer", None, years_ago(8), years_ago(2)),
        pos("Stripe", "Director", "Fintech", years_ago(2)),
    )
    assert opener(p, ago(4 * 365), TODAY) == (
        "Hi Priya, saw you moved to Stripe as Director — congratulations!"
    )
    assert opener(p, ago(30), TODAY) == "Hi Priya, it's been a while — how are things at Stripe?"


def test_why_names_the_move_and_the_new_level() -> None:
    p = person(
        3,
        "Priya",
        pos("Acme", "Engineer", "Software", years_ago(8), years_ago(2)),
        pos("Stripe", "Director of Engineering", "Fintech", years_ago(2)),
    )
    net = network([p], goals=[job_goal(industries=["fintech"])])
    item = rank_dormant(net, TODAY, PARAMS, {3: dormant_tie(3, 0.6, years=4)}, {}).items[0]
    assert item.why.startswith("Reconnect with Priya (dormant 4 years)")
    assert "moved to Stripe" in item.why
    assert "director-level" in item.why
    assert "relevant to your goal" in item.why
    assert item.goal_fit > 0.3


def test_goal_fit_defaults_to_03_without_a_job_search() -> None:
    net = network([person(2, "P")])
    item = rank_dormant(net, TODAY, PARAMS, {2: dormant_tie(2, 0.5)}, {}).items[0]
    assert item.goal_fit == 0.3


def test_closeness_rating_drives_trust() -> None:
    close = person(2, "Close", closeness=5)
    distant = person(3, "Distant", closeness=1)
    ties = {2: dormant_tie(2, 0.5), 3: dormant_tie(3, 0.5)}
    items = {
        i.person_id: i
        for i in rank_dormant(network([close, distant]), TODAY, PARAMS, ties, {}).items
    }
    assert items[2].trust == 0.5
    assert items[3].trust == 0.0


def test_they_used_to_reach_out_keeps_full_initiative() -> None:
    chats = [chat(i, 2, 1500 + i, initiator="them" if i % 2 else "me") for i in range(6)]
    net = network([person(2, "P"), person(3, "Q")], interactions=chats + _old_chats(3, 4))
    items = {
        i.person_id: i
        for i in rank_dormant(
            net, TODAY, PARAMS, {2: dormant_tie(2, 0.5), 3: dormant_tie(3, 0.5)}, {}
        ).items
    }
    assert items[2].initiative == 1.0
    assert items[3].initiative == 0.6


def test_owing_them_suggests_opening_with_thanks() -> None:
    net = network([person(2, "P")])
    item = rank_dormant(net, TODAY, PARAMS, {2: dormant_tie(2, 0.5)}, {2: owes(2)}).items[0]
    assert "open with thanks" in item.why


def test_shared_tenure_counts_as_time_together() -> None:
    mine = me(pos("Acme", "Engineer", None, years_ago(6), years_ago(3)))
    colleague = person(2, "C", pos("Acme", "Engineer", None, years_ago(6), years_ago(3)))
    stranger = person(3, "S", pos("Acme", "Engineer", None, years_ago(1)))
    net = network([colleague, stranger], my=mine)
    ties = {2: dormant_tie(2, 0.5), 3: dormant_tie(3, 0.5)}
    items = {i.person_id: i for i in rank_dormant(net, TODAY, PARAMS, ties, {}).items}
    assert items[2].novelty < items[3].novelty


def test_peak_intensity_uses_the_best_year() -> None:
    burst = tuple(chat(i, 2, 3000 - i * 10, "in_person") for i in range(6))
    spread = tuple(chat(i, 2, 3000 - i * 400, "in_person") for i in range(6))
    assert peak_intensity(tuple(sorted(burst, key=lambda i: i.on)), PARAMS) > peak_intensity(
        tuple(sorted(spread, key=lambda i: i.on)), PARAMS
    )


def test_future_interactions_are_ignored() -> None:
    future = [chat(1, 2, -30, "in_person", intent="give", initiator="them")]
    net = network([person(2, "P")], interactions=future)
    item = rank_dormant(net, TODAY, PARAMS, {2: dormant_tie(2, 0.5)}, {}).items[0]
    assert item.trust == 0.0


@settings(max_examples=40, deadline=None)
@given(
    latent=st.floats(0.3, 1.0),
    closeness=st.one_of(st.none(), st.integers(1, 5)),
    n_chats=st.integers(0, 30),
)
def test_priority_is_bounded_and_deterministic(
    latent: float, closeness: int | None, n_chats: int
) -> None:
    p: PersonFact = person(2, "P", pos("Acme", "Engineer", None, years_ago(3)), closeness=closeness)
    net = network([p], interactions=_old_chats(2, n_chats, "call"))
    ties = {2: dormant_tie(2, latent)}
    first = rank_dormant(net, TODAY, PARAMS, ties, {})
    assert first == rank_dormant(net, TODAY, PARAMS, ties, {})
    for item in first.items:
        for value in (item.priority, item.trust, item.novelty, item.goal_fit):
            assert 0.0 <= value <= 1.0
