"""Habits: series, streaks, lapses, mixes, bad habits, scenarios and the JSON shape."""

from __future__ import annotations

import json
from datetime import date, timedelta

from kith.core.habits import habits, habits_to_dict
from tests.core.builders import (
    NOW,
    PARAMS,
    Builder,
    activity,
    days_ago,
    drive_through_networker,
    gardener,
)

THIS_MONDAY = date(2024, 6, 3)


def weeks_ago(n: int, day: int = 1) -> date:
    """A day (0 = Monday) of the week n weeks before this one."""
    return THIS_MONDAY - timedelta(weeks=n) + timedelta(days=day)


def codes(h: object) -> set[str]:
    return {b.code for b in getattr(h, "bad_habits")}  # noqa: B009


def test_weekly_series_has_52_weeks_ending_with_this_week() -> None:
    b = Builder()
    ana = b.person("Ana")
    b.log(ana, NOW)
    b.log(ana, NOW, channel="social_comment", initiator="them")
    b.log(ana, weeks_ago(51, day=0))
    b.log(ana, weeks_ago(52))  # before the series
    h = habits(b.build(), NOW, PARAMS)
    assert len(h.weekly) == 52
    assert h.weekly[-1].week_of == THIS_MONDAY
    assert h.weekly[0].week_of == THIS_MONDAY - timedelta(weeks=51)
    assert (h.weekly[0].touches, h.weekly[-1].touches) == (1, 2)
    assert sum(w.touches for w in h.weekly) == 3
    assert len(h.daily) == 364
    assert h.daily[0] == 1 and h.daily[-5] == 2  # Monday of week 1; Wednesday of this week


def test_streaks_count_weeks_with_user_touches_or_real_contact() -> None:
    b = Builder()
    ana = b.person("Ana")
    for n in (1, 2, 3):  # the current week is still running: no touch yet is fine
        b.log(ana, weeks_ago(n))
    b.log(ana, weeks_ago(4), channel="social_comment", initiator="them")  # does not count
    for n in range(10, 16):
        b.log(ana, weeks_ago(n), channel="call", initiator="them")  # real contact counts
    h = habits(b.build(), NOW, PARAMS)
    assert (h.streak_current, h.streak_longest) == (3, 6)


def test_lapses_are_three_or_more_empty_weeks_after_logging_began() -> None:
    b = Builder()
    ana = b.person("Ana")
    for n in (30, 26, 25, 24, 20, 0):
        b.log(ana, weeks_ago(n))
    h = habits(b.build(), NOW, PARAMS)
    assert [(lp.start, lp.weeks) for lp in h.lapses] == [
        (THIS_MONDAY - timedelta(weeks=29), 3),
        (THIS_MONDAY - timedelta(weeks=23), 3),
        (THIS_MONDAY - timedelta(weeks=19), 19),
    ]
    assert h.lapses[-1].end == THIS_MONDAY - timedelta(days=1)


def test_shares_new_people_spread_and_group_activity() -> None:
    b = Builder()
    close = b.person("Close", circle_pin="C5", met_on=date(2015, 1, 1), closeness=5)
    for k in range(12):
        b.log(
            close,
            days_ago(7 * k),
            channel="in_person",
            intent="catch_up",
            initiator=("me", "them")[k % 2],
        )
    new = b.person("New", met_on=days_ago(40))
    b.log(new, days_ago(40), intent="ask")
    b.person("Imported", added_on=days_ago(10))  # never met: not a new person
    b.group("Rust", activities=(activity(1, days_ago(20)), activity(1, days_ago(200))))
    h = habits(b.build(), NOW, PARAMS)
    assert h.ask_share == 1 / 7  # 6 of my catch-ups + 1 ask
    assert h.no_agenda_share == 6 / 7
    assert h.new_people_per_month[-1] == ("2024-06", 0)
    assert h.new_people_per_month[-2] == ("2024-05", 0)
    assert h.new_people_per_month[-3] == ("2024-04", 1)
    assert len(h.new_people_per_month) == 12
    assert h.spread["strong"] == 12
    assert sum(h.spread.values()) == 13
    g = h.group_activity
    assert (g.member_of, g.recent, g.last_year, g.last_on) == (1, 1, 2, days_ago(20))


