"""Groups: cold groups that match the user's interests, and contributors to meet."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.groups import suggest_groups
from tests.core.builders import NOW, PARAMS, Builder, activity, days_ago


def test_member_groups_matching_my_interests_that_went_quiet_are_suggested() -> None:
    b = Builder()
    b.set_me(tags=frozenset({"Rust", "data"}))
    cold = b.group(
        "Rust Berlin",
        interests=("rust", "systems"),
        joined_on=date(2020, 1, 1),
        activities=(activity(1, days_ago(150)),),
    )
    b.group("Warm Rust", interests=("rust",), activities=(activity(1, days_ago(10)),))
    b.group("Knitting", interests=("wool",), joined_on=date(2020, 1, 1))
    explore = b.group("Data Club", interests=("data",), my_role=None)
    found = suggest_groups(b.build(), NOW, PARAMS).groups
    assert [(g.group_id, g.kind) for g in found] == [(explore, "explore"), (cold, "rejoin")]
    rejoin = found[1]
    assert rejoin.shared_interests == ("rust",)
    assert rejoin.days_since == 150
    assert rejoin.score == pytest.approx((1 / 3) * (0.5 + 0.5 * 150 / 365))
    assert rejoin.why == (
        "You share interests (rust) with Rust Berlin, but you haven't been active there for "
        "5 months: show up at the next event or answer a question."
    )


def test_a_group_never_visited_since_joining_long_ago_is_cold() -> None:
    b = Builder()
    b.set_me(tags=frozenset({"rust"}))
    b.group("Rust Berlin", interests=("rust",), joined_on=date(2023, 1, 1))
    b.group("Just joined", interests=("rust",), joined_on=days_ago(10))
    [g] = suggest_groups(b.build(), NOW, PARAMS).groups
    assert g.name == "Rust Berlin"
    assert g.last_activity is None
    assert "you haven't been active there yet" in g.why


def test_active_contributors_i_never_contacted_are_suggested_once() -> None:
    b = Builder()
    kim = b.person("Kim")
    known = b.person("Known")
    b.log(known, days_ago(400))
    quiet = b.person("Quiet")
    b.group(
        "Rust Berlin",
        activities=(
            activity(kim, days_ago(10)),
            activity(kim, days_ago(20)),
            activity(known, days_ago(5)),
            activity(quiet, days_ago(300)),
            activity(1, days_ago(3)),
        ),
    )
    b.group("Other", activities=(activity(kim, days_ago(30)),))
    b.group("Not mine", my_role=None, activities=(activity(quiet, days_ago(1)),))
    [c] = suggest_groups(b.build(), NOW, PARAMS).contributors
    assert (c.person_id, c.group, c.activities, c.last_on) == (kim, "Rust Berlin", 2, days_ago(10))
    assert c.why == (
        "Kim contributed 2 times in Rust Berlin in the last 6 months and you've never been in "
        "touch: observe what they contribute, then reach out."
    )


def test_interactions_after_now_do_not_count_as_contact() -> None:
    b = Builder()
    kim = b.person("Kim")
    b.log(kim, days_ago(-3))
    b.group("Rust Berlin", activities=(activity(kim, days_ago(10)),))
    assert [c.person for c in suggest_groups(b.build(), NOW, PARAMS).contributors] == ["Kim"]
