"""Knowledge gaps: what is unknown, which questions to ask, and whom to ask first."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.gaps import knowledge_gaps, rank_gaps
from kith.errors import PersonNotFoundError
from tests.core.builders import NOW, PARAMS, Builder, days_ago, position


def test_a_bare_contact_has_every_gap_and_three_questions() -> None:
    b = Builder()
    ana = b.person("Ana Silva")
    b.log(ana, days_ago(10))
    gaps = knowledge_gaps(b.build(), ana, NOW, PARAMS)
    assert gaps.unknown == ("career", "connections", "interests", "how_met", "email", "phone")
    assert gaps.score == pytest.approx(1.0)
    assert gaps.questions == (
        "What are you working on these days, and how did you get into it?",
        "Who have you met lately that I should know?",
        "What are you into outside work at the moment?",
    )
    assert gaps.why == (
        "You've talked with Ana Silva once in 12 months but don't know career history, who they "
        "know or interests."
    )


def test_known_facts_close_their_gaps() -> None:
    b = Builder()
    ana = b.person(
        "Ana",
        positions=(position("Acme", date(2020, 1, 1)),),
        tags=frozenset({"ml"}),
        how_met="PyCon",
        has_email=True,
    )
    bob = b.person("Bob")
    b.link(ana, bob)
    gaps = knowledge_gaps(b.build(), ana, NOW, PARAMS)
    assert gaps.unknown == ("phone",)
    assert gaps.score == pytest.approx(0.05)
    assert gaps.questions == ("What's the best way to reach you, email or phone?",)


def test_a_link_to_me_does_not_tell_who_they_know() -> None:
    b = Builder()
    ana = b.person("Ana", positions=(position("Acme", date(2020, 1, 1)),))
    b.link(1, ana)
    gaps = knowledge_gaps(b.build(), ana, NOW, PARAMS)
    assert "connections" in gaps.unknown
    assert gaps.questions[0] == "Who at Acme do you enjoy working with most?"


def test_an_introducer_counts_as_knowing_how_you_met() -> None:
    b = Builder()
    bob = b.person("Bob")
    ana = b.person("Ana", introduced_by=bob)
    assert "how_met" not in knowledge_gaps(b.build(), ana, NOW, PARAMS).unknown


def test_rank_gaps_weighs_gaps_by_how_often_you_talk() -> None:
    b = Builder()
    often = b.person("Often", tags=frozenset({"go"}), has_email=True, has_phone=True)
    for k in range(6):
        b.log(often, days_ago(10 * k))
    rare = b.person("Rare")
    b.log(rare, days_ago(30))
    never = b.person("Never")
    b.log(never, days_ago(800))  # not within the last year
    dnc = b.person("Dnc", do_not_contact=True)
    b.log(dnc, days_ago(3))
    ranked = rank_gaps(b.build(), NOW, PARAMS)
    assert [g.person for g in ranked] == ["Often", "Rare"]
    assert ranked[0].rank_score == pytest.approx(6 * (0.30 + 0.25 + 0.10))
    assert ranked[0].recent_interactions == 6
    assert [g.person for g in rank_gaps(b.build(), NOW, PARAMS, limit=1)] == ["Often"]


def test_unknown_person_raises() -> None:
    with pytest.raises(PersonNotFoundError):
        knowledge_gaps(Builder().build(), 42, NOW, PARAMS)
