"""Spec (a): tie strength, its components, sub-scores, band, dormancy and why."""

from __future__ import annotations

import math
import random
import time
from datetime import date, timedelta

import pytest

from kith.core.coach_common import decay, sat
from kith.core.params.coach import CoachParams
from kith.core.ties import all_tie_strengths, band_of, effective_weights, tie_strength
from kith.core.types import InteractionFact, LinkFact, Network, PersonFact
from kith.errors import PersonNotFoundError
from tests.core.builders import NOW, PARAMS, Builder, days_ago, position

UNRATED = {k: w / 0.85 for k, w in PARAMS.tie_weights.items() if k != "closeness"}


def test_sat_and_decay_match_the_spec_examples() -> None:
    assert sat(3, 3) == pytest.approx(0.632, abs=1e-3)
    assert sat(6, 3) == pytest.approx(0.865, abs=1e-3)
    assert decay(90, 90) == pytest.approx(0.5)
    # H_R = 90: a monthly contact keeps R >= 0.79, a yearly-only one falls to 0.06
    assert decay(30, PARAMS.half_life_recency) == pytest.approx(0.794, abs=1e-3)
    assert decay(365, PARAMS.half_life_recency) == pytest.approx(0.060, abs=1e-3)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.65, "strong"),
        (0.6499, "medium"),
        (0.40, "medium"),
        (0.3999, "weak"),
        (0.15, "weak"),
        (0.1499, "nominal"),
        (0.0, "nominal"),
        (1.0, "strong"),
    ],
)
def test_band_thresholds(score: float, band: str) -> None:
    assert band_of(score, PARAMS) == band


def test_default_weights_sum_to_one_and_renormalize_without_closeness() -> None:
    assert sum(PARAMS.tie_weights.values()) == pytest.approx(1.0)
    unrated = effective_weights(PARAMS, rated=False)
    assert "closeness" not in unrated
    assert sum(unrated.values()) == pytest.approx(1.0)
    assert unrated["recency"] == pytest.approx(0.22 / 0.85)


def test_one_call_three_months_ago_scores_by_the_formula() -> None:
    b = Builder()
    ana = b.person("Ana Silva", met_on=days_ago(1461))  # exactly 4 years
    b.log(ana, days_ago(90), channel="in_person")
    t = tie_strength(b.build(), ana, NOW, PARAMS)
    r, f, d = 0.5, sat(0.5 ** (90 / 180), 3), sat(4.0, 4)
    assert set(t.components) == {
        "recency",
        "intensity",
        "duration",
        "structural",
        "services",
        "mutuality",
    }
    assert t.components["recency"] == pytest.approx(r)
    assert t.components["intensity"] == pytest.approx(f)
    assert t.components["duration"] == pytest.approx(d)
    assert t.components["mutuality"] == 0.0  # only I reached out
    expected = UNRATED["recency"] * r + UNRATED["intensity"] * f + UNRATED["duration"] * d
    assert t.score == pytest.approx(expected)
    assert t.band == "weak"
    assert t.last_meaningful == days_ago(90)
    assert t.why == (
        "Strength 0.29 (weak): you spoke 3 months ago and you've known each other 4 years, "
        "but recent contact is thin."
    )


def test_closeness_rating_is_a_component_with_the_original_weights() -> None:
    b = Builder()
    ana = b.person("Ana", closeness=5, met_on=NOW)
    t = tie_strength(b.build(), ana, NOW, PARAMS)
    assert t.components["closeness"] == 1.0
    assert t.score == pytest.approx(0.15)  # K weight 0.15; everything else is zero
    assert "you rated them 5/5" in t.why


def test_recency_counts_only_meaningful_channels() -> None:
    b = Builder()
    ana = b.person("Ana", met_on=days_ago(400))
    b.log(ana, days_ago(100), channel="email")
    b.log(ana, days_ago(1), channel="social_comment")
    t = tie_strength(b.build(), ana, NOW, PARAMS)
    assert t.last_meaningful == days_ago(100)
    assert t.components["recency"] == pytest.approx(decay(100, 90))
    expected_i = 0.4 * decay(100, 180) + 0.15 * decay(1, 180)
    assert t.components["intensity"] == pytest.approx(sat(expected_i, 3))


