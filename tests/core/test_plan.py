"""The weekly plan: budget, 40/20/40 split, kinds of nudge, exclusions and ordering."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from kith.core.coach_common import jsonable
from kith.core.plan import Plan, weekly_plan
from tests.core.builders import (
    NOW,
    PARAMS,
    Builder,
    activity,
    days_ago,
    position,
)

OLD = date(2019, 1, 1)


def overdue_people(b: Builder, circle: str, n: int, prefix: str) -> list[int]:
    ids = []
    for i in range(n):
        pid = b.person(f"{prefix} {i}", circle_pin=circle, met_on=OLD)
        b.log(pid, days_ago(400), channel="call")
        ids.append(pid)
    return ids


def kinds(plan: Plan) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in plan.items:
        found.setdefault(item.kind, []).append(item.person)
    return found


def test_plan_respects_budget_and_the_40_20_40_split() -> None:
    b = Builder()
    overdue_people(b, "C5", 6, "Inner")
    overdue_people(b, "C15", 4, "Close")
    overdue_people(b, "C50", 8, "Wide")
    plan = weekly_plan(b.build(), NOW, PARAMS)
    assert plan.week_of == date(2024, 6, 3)
    assert plan.budget == 10
    assert len(plan.items) == 10
    assert Counter(item.circle for item in plan.items) == {"C5": 4, "C15": 2, "C50": 4}
    assert plan.why == (
        "10 of 10 touches this week: 4 inner circle, 2 close circle, 4 wider network."
    )
    inner = next(i for i in plan.items if i.circle == "C5")
    assert inner.kind == "overdue"
    assert inner.action == "Catch up with Inner 0 (call, video or in person)"
    assert next(i for i in plan.items if i.circle == "C50").kind == "weak_tie"


def test_unused_shares_pass_their_slots_on() -> None:
    b = Builder()
    overdue_people(b, "C50", 12, "Wide")
    plan = weekly_plan(b.build(), NOW, PARAMS, budget=5)
    assert len(plan.items) == 5
    assert [i.person for i in plan.items] == [f"Wide {i}" for i in (0, 1, 10, 11, 2)]


def test_budget_zero_gives_an_empty_plan() -> None:
    b = Builder()
    overdue_people(b, "C5", 2, "Inner")
    plan = weekly_plan(b.build(), NOW, PARAMS, budget=0)
    assert plan.items == ()
    assert plan.why == "Nothing pressing this week: a good week to meet someone new."


def test_do_not_contact_and_ended_people_are_never_in_the_plan() -> None:
    b = Builder()
    dnc = b.person("Dee", circle_pin="C5", met_on=OLD, do_not_contact=True)
    ended = b.person("Ed", circle_pin="C5", met_on=OLD, ended=True)
    for pid in (dnc, ended):
        b.log(pid, days_ago(5), intent="give", initiator="them")
        b.log(pid, days_ago(300), channel="call")
    overdue_people(b, "C5", 1, "Inner")
    plan = weekly_plan(b.build(), NOW, PARAMS)
    assert [i.person for i in plan.items] == ["Inner 0"]


def test_each_kind_of_nudge_is_offered() -> None:
    b = Builder()
    b.set_me(tags=frozenset({"rust"}))
    thanked = b.person("Tara", circle_pin="C50", met_on=OLD)
    b.log(thanked, days_ago(3), intent="give", initiator="them")
    new_role = b.person(
        "Cora",
        circle_pin="C50",
        met_on=OLD,
        positions=(position("Globex", days_ago(20), title="CTO"),),
    )
    b.log(new_role, days_ago(30), channel="call")
    target = b.person(
        "Gil", circle_pin="C50", met_on=OLD, positions=(position("Acme", date(2020, 1, 1)),)
    )
    b.log(target, days_ago(30), channel="call")
    b.goal(started_on=days_ago(20), orgs=("Acme",))
    reminded = b.person("Rita", circle_pin="C50", met_on=OLD)
    b.log(reminded, days_ago(10), channel="call")
    b.reminder(reminded, days_ago(1), "send the slides")
    asked = b.person("Abe", circle_pin="C50", met_on=OLD)
    b.log(asked, days_ago(20), channel="call")
    b.log(asked, days_ago(10), intent="ask")
    plan = weekly_plan(b.build(), NOW, PARAMS)
    by_person = {i.person: i for i in plan.items}
    assert by_person["Tara"].kind == "thanks"
    assert by_person["Tara"].action == (
        "Thank Tara for their help on 2 Jun 2024 and tell them how it went"
    )
    assert by_person["Cora"].kind == "congratulate"
    assert by_person["Cora"].action == "Congratulate Cora on CTO at Globex"
    assert by_person["Gil"].kind == "give_before_ask"
    assert by_person["Gil"].why == (
        "Gil (at Acme) is relevant to your job search: give at least 7 days before you ask."
    )
    assert by_person["Rita"].kind == "follow_up"
    assert by_person["Rita"].action == "Follow up with Rita: send the slides"
    assert by_person["Abe"].kind == "follow_up"
    assert by_person["Abe"].action == "Follow up on your ask to Abe from 26 May 2024"


def test_people_you_owe_or_plan_to_ask_get_a_give_first() -> None:
    b = Builder()
    owed = b.person("Owen", circle_pin="C15", met_on=OLD)
    b.log(owed, days_ago(100), intent="give", initiator="them", thanks=True)
    b.log(owed, days_ago(60), intent="give", initiator="them", thanks=True)
    planned = b.person("Paula", circle_pin="C50", met_on=OLD)
    b.log(planned, days_ago(5), channel="call")
    plan = weekly_plan(b.build(), NOW, PARAMS, planned_asks=[planned])
    assert kinds(plan) == {"give_before_ask": ["Owen", "Paula"]}
    assert plan.items[0].why == "Owen has helped you 2 times; give back before you ask."


def test_dormant_ties_group_contributors_and_a_new_person() -> None:
    b = Builder()
    old = b.person("Olga", met_on=date(2012, 1, 1), closeness=4)
    for k in range(12):
        b.log(old, days_ago(1500 + 15 * k), channel="in_person")
    kim = b.person("Kim", added_on=days_ago(30))
    b.group(
        "Rust Berlin",
        members=(kim,),
        activities=(activity(kim, days_ago(10)), activity(kim, days_ago(40))),
    )
    friend = b.person("Fran", circle_pin="C5", met_on=OLD, closeness=5)
    for k in range(20):
        b.log(friend, days_ago(1 + 5 * k), channel="in_person", initiator=("me", "them")[k % 2])
    stranger = b.person("Stan", added_on=days_ago(30))
    b.link(friend, stranger)
    plan = weekly_plan(b.build(), NOW, PARAMS)
    assert kinds(plan) == {
        "dormant": ["Olga"],
        "group_contributor": ["Kim"],
        "new_person": ["Stan"],
    }
    stan = next(i for i in plan.items if i.person == "Stan")
    assert stan.action == "Ask Fran to introduce you to Stan"


def test_one_item_per_person_and_the_most_pressing_kind_wins() -> None:
    b = Builder()
    ana = b.person("Ana", circle_pin="C5", met_on=OLD)
    b.log(ana, days_ago(100), channel="call")
    b.log(ana, days_ago(20), intent="give", initiator="them")
    plan = weekly_plan(b.build(), NOW, PARAMS)
    assert [(i.person, i.kind) for i in plan.items] == [("Ana", "thanks")]


def test_plan_converts_to_plain_json() -> None:
    b = Builder()
    overdue_people(b, "C5", 1, "Inner")
    data = jsonable(weekly_plan(b.build(), NOW, PARAMS))
    assert json.loads(json.dumps(data)) == data
    assert isinstance(data, dict)
    assert data["week_of"] == "2024-06-03"
    assert data["items"][0]["kind"] == "overdue"
    assert set(data["items"][0]) == {
        "person_id",
        "person",
        "action",
        "kind",
        "why",
        "circle",
        "priority",
    }


def test_plan_is_deterministic_and_sorted_by_priority_then_name() -> None:
    b = Builder()
    overdue_people(b, "C50", 6, "Wide")
    overdue_people(b, "C5", 3, "Inner")
    net = b.build()
    first, second = weekly_plan(net, NOW, PARAMS), weekly_plan(net, NOW, PARAMS)
    assert first == second
    keys = [(-i.priority, i.person) for i in first.items]
    assert keys == sorted(keys)


def test_late_thanks_is_suggested_only_while_the_help_is_unanswered() -> None:
    b = Builder()
    quiet = b.person("Quinn", circle_pin="C50", met_on=OLD)
    b.log(quiet, days_ago(60), intent="give", initiator="them")
    answered = b.person("Ann", circle_pin="C50", met_on=OLD)
    b.log(answered, days_ago(60), intent="give", initiator="them")
    b.log(answered, days_ago(30), intent="catch_up")  # late, but answered
    plan = weekly_plan(b.build(), NOW, PARAMS)
    assert kinds(plan) == {"thanks": ["Quinn"]}
    assert (
        plan.items[0].why
        == "Quinn helped you on 6 Apr 2024; a late thank-you still closes the loop."
    )
