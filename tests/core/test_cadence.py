"""Spec (b): circles, cadences, modifiers and the due list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kith.core.cadence import (
    all_cadences,
    assign_circles,
    cadence_for,
    due_list,
    own_rhythm,
)
from kith.core.types import TieStrength
from tests.core.builders import NOW, PARAMS, Builder, days_ago


def fake_tie(pid: int, score: float, latent: float = 0.0) -> TieStrength:
    return TieStrength(pid, score, "weak", False, 0.0, latent, {}, None, "")


def ranked(n: int, score: float = 0.9) -> tuple[Builder, list[int]]:
    b = Builder()
    return b, [b.person(f"P{i:03d}") for i in range(n)]


def test_circles_cut_the_ranking_at_dunbar_sizes() -> None:
    b, ids = ranked(600)
    ties = {pid: fake_tie(pid, 0.9 - i * 0.001) for i, pid in enumerate(ids)}
    circles = assign_circles(b.build(), NOW, PARAMS, ties)
    layers = [circles[pid] for pid in ids]
    assert layers[:5] == ["C5"] * 5
    assert layers[5:15] == ["C15"] * 10
    assert layers[15:50] == ["C50"] * 35
    assert layers[50:150] == ["C150"] * 100
    assert layers[150:500] == ["C500"] * 350
    assert layers[500:] == ["C1500"] * 100


def test_circles_need_an_absolute_minimum_strength() -> None:
    b, ids = ranked(5)
    scores = [0.50, 0.35, 0.20, 0.06, 0.03]
    ties = {pid: fake_tie(pid, s) for pid, s in zip(ids, scores, strict=True)}
    circles = assign_circles(b.build(), NOW, PARAMS, ties)
    assert [circles[pid] for pid in ids] == ["C5", "C15", "C50", "C150", "C500"]


def test_someone_spoken_to_once_three_years_ago_is_never_close() -> None:
    b = Builder()
    once = b.person("Once", met_on=days_ago(1100))
    b.log(once, days_ago(1100), channel="in_person")
    assert assign_circles(b.build(), NOW, PARAMS)[once] == "C150"


def test_a_pin_wins_and_takes_a_slot_in_its_circle() -> None:
    b, ids = ranked(6)
    pinned = b.person("Pinned", circle_pin="C5")
    ties = {pid: fake_tie(pid, 0.9) for pid in ids} | {pinned: fake_tie(pinned, 0.0)}
    circles = assign_circles(b.build(), NOW, PARAMS, ties)
    assert circles[pinned] == "C5"
    assert sum(1 for pid in ids if circles[pid] == "C5") == 4
    assert sum(1 for pid in ids if circles[pid] == "C15") == 2


def test_ties_in_strength_are_broken_by_latent() -> None:
    b, ids = ranked(6)
    ties = {pid: fake_tie(pid, 0.5, latent=0.1) for pid in ids}
    ties[ids[5]] = fake_tie(ids[5], 0.5, latent=0.9)
    circles = assign_circles(b.build(), NOW, PARAMS, ties)
    assert circles[ids[5]] == "C5"
    assert circles[ids[4]] == "C15"  # lowest name among the rest falls out of C5


@pytest.mark.parametrize(
    ("circle", "days"), [("C5", 7), ("C15", 30), ("C50", 90), ("C150", 180), ("C500", 365)]
)
def test_default_cadence_per_circle(circle: str, days: int) -> None:
    b = Builder()
    pid = b.person("Ana", circle_pin=circle, added_on=date(2019, 1, 1))
    cad = cadence_for(b.build(), pid, NOW, PARAMS)
    assert (cad.days, cad.source, cad.circle) == (days, "circle", circle)


def test_outermost_circle_has_no_cadence() -> None:
    b = Builder()
    pid = b.person("Ana", circle_pin="C1500", added_on=date(2019, 1, 1))
    cad = cadence_for(b.build(), pid, NOW, PARAMS)
    assert cad.days is None
    assert cad.due_on is None
    assert cad.why.startswith("No regular cadence")


def test_modifiers_bridge_goal_and_kin_multiply_the_cadence() -> None:
    b = Builder()
    bridge = b.person("Bridge", circle_pin="C15")
    goal = b.person("Goal", circle_pin="C50")
    kin = b.person("Kin", circle_pin="C15", is_kin=True)
    b.goal(started_on=days_ago(30))
    cads = all_cadences(b.build(), NOW, PARAMS, broker_scores={bridge: 0.6}, relevance={goal: 0.5})
    assert cads[bridge].days == 23  # 30 x 0.75 = 22.5, rounded half up
    assert cads[bridge].modifiers == ("bridge",)
    assert cads[goal].days == 68  # 90 x 0.75 = 67.5
    assert cads[kin].days == 45  # 30 x 1.5
    assert "kin: a little less often" in cads[kin].why


def test_goal_modifier_needs_an_active_job_search() -> None:
    b = Builder()
    goal = b.person("Goal", circle_pin="C50")
    b.goal(started_on=days_ago(300), landed_on=days_ago(100))
    cad = cadence_for(b.build(), goal, NOW, PARAMS, relevance={goal: 0.9})
    assert cad.days == 90
    assert cad.modifiers == ()


def test_own_rhythm_replaces_the_circle_default_within_its_range() -> None:
    b = Builder()
    five_weeks = b.person("Ana", circle_pin="C15", met_on=date(2019, 1, 1))
    often = b.person("Bo", circle_pin="C15", met_on=date(2019, 1, 1))
    for k in range(5):
        b.log(five_weeks, days_ago(10 + 35 * k), channel="call")
        b.log(often, days_ago(2 + 3 * k), channel="call")
    cads = all_cadences(b.build(), NOW, PARAMS)
    assert (cads[five_weeks].days, cads[five_weeks].source) == (35, "rhythm")
    assert cads[often].days == 21  # a 3-day median is clamped to the C15 range 21..45


def test_rhythm_needs_four_meaningful_interactions() -> None:
    b = Builder()
    c = b.person("Ana")
    for k in range(3):
        b.log(c, days_ago(10 * k), channel="call")
    b.log(c, days_ago(40), channel="social_comment")
    assert own_rhythm(b.build().interactions_with(c), PARAMS) is None


def test_user_override_wins_over_everything() -> None:
    b = Builder()
    c = b.person("Ana", circle_pin="C1500", cadence_days=14, is_kin=True, met_on=days_ago(3))
    cad = cadence_for(b.build(), c, NOW, PARAMS, broker_scores={c: 1.0})
    assert (cad.days, cad.source, cad.modifiers) == (14, "override", ())


def test_new_contacts_get_onboarding_touches_at_7_30_and_90_days() -> None:
    b = Builder()
    c = b.person("New", met_on=days_ago(10))
    b.log(c, days_ago(10), channel="in_person")
    b.log(c, days_ago(2), channel="message")  # the day-7 touch happened
    cad = cadence_for(b.build(), c, NOW, PARAMS)
    assert cad.source == "onboarding"
    assert cad.due_on == days_ago(10) + timedelta(days=30)
    assert cad.days == 22  # from the last touch (day 8) to day 30
    assert cad.why == "New contact (met 10 days ago): a touch on day 30 keeps a new tie warm."


def test_any_interaction_resets_the_clock() -> None:
    b = Builder()
    c = b.person("Ana", circle_pin="C15", met_on=date(2019, 1, 1))
    b.log(c, days_ago(100), channel="call")
    assert [d.person_id for d in due_list(b.build(), NOW, PARAMS)] == [c]
    b.log(c, days_ago(1), channel="social_comment")
    assert due_list(b.build(), NOW, PARAMS) == []


def test_due_item_explains_rhythm_and_overdue_ratio() -> None:
    b = Builder()
    ana = b.person("Ana Silva", circle_pin="C15", met_on=date(2019, 1, 1))
    for k in range(5):
        b.log(ana, days_ago(63 + 35 * k), channel="call")
    [item] = due_list(b.build(), NOW, PARAMS)
    assert item.why == "you usually talk every ~5 weeks (close circle); it's been 9 weeks"
    assert item.cadence_days == 35
    assert item.days_since == 63
    assert item.overdue_ratio == pytest.approx(1.8)
    assert item.priority == pytest.approx(1.8 * 0.5)
    assert item.suggested_channel == "message or email"
    assert item.due_on == days_ago(28)


def test_priority_and_channel_follow_the_spec() -> None:
    b = Builder()
    c = b.person("Ana", circle_pin="C50", met_on=date(2019, 1, 1))
    b.log(c, days_ago(400), channel="call")
    [item] = due_list(b.build(), NOW, PARAMS, broker_scores={c: 0.4}, relevance={c: 0.5})
    # overdue 400/90 = 4.4, capped at 3; no active search, so no goal modifier
    assert item.priority == pytest.approx(3.0 * (0.5 + 0.5) * (1 + 0.5 * 0.4))
    assert item.suggested_channel == "call, video or in person"


def test_never_contacted_people_count_from_when_they_were_met_or_added() -> None:
    b = Builder()
    met = b.person("Met", circle_pin="C50", met_on=days_ago(200), added_on=days_ago(20))
    added = b.person("Added", circle_pin="C50", added_on=days_ago(100))
    items = {d.person_id: d for d in due_list(b.build(), NOW, PARAMS)}
    assert items[met].days_since == 200
    assert items[added].days_since == 100
    assert "you haven't talked since you met" in items[met].why


def test_due_list_excludes_do_not_contact_ended_and_outer_circle() -> None:
    b = Builder()
    old = days_ago(1000)
    kept = b.person("Kept", circle_pin="C150", added_on=old)
    b.person("DNC", circle_pin="C150", added_on=old, do_not_contact=True)
    b.person("Ended", circle_pin="C150", added_on=old, ended=True)
    b.person("Archived", circle_pin="C150", added_on=old, archived=True)
    b.person("Outer", circle_pin="C1500", added_on=old)
    assert [d.person_id for d in due_list(b.build(), NOW, PARAMS)] == [kept]


def test_due_list_is_sorted_by_priority_then_name() -> None:
    b = Builder()
    old = date(2019, 1, 1)
    zed = b.person("Zed", circle_pin="C50", added_on=old)
    amy = b.person("Amy", circle_pin="C50", added_on=old)
    top = b.person("Top", circle_pin="C50", added_on=old)
    items = due_list(b.build(), NOW, PARAMS, relevance={top: 1.0})
    assert [d.person_id for d in items] == [top, amy, zed]
    assert len(due_list(b.build(), NOW, PARAMS, limit=2)) == 2


def test_computed_cadences_never_exceed_a_year() -> None:
    b = Builder()
    kin = b.person("Kin", circle_pin="C500", is_kin=True)
    kin150 = b.person("Kin150", circle_pin="C150", is_kin=True)
    cads = all_cadences(b.build(), NOW, PARAMS)
    assert cads[kin].days == 365  # 365 x 1.5 is capped at the yearly maximum
    assert cads[kin150].days == 270
