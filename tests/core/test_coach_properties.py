"""Invariants of the coach over random networks (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.core.cadence import assign_circles, due_list
from kith.core.drive_through import drive_through_index
from kith.core.gaps import rank_gaps
from kith.core.groups import suggest_groups
from kith.core.habits import habits
from kith.core.plan import weekly_plan
from kith.core.reciprocity import all_ledgers, all_reciprocity, contact_drive_through
from kith.core.ties import all_tie_strengths
from kith.core.types import (
    CHANNELS,
    INITIATORS,
    INTENTS,
    GoalFact,
    GroupActivityFact,
    GroupFact,
    InteractionFact,
    LinkFact,
    Network,
    PersonFact,
)
from tests.core.builders import NOW, PARAMS

ME = PersonFact(id=1, name="Me", added_on=date(2015, 1, 1), is_me=True, tags=frozenset({"rust"}))
PIDS = (10, 11, 12, 13, 14)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def networks(draw: st.DrawFn, met_fixed: bool = False) -> Network:
    n = draw(st.integers(1, len(PIDS)))
    pids = PIDS[:n]
    people = {
        pid: PersonFact(
            id=pid,
            name=f"P{pid}",
            added_on=NOW - timedelta(days=draw(st.integers(0, 3000))),
            met_on=(
                NOW - timedelta(days=4000)
                if met_fixed
                else draw(
                    st.none() | st.builds(lambda d: NOW - timedelta(days=d), st.integers(0, 3000))
                )
            ),
            closeness=draw(st.none() | st.integers(1, 5)),
            circle_pin=draw(st.none() | st.sampled_from(("C5", "C50", "C1500"))),
            do_not_contact=draw(st.booleans()) and draw(st.booleans()),
            tags=frozenset(draw(st.sets(st.sampled_from(("rust", "go")), max_size=2))),
        )
        for pid in pids
    }
    items = []
    for k in range(draw(st.integers(0, 25))):
        items.append(
            InteractionFact(
                id=1000 + k,
                on=NOW - timedelta(days=draw(st.integers(0, 1500))),
                channel=draw(st.sampled_from(CHANNELS)),
                intent=draw(st.sampled_from(INTENTS)),
                initiator=draw(st.sampled_from(INITIATORS)),
                participants=tuple(
                    sorted(draw(st.sets(st.sampled_from(pids), min_size=1, max_size=2)))
                ),
                outcome=draw(st.none() | st.sampled_from(("helped", "declined", "no_reply"))),
                mentions_thanks=draw(st.booleans()),
            )
        )
    links = tuple(
        LinkFact(a, b, "knows")
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from((1, *pids)), st.sampled_from(pids)), max_size=4)
        )
    )
    acts = tuple(
        GroupActivityFact(pid, "post", NOW - timedelta(days=d))
        for pid, d in draw(
            st.lists(st.tuples(st.sampled_from((1, *pids)), st.integers(0, 400)), max_size=5)
        )
    )
    groups = (
        GroupFact(
            id=500,
            name="Rust",
            interests=frozenset({"rust"}),
            my_role="member",
            joined_on=date(2020, 1, 1),
            members=frozenset(pids[:2]),
            activities=acts,
        ),
    )
    goals: tuple[GoalFact, ...] = ()
    if draw(st.booleans()):
        start = NOW - timedelta(days=draw(st.integers(30, 600)))
        landed = draw(st.none() | st.integers(0, 29).map(lambda d: NOW - timedelta(days=d)))
        goals = (GoalFact(id=600, kind="job_search", started_on=start, landed_on=landed),)
    return Network(
        me=ME,
        people=people,
        interactions=tuple(sorted(items, key=lambda it: it.on)),
        links=links,
        groups=groups,
        goals=goals,
    )


def everything(net: Network, now: date = NOW) -> dict[str, Any]:
    """Every public result of the coach for one network and date."""
    ties = all_tie_strengths(net, now, PARAMS)
    circles = assign_circles(net, now, PARAMS)
    return {
        "ties": ties,
        "circles": circles,
        "due": due_list(net, now, PARAMS),
        "plan": weekly_plan(net, now, PARAMS),
        "reciprocity": all_reciprocity(net, now, PARAMS),
        "habits": habits(net, now, PARAMS),
        "gaps": rank_gaps(net, now, PARAMS),
        "groups": suggest_groups(net, now, PARAMS),
    }


def reordered(net: Network) -> Network:
    """The same facts, loaded in another order (people, links, groups, same-day interactions)."""
    return Network(
        me=net.me,
        people=dict(reversed(list(net.people.items()))),
        interactions=tuple(sorted(net.interactions, key=lambda it: (it.on, -it.id))),
        links=tuple(reversed(net.links)),
        groups=tuple(reversed(net.groups)),
        goals=net.goals,
    )


@SETTINGS
@given(networks())
def test_every_score_is_bounded_in_0_1(net: Network) -> None:
    for t in all_tie_strengths(net, NOW, PARAMS).values():
        assert 0.0 <= t.score <= 1.0
        assert 0.0 <= t.active <= 1.0
        assert 0.0 <= t.latent <= 1.0
        assert all(0.0 <= v <= 1.0 for v in t.components.values())
    for rec in all_reciprocity(net, NOW, PARAMS).values():
        assert 0.0 <= contact_drive_through(rec, PARAMS) <= 1.0
        assert rec.balance > 0
    circles = assign_circles(net, NOW, PARAMS)
    dti = drive_through_index(net, NOW, PARAMS, all_ledgers(net, NOW, PARAMS, circles))
    for share in (dti.score, dti.ask_share, dti.cold_ask_rate, dti.close_loop_rate):
        assert 0.0 <= share <= 1.0
    h = habits(net, NOW, PARAMS)
    assert 0.0 <= h.no_agenda_share <= 1.0
    assert all(0.0 <= g.score <= 1.0 for g in rank_gaps(net, NOW, PARAMS))
    assert all(0.0 <= g.score <= 1.0 for g in suggest_groups(net, NOW, PARAMS).groups)
    assert all(d.overdue_ratio >= 1.0 and d.priority > 0 for d in due_list(net, NOW, PARAMS))


@SETTINGS
@given(networks(met_fixed=True), st.integers(1, 400))
def test_tie_strength_never_rises_when_contact_moves_into_the_past(
    net: Network, shift: int
) -> None:
    earlier = replace(
        net,
        interactions=tuple(
            replace(it, on=it.on - timedelta(days=shift)) for it in net.interactions
        ),
    )
    before = all_tie_strengths(net, NOW, PARAMS)
    after = all_tie_strengths(earlier, NOW, PARAMS)
    for pid, t in before.items():
        assert after[pid].score <= t.score + 1e-12
        assert after[pid].active <= t.active + 1e-12


@SETTINGS
@given(networks())
def test_reloading_the_same_facts_in_another_order_gives_identical_output(net: Network) -> None:
    assert everything(reordered(net)) == everything(net)


@SETTINGS
@given(networks())
def test_same_data_and_as_of_give_the_same_output(net: Network) -> None:
    first = everything(net)
    assert everything(net) == first
    assert everything(replace(net)) == first  # a fresh but equal Network object


@SETTINGS
@given(
    networks(),
    st.lists(
        st.tuples(st.integers(1, 400), st.sampled_from(PIDS), st.sampled_from(INTENTS)),
        min_size=1,
        max_size=6,
    ),
)
def test_interactions_after_now_are_ignored_everywhere(
    net: Network, future: list[tuple[int, int, str]]
) -> None:
    extra = [
        InteractionFact(
            id=9000 + k,
            on=NOW + timedelta(days=d),
            channel="in_person",
            intent=intent,
            initiator="me",
            participants=(pid,),
        )
        for k, (d, pid, intent) in enumerate(future)
        if pid in net.people
    ]
    later = replace(net, interactions=net.interactions + tuple(extra))
    assert everything(later) == everything(net)


def test_shifting_interactions_earlier_actually_lowers_the_score() -> None:
    # guards the property above against a vacuous pass
    it = InteractionFact(
        id=1,
        on=NOW - timedelta(days=5),
        channel="call",
        intent="catch_up",
        initiator="me",
        participants=(10,),
    )
    person = PersonFact(id=10, name="P", added_on=date(2015, 1, 1), met_on=date(2015, 1, 1))
    net = Network(me=ME, people={10: person}, interactions=(it,))
    moved = replace(net, interactions=(replace(it, on=it.on - timedelta(days=100)),))
    assert all_tie_strengths(moved, NOW, PARAMS)[10].score < (
        all_tie_strengths(net, NOW, PARAMS)[10].score - 0.05
    )