def test_drive_through_networker_raises_the_named_habits_and_flags() -> None:
    net, _ = drive_through_networker()
    h = habits(net, NOW, PARAMS)
    assert {"waits_until_need", "disappears_after_landing", "asks_without_giving"} <= codes(h)
    assert {"cold_ask", "ask_only"} <= {f.code for f in h.flags}
    assert h.drive_through.score > 0.8
    waits = next(b for b in h.bad_habits if b.code == "waits_until_need")
    assert waits.evidence == (
        "Your outreach jumped 6x when your job search started and 12 of your 12 asks went to "
        "people you hadn't been in touch with for over 6 months."
    )
    landing = next(b for b in h.bad_habits if b.code == "disappears_after_landing")
    assert landing.evidence == (
        "Your outreach dropped 100% after you landed the job on 15 Jan 2024 and 5 people who "
        "helped haven't heard from you since."
    )
    assert landing.fix.startswith("A quick update to the 5 people who helped")
    asks = next(b for b in h.bad_habits if b.code == "asks_without_giving")
    assert asks.evidence == (
        "In the last year you asked for help 12 times and gave or introduced 0 times."
    )


def test_gardener_raises_no_bad_habit_and_a_low_index() -> None:
    net, _ = gardener()
    h = habits(net, NOW, PARAMS)
    assert h.bad_habits == ()
    assert h.flags == ()
    assert h.drive_through.score < 0.2
    assert h.streak_current >= 52
    assert h.lapses == ()
    assert all(n == 1 for _, n in h.new_people_per_month)
    assert h.why.endswith("no bad habits spotted.")


def test_never_closes_loop() -> None:
    b = Builder()
    for i in range(3):
        pid = b.person(f"Helper {i}", circle_pin="C15")
        b.log(pid, days_ago(100 + i), intent="give", initiator="them")
    h = habits(b.build(), NOW, PARAMS)
    assert "never_closes_loop" in codes(h)
    habit = next(x for x in h.bad_habits if x.code == "never_closes_loop")
    assert habit.evidence == (
        "3 of the 3 favours you received in the last year went without a thank-you or an update "
        "within 2 weeks."
    )


def test_neglects_weak_ties_when_all_touches_go_to_the_closest() -> None:
    b = Builder()
    close = [b.person(f"Close {i}", circle_pin="C5") for i in range(2)]
    for i in range(6):
        b.person(f"Wide {i}", circle_pin="C50")
    for k in range(12):
        b.log(close[k % 2], days_ago(5 * k), channel="call")
    h = habits(b.build(), NOW, PARAMS)
    habit = next(x for x in h.bad_habits if x.code == "neglects_weak_ties")
    assert habit.evidence == (
        "Only 0 of your 12 touches in the last 3 months went beyond your 15 closest people, "
        "though you know 6 others."
    )


def test_no_new_people_and_the_monthly_goal() -> None:
    b = Builder()
    b.person("Old", met_on=date(2020, 1, 1))
    assert "no_new_people" in codes(habits(b.build(), NOW, PARAMS))
    b.person("Fresh", met_on=days_ago(20))
    assert "no_new_people" not in codes(habits(b.build(), NOW, PARAMS))
    b.goal(kind="new_people_per_month", target=2)
    h = habits(b.build(), NOW, PARAMS)
    habit = next(x for x in h.bad_habits if x.code == "no_new_people")
    assert habit.evidence == "You met 1 new person in the last 3 months; your goal is 2 a month."


def test_all_agenda_and_irregular_and_absent_from_groups() -> None:
    b = Builder()
    pid = b.person("Pat", circle_pin="C15")
    for n in (40, 30, 20, 10, 1):
        b.log(pid, weeks_ago(n), channel="call", intent="ask")
    b.group("Rust", activities=(activity(1, days_ago(200)),))
    h = habits(b.build(), NOW, PARAMS)
    assert {"all_agenda", "irregular", "absent_from_groups"} <= codes(h)
    by_code = {x.code: x for x in h.bad_habits}
    assert by_code["all_agenda"].evidence.startswith("None of your 5 outreach touches")
    assert by_code["irregular"].evidence == (
        "You had 4 quiet spells of 3+ weeks in the last year (35 weeks in all)."
    )
    assert by_code["absent_from_groups"].evidence == (
        "You belong to 1 group but haven't posted, commented or attended since 18 Nov 2023."
    )


def test_habits_to_dict_has_the_documented_keys_and_is_json_ready() -> None:
    net, _ = drive_through_networker()
    data = habits_to_dict(habits(net, NOW, PARAMS))
    assert set(data) == {
        "as_of",
        "drive_through_index",
        "flags",
        "bad_habits",
        "weekly",
        "daily",
        "streak",
        "lapses",
        "ask_share",
        "no_agenda_share",
        "new_people_per_month",
        "spread",
        "group_activity",
        "why",
    }
    assert data["as_of"] == "2024-06-05"
    assert set(data["flags"][0]) == {"code", "person", "person_id", "evidence"}
    assert set(data["bad_habits"][0]) == {"code", "evidence", "fix"}
    assert set(data["streak"]) == {"current", "longest"}
    assert data["drive_through_index"]["score"] > 0.8
    assert data["weekly"][-1] == {"week_of": "2024-06-03", "touches": 0}
    assert json.loads(json.dumps(data)) == data