def test_structural_counts_contacts_linked_to_them_and_half_per_shared_group() -> None:
    b = Builder()
    c = b.person("Cleo")
    q1, q2 = b.person("Quinn"), b.person("Quentin")
    b.link(c, q1)
    b.link(q1, c, "knows_well")  # the same pair again counts once
    b.link(q2, c)
    b.link(1, c)  # a link to me is not a mutual contact
    b.group("Rust Berlin", members=(c,))
    b.group("Not mine", my_role=None, members=(c,))
    t = tie_strength(b.build(), c, NOW, PARAMS)
    assert t.components["structural"] == pytest.approx(sat(2.5, 4))
    assert all_tie_strengths(b.build(), NOW, PARAMS)[c].components["structural"] == (
        pytest.approx(sat(2.5, 4))
    )


def test_duration_adds_shared_tenure_at_the_same_organization() -> None:
    b = Builder()
    b.set_me(positions=(position("Acme", date(2015, 1, 1), date(2019, 1, 1)),))
    c = b.person(
        "Cleo",
        met_on=NOW,
        positions=(
            position("Acme", date(2017, 1, 1), date(2021, 1, 1)),
            position("Globex", date(2014, 1, 1), date(2016, 1, 1)),
        ),
    )
    t = tie_strength(b.build(), c, NOW, PARAMS)
    assert t.components["duration"] == pytest.approx(sat(730 / 365.25, 4))
    assert "worked together 2 years" in t.why


def test_known_since_is_met_on_else_first_interaction_else_added() -> None:
    b = Builder()
    met = b.person("Met", met_on=days_ago(730), added_on=days_ago(10))
    logged = b.person("Logged", added_on=days_ago(10))
    b.log(logged, days_ago(365), channel="social_comment")
    added = b.person("Added", added_on=days_ago(1461))
    ts = all_tie_strengths(b.build(), NOW, PARAMS)
    assert ts[met].components["duration"] == pytest.approx(sat(730 / 365.25, 4))
    assert ts[logged].components["duration"] == pytest.approx(sat(365 / 365.25, 4))
    assert ts[added].components["duration"] == pytest.approx(sat(1461 / 365.25, 4))


def test_services_weigh_intros_more_and_add_a_bonus_when_both_give() -> None:
    b = Builder()
    c = b.person("Cleo", met_on=NOW)
    b.log(c, NOW, intent="give", initiator="me")
    b.log(c, NOW, intent="connect", initiator="them")
    t = tie_strength(b.build(), c, NOW, PARAMS)
    assert t.components["services"] == pytest.approx(sat(2.5, 2) + 0.1)


def test_an_ask_they_helped_with_is_a_service_received() -> None:
    b = Builder()
    c = b.person("Cleo", met_on=NOW)
    b.log(c, days_ago(365), intent="ask", outcome="helped")
    b.log(c, days_ago(365), intent="ask", outcome="declined")
    t = tie_strength(b.build(), c, NOW, PARAMS)
    assert t.components["services"] == pytest.approx(sat(0.5, 2))


def test_mutuality_is_highest_when_both_reach_out_equally() -> None:
    b = Builder()
    even, mine, mutual = b.person("Even"), b.person("Mine"), b.person("Mutual")
    for who in ("me", "them"):
        b.log(even, NOW, initiator=who)
        b.log(even, NOW, initiator=who)
    for _ in range(4):
        b.log(mine, NOW, initiator="me")
    b.log(mutual, NOW, initiator="mutual")
    ts = all_tie_strengths(b.build(), NOW, PARAMS)
    assert ts[even].components["mutuality"] == pytest.approx(sat(4, 4))
    assert ts[mine].components["mutuality"] == 0.0
    assert ts[mutual].components["mutuality"] == pytest.approx(sat(2, 4))


def test_latent_uses_peak_intensity_and_marks_old_close_ties_dormant() -> None:
    b = Builder()
    old = b.person("Old Friend", met_on=days_ago(2922))  # 8 years
    for k in range(12):
        b.log(old, days_ago(1825 + 20 * k), channel="in_person")
    t = tie_strength(b.build(), old, NOW, PARAMS)
    f_peak, d = sat(12, 6), sat(2922 / 365.25, 4)
    assert t.latent == pytest.approx(
        0.30 * d + 0.25 * f_peak + 0.20 * 0.5 * f_peak + 0.15 * t.components["services"]
    )
    assert t.dormant
    assert t.band in ("weak", "nominal")
    assert "dormant" in t.why


