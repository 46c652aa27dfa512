"""Spec (f): the per-contact ledger, its flags with evidence, and the drive-through index."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kith.core.cadence import assign_circles
from kith.core.drive_through import drive_through_index
from kith.core.reciprocity import (
    FLAGS,
    all_ledgers,
    all_reciprocity,
    contact_drive_through,
    reciprocity,
)
from kith.core.types import Reciprocity
from tests.core.builders import (
    LANDED,
    NOW,
    PARAMS,
    SEARCH_START,
    Builder,
    days_ago,
    drive_through_networker,
    gardener,
)


def test_an_ask_after_six_months_of_silence_is_cold() -> None:
    b = Builder()
    lee = b.person("Lee", met_on=date(2019, 1, 1), circle_pin="C50")
    b.log(lee, days_ago(600), channel="call")
    b.log(lee, days_ago(10), intent="ask")
    rec = reciprocity(b.build(), lee, NOW, PARAMS)
    assert rec.flags == ("cold_ask",)
    assert rec.evidence["cold_ask"] == (
        "You asked Lee for help on 26 May 2024 after 19 months without a catch-up or give from you."
    )


def test_an_ask_after_a_recent_catch_up_is_not_cold() -> None:
    b = Builder()
    lee = b.person("Lee", circle_pin="C50")
    b.log(lee, days_ago(100), channel="call")
    b.log(lee, days_ago(10), intent="ask")
    assert "cold_ask" not in reciprocity(b.build(), lee, NOW, PARAMS).flags


def test_a_contact_initiated_message_does_not_warm_up_a_cold_ask() -> None:
    b = Builder()
    lee = b.person("Lee", circle_pin="C50")
    b.log(lee, days_ago(30), initiator="them")
    b.log(lee, days_ago(10), intent="ask")
    rec = reciprocity(b.build(), lee, NOW, PARAMS)
    assert rec.evidence["cold_ask"].endswith("with no earlier catch-up or give from you.")


def test_inner_and_close_circles_are_never_cold() -> None:
    b = Builder()
    ana = b.person("Ana", circle_pin="C15")
    b.log(ana, days_ago(10), intent="ask")
    assert reciprocity(b.build(), ana, NOW, PARAMS).flags == ()


def test_ask_only_needs_two_asks_no_gives_and_at_most_one_catch_up() -> None:
    b = Builder()
    taker, giver = b.person("Taker", circle_pin="C15"), b.person("Giver", circle_pin="C15")
    for pid in (taker, giver):
        b.log(pid, days_ago(300), intent="catch_up")
        b.log(pid, days_ago(200), intent="ask")
        b.log(pid, days_ago(100), intent="ask")
    b.log(giver, days_ago(150), intent="connect")
    recs = all_reciprocity(b.build(), NOW, PARAMS)
    assert recs[taker].flags == ("ask_only",)
    assert recs[taker].evidence["ask_only"] == (
        "You've asked Taker for help 2 times and haven't given or introduced anyone in return, "
        "and caught up only once."
    )
    assert recs[giver].flags == ()


def test_a_mutual_ask_is_not_counted_as_the_users_ask() -> None:
    b = Builder()
    pid = b.person("Pat", circle_pin="C50")
    b.log(pid, days_ago(20), intent="ask", initiator="mutual")
    b.log(pid, days_ago(10), intent="ask", initiator="mutual")
    rec = reciprocity(b.build(), pid, NOW, PARAMS)
    assert rec.asks == 0
    assert rec.flags == ()


def test_help_not_followed_by_thanks_within_14_days_is_flagged() -> None:
    b = Builder()
    lee = b.person("Lee", circle_pin="C15")
    b.log(lee, days_ago(60), intent="connect", initiator="them")
    b.log(lee, days_ago(30), intent="catch_up")  # too late to count as closing that loop
    rec = reciprocity(b.build(), lee, NOW, PARAMS)
    assert rec.flags == ("no_thanks",)
    assert rec.evidence["no_thanks"] == (
        "Lee helped you on 6 Apr 2024 and you didn't follow up with a thank-you or an update "
        "within 2 weeks."
    )


@pytest.mark.parametrize(
    ("intent", "thanks", "initiator", "flagged"),
    [
        ("thanks", False, "me", False),
        ("catch_up", False, "me", False),
        ("ask", False, "me", True),
        ("ask", True, "me", False),
        ("thanks", False, "them", True),
    ],
)
def test_what_closes_the_loop(intent: str, thanks: bool, initiator: str, flagged: bool) -> None:
    b = Builder()
    lee = b.person("Lee", circle_pin="C15")
    b.log(lee, days_ago(60), intent="give", initiator="them")
    b.log(lee, days_ago(50), intent=intent, initiator=initiator, thanks=thanks)
    assert ("no_thanks" in reciprocity(b.build(), lee, NOW, PARAMS).flags) is flagged


def test_help_on_my_ask_counts_and_a_pending_window_is_not_flagged_yet() -> None:
    b = Builder()
    lee, kim = b.person("Lee", circle_pin="C15"), b.person("Kim", circle_pin="C15")
    b.log(lee, days_ago(30), intent="ask", outcome="helped")
    b.log(kim, days_ago(5), intent="ask", outcome="helped")
    recs = all_reciprocity(b.build(), NOW, PARAMS)
    assert recs[lee].received == 1
    assert recs[lee].flags == ("no_thanks",)
    assert recs[kim].flags == ()  # the 14 days are not over


def test_owes_after_two_helps_with_nothing_given() -> None:
    b = Builder()
    lee = b.person("Lee", circle_pin="C15")
    b.log(lee, days_ago(100), intent="give", initiator="them", thanks=True)
    b.log(lee, days_ago(50), intent="connect", initiator="them", thanks=True)
    rec = reciprocity(b.build(), lee, NOW, PARAMS)
    assert rec.flags == ("owes",)
    assert rec.received == 2
    assert rec.evidence["owes"] == (
        "Lee has helped you 2 times in the last 2 years and you haven't given anything back yet."
    )


def test_balance_follows_the_spec_formula() -> None:
    b = Builder()
    lee = b.person("Lee", circle_pin="C15")
    for intent in ("give", "connect", "catch_up", "ask", "ask", "ask"):
        b.log(lee, days_ago(20), intent=intent)
    b.log(lee, days_ago(900), intent="give")  # outside the 24-month window
    rec = reciprocity(b.build(), lee, NOW, PARAMS)
    assert (rec.gives, rec.asks) == (2, 3)
    assert rec.balance == pytest.approx((2 + 0.5 * 1 + 1) / (3 + 1))


def test_ghosted_after_landing_needs_help_during_the_search_and_90_silent_days() -> None:
    b = Builder()
    helper, heard, quiet = (b.person(n, circle_pin="C15") for n in ("Helper", "Heard", "Quiet"))
    b.goal(started_on=days_ago(300), landed_on=days_ago(120))
    for pid in (helper, heard):
        b.log(pid, days_ago(200), intent="give", initiator="them", thanks=True)
    b.log(heard, days_ago(100), channel="call")
    b.log(quiet, days_ago(200), channel="call")
    recs = all_reciprocity(b.build(), NOW, PARAMS)
    assert recs[helper].flags == ("ghosted_after_landing",)
    assert recs[helper].evidence["ghosted_after_landing"] == (
        "Helper helped during your job search, and you haven't been in touch in the 90 days "
        "after you landed on 6 Feb 2024."
    )
    assert recs[heard].flags == ()
    assert recs[quiet].flags == ()


def test_ghosted_waits_until_the_90_days_are_over() -> None:
    b = Builder()
    helper = b.person("Helper", circle_pin="C15")
    b.goal(started_on=days_ago(200), landed_on=days_ago(60))
    b.log(helper, days_ago(100), intent="give", initiator="them", thanks=True)
    assert reciprocity(b.build(), helper, NOW, PARAMS).flags == ()


def test_contact_drive_through_weights() -> None:
    rec = Reciprocity(1, 0, 2, 0, 0.33, ("cold_ask", "ask_only", "ghosted_after_landing"), {})
    assert contact_drive_through(rec, PARAMS) == pytest.approx(0.85)
    assert contact_drive_through(Reciprocity(1, 0, 0, 0, 1.0, FLAGS, {}), PARAMS) == 1.0


def test_drive_through_networker_raises_cold_ask_ask_only_and_more() -> None:
    net, ids = drive_through_networker()
    recs = all_reciprocity(net, NOW, PARAMS)
    flagged = {code for rec in recs.values() for code in rec.flags}
    assert {"cold_ask", "ask_only", "no_thanks", "ghosted_after_landing"} <= flagged
    assert recs[ids[4]].flags == ("cold_ask", "ask_only", "no_thanks", "ghosted_after_landing")


def test_drive_through_index_parts_for_the_drive_through_networker() -> None:
    net, _ = drive_through_networker()
    circles = assign_circles(net, NOW, PARAMS)
    dti = drive_through_index(net, NOW, PARAMS, all_ledgers(net, NOW, PARAMS, circles))
    assert (dti.outreach, dti.asks, dti.cold_asks) == (12, 12, 12)
    assert dti.ask_share == 1.0
    assert dti.cold_ask_rate == 1.0
    assert dti.close_loop_rate == 0.0
    # 12 asks in the first 60 days (1.4/week) against nothing before (floored at 0.25/week)
    assert dti.burst_ratio == pytest.approx((12 / (60 / 7)) / 0.25)
    assert dti.post_land_ratio == 0.0
    burst_term = 0.15 * min(1.0, ((12 / (60 / 7)) / 0.25 - 3) / 5)
    assert dti.score == pytest.approx(0.30 + 0.25 + 0.20 + burst_term + 0.10)
    assert dti.search is not None and dti.search.landed_on == LANDED
    assert SEARCH_START < LANDED
    assert dti.why.startswith("Drive-through index 0.93: 12 of your 12 outreach touches")
    assert "outreach dropped 100% after you landed the job" in dti.why


def test_gardener_has_no_drive_through_pattern() -> None:
    net, _ = gardener()
    recs = all_reciprocity(net, NOW, PARAMS)
    assert all(rec.flags == () for rec in recs.values())
    circles = assign_circles(net, NOW, PARAMS)
    dti = drive_through_index(net, NOW, PARAMS, all_ledgers(net, NOW, PARAMS, circles))
    assert dti.score < 0.2
    assert dti.close_loop_rate == 1.0
    assert dti.burst_ratio is None


def test_dti_ask_share_counts_only_above_35_percent() -> None:
    b = Builder()
    pids = [b.person(f"P{i}", circle_pin="C15") for i in range(10)]
    for i, pid in enumerate(pids):
        b.log(pid, days_ago(30 + i), channel="call", intent="ask" if i < 5 else "catch_up")
    net = b.build()
    dti = drive_through_index(
        net, NOW, PARAMS, all_ledgers(net, NOW, PARAMS, assign_circles(net, NOW, PARAMS))
    )
    assert dti.ask_share == 0.5
    assert dti.cold_ask_rate == 0.0  # close circle
    assert dti.score == pytest.approx(0.30 * (0.5 - 0.35) / 0.35)


def test_burst_is_measured_against_outreach_before_the_search() -> None:
    b = Builder()
    pid = b.person("P", circle_pin="C15")
    start = NOW - timedelta(days=100)
    b.goal(started_on=start)
    for k in range(26):  # one a week in the 180 days before
        b.log(pid, start - timedelta(days=7 * (k + 1)), channel="call")
    for k in range(17):  # two a week in the first 60 days
        b.log(pid, start + timedelta(days=k * 3.5), channel="call")
    net = b.build()
    dti = drive_through_index(
        net, NOW, PARAMS, all_ledgers(net, NOW, PARAMS, assign_circles(net, NOW, PARAMS))
    )
    assert dti.burst_ratio == pytest.approx((17 / (60 / 7)) / (25 / (180 / 7)))
    assert dti.post_land_ratio is None