def test_a_thin_old_tie_or_a_recent_one_is_not_dormant() -> None:
    b = Builder()
    thin = b.person("Thin", met_on=days_ago(1100))
    b.log(thin, days_ago(1100), channel="message")
    recent = b.person("Recent", met_on=days_ago(2922))
    for k in range(12):
        b.log(recent, days_ago(400 + 20 * k), channel="in_person")
    ts = all_tie_strengths(b.build(), NOW, PARAMS)
    assert ts[thin].latent < PARAMS.dormant_latent_min
    assert not ts[thin].dormant
    assert not ts[recent].dormant  # last contact 400 days ago < 730


def test_active_weights_recency_intensity_and_mutuality() -> None:
    b = Builder()
    c = b.person("Cleo", met_on=days_ago(30))
    b.log(c, days_ago(10), channel="call", initiator="them")
    b.log(c, days_ago(5), channel="call", initiator="me")
    t = tie_strength(b.build(), c, NOW, PARAMS)
    comp = t.components
    assert t.active == pytest.approx(
        0.45 * comp["recency"] + 0.35 * comp["intensity"] + 0.20 * comp["mutuality"]
    )


def test_interactions_after_now_are_ignored() -> None:
    b = Builder()
    c = b.person("Cleo", met_on=days_ago(500))
    b.log(c, days_ago(200), channel="call")
    before = tie_strength(b.build(), c, NOW, PARAMS)
    b.log(c, NOW + timedelta(days=1), channel="in_person", intent="give")
    after = tie_strength(b.build(), c, NOW, PARAMS)
    assert after == before
    assert all_tie_strengths(b.build(), NOW, PARAMS)[c] == before


def test_never_contacted_person_explains_the_gap() -> None:
    b = Builder()
    c = b.person("Cleo", added_on=NOW)
    t = tie_strength(b.build(), c, NOW, PARAMS)
    assert t.score == 0.0
    assert t.band == "nominal"
    assert t.why == "Strength 0.00 (nominal): you've never had a real conversation."


def test_unknown_person_raises_person_not_found() -> None:
    with pytest.raises(PersonNotFoundError, match="No person matches '999'"):
        tie_strength(Builder().build(), 999, NOW, PARAMS)


def test_custom_params_change_the_result() -> None:
    b = Builder()
    c = b.person("Cleo", met_on=days_ago(100))
    b.log(c, days_ago(90), channel="call")
    slow = CoachParams(half_life_recency=180.0)
    assert tie_strength(b.build(), c, NOW, slow).components["recency"] == pytest.approx(
        decay(90, 180)
    )


def random_network(people: int, interactions: int, links: int = 0) -> Network:
    rnd = random.Random(7)
    me = PersonFact(id=0, name="Me", added_on=date(2015, 1, 1), is_me=True)
    facts = {
        i: PersonFact(id=i, name=f"P{i}", added_on=date(2018, 1, 1)) for i in range(1, people + 1)
    }
    channels = ("in_person", "call", "email", "message", "social_comment")
    items = sorted(
        (
            InteractionFact(
                id=k,
                on=NOW - timedelta(days=rnd.randint(0, 2000)),
                channel=rnd.choice(channels),
                intent=rnd.choice(("give", "ask", "catch_up")),
                initiator=rnd.choice(("me", "them")),
                participants=(rnd.randint(1, people),),
            )
            for k in range(interactions)
        ),
        key=lambda it: (it.on, it.id),
    )
    edges = tuple(
        LinkFact(rnd.randint(1, people), rnd.randint(1, people), "knows") for _ in range(links)
    )
    return Network(me=me, people=facts, interactions=tuple(items), links=edges)


def test_all_tie_strengths_scales_to_thousands_of_people() -> None:
    net = random_network(3000, 50_000, 30_000)
    started = time.process_time()
    ts = all_tie_strengths(net, NOW, PARAMS)
    elapsed = time.process_time() - started
    assert len(ts) == 3000
    assert all(0.0 <= t.score <= 1.0 for t in ts.values())
    assert elapsed < 3.0  # a tenth of the 30,000-people, 500,000-interaction scale
    assert math.isfinite(sum(t.score for t in ts.values()))
