"""Spec (c) relevance: role families, seniority, goal targets and the user's own field."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.lead_index import LeadIndex
from kith.core.relevance import (
    JobTarget,
    job_targets,
    own_field_target,
    relevance,
    role_family,
    seniority,
    title_seniority,
)
from kith.core.types import GroupFact
from tests.core.job_builders import (
    PARAMS,
    TODAY,
    ago,
    job_goal,
    me,
    network,
    person,
    pos,
    years_ago,
)


def _target(
    orgs: tuple[str, ...] | list[str] = (),
    roles: tuple[str, ...] | list[str] = (),
    industries: tuple[str, ...] | list[str] = (),
) -> JobTarget:
    net = network([], goals=[job_goal(orgs, roles, industries)])
    return job_targets(net, TODAY, PARAMS)[0]


def test_role_family_reads_common_titles() -> None:
    assert role_family("Senior Software Engineer") == "engineering"
    assert role_family("Backend Developer") == "engineering"
    assert role_family("Product Manager") == "product"
    assert role_family("Product Marketing Manager") == "marketing"
    assert role_family("Data Engineer") == "data"
    assert role_family("Engineering Manager") == "engineering"
    assert role_family("Technical Recruiter") == "people"
    assert role_family("Gardener") is None


def test_seniority_orders_title_words_from_intern_to_chief() -> None:
    titles = [
        "Intern",
        "Junior Developer",
        "Developer",
        "Senior Developer",
        "Principal Engineer",
        "Engineering Manager",
        "Director of Engineering",
        "VP Engineering",
        "Chief Executive",
    ]
    levels = [seniority(t) for t in titles]
    assert levels == sorted(levels)
    assert len(set(levels)) == len(levels)


def test_product_manager_is_a_craft_not_a_management_level() -> None:
    assert title_seniority("Product Manager") is None
    assert seniority("Senior Product Manager") == seniority("Senior Developer")
    assert seniority(None) == seniority("Developer")


def test_insider_in_target_role_is_fully_relevant() -> None:
    target = _target(orgs=["Acme"], roles=["software engineer"])
    ana = person(2, "Ana", pos("ACME Corp.", "Engineer", "Software", years_ago(2)))
    rel = relevance(ana, target, TODAY, PARAMS)
    assert rel.score == 1.0
    assert rel.basis == "insider"
    assert "works at ACME Corp. now" in rel.why


def test_insider_in_another_role_scores_085() -> None:
    target = _target(orgs=["Acme"], roles=["software engineer"])
    nia = person(2, "Nia", pos("Acme", "Designer", "Software", years_ago(2)))
    assert relevance(nia, target, TODAY, PARAMS).score == 0.85


def test_alumni_score_depends_on_how_long_ago_they_left() -> None:
    target = _target(orgs=["Acme"])
    recent = person(2, "Tom", pos("Acme", "Engineer", None, years_ago(5), years_ago(1)))
    old = person(3, "Old", pos("Acme", "Engineer", None, years_ago(9), years_ago(6)))
    assert relevance(recent, target, TODAY, PARAMS).score == 0.65
    assert relevance(old, target, TODAY, PARAMS).score == 0.45
    assert relevance(recent, target, TODAY, PARAMS).basis == "alumni"


def test_industry_and_role_outrank_industry_alone() -> None:
    target = _target(industries=["fintech"], roles=["software engineer"])
    both = person(2, "Both", pos("Stripe", "Engineer", "Fintech", years_ago(1)))
    industry = person(3, "Ind", pos("Stripe", "Accountant", "Fintech", years_ago(1)))
    assert relevance(both, target, TODAY, PARAMS).score == 0.5
    assert relevance(industry, target, TODAY, PARAMS).score == 0.35


def test_industry_words_match_loosely() -> None:
    target = _target(industries=["software"])
    p = person(2, "P", pos("Initech", "Analyst", "Computer Software", years_ago(1)))
    assert relevance(p, target, TODAY, PARAMS).score == 0.35


def test_two_shared_interest_tags_give_025() -> None:
    target = _target(industries=["fintech"], roles=["data scientist"])
    p = person(2, "P", pos("Bakery", "Baker", "Food", years_ago(1)), tags={"Fintech", "data"})
    assert relevance(p, target, TODAY, PARAMS).score == 0.25


def test_membership_in_a_group_about_the_target_gives_025() -> None:
    group = GroupFact(
        id=1, name="Fintech meetup", interests=frozenset({"fintech"}), members=frozenset({2})
    )
    net = network([], goals=[job_goal(industries=["fintech"])], groups=[group])
    target = job_targets(net, TODAY, PARAMS)[0]
    p = person(2, "P", pos("Bakery", "Baker", "Food", years_ago(1)))
    assert relevance(p, target, TODAY, PARAMS).score == 0.25


def test_senior_people_get_the_status_boost() -> None:
    target = _target(industries=["fintech"])
    director = person(2, "D", pos("Stripe", "Director of Finance", "Fintech", years_ago(1)))
    rel = relevance(director, target, TODAY, PARAMS)
    assert rel.score == round(0.35 * 1.15, 4)
    assert "director-level" in rel.why


def test_unrelated_person_is_not_relevant() -> None:
    target = _target(orgs=["Acme"], industries=["fintech"])
    p = person(2, "P", pos("Bakery", "Baker", "Food", years_ago(1)))
    rel = relevance(p, target, TODAY, PARAMS)
    assert rel.score == 0.0
    assert rel.basis == "none"


def test_future_position_is_not_current() -> None:
    target = _target(orgs=["Acme"])
    p = person(2, "P", pos("Acme", "Engineer", None, TODAY.replace(year=TODAY.year + 1)))
    assert relevance(p, target, TODAY, PARAMS).score == 0.0


def test_without_a_goal_relevance_uses_my_field_and_says_so() -> None:
    net = network([], my_field=["fintech"])
    target = job_targets(net, TODAY, PARAMS)[0]
    p = person(2, "P", pos("Stripe", "Accountant", "Fintech", years_ago(1)))
    rel = relevance(p, target, TODAY, PARAMS)
    assert target.own_field
    assert rel.used_own_field
    assert rel.score == 0.35
    assert "your own field (fintech)" in rel.why
    assert "no job search is active" in rel.why


def test_own_field_includes_my_current_positions() -> None:
    net = network([], my=me(pos("Stripe", "Software Engineer", "Financial Services", ago(900))))
    target = own_field_target(net, TODAY, PARAMS)
    p = person(2, "P", pos("Bank", "Developer", "Financial Services", years_ago(1)))
    assert relevance(p, target, TODAY, PARAMS).score == 0.5


def test_landed_goal_falls_back_to_own_field() -> None:
    landed = replace(job_goal(orgs=["Acme"]), landed_on=ago(10))
    net = network([], goals=[landed], my_field=["retail"])
    assert job_targets(net, TODAY, PARAMS)[0].own_field


_text = st.text(alphabet="abcdefghij ACME", max_size=20)


@given(title=_text, industry=_text, tags=st.frozensets(_text, max_size=4), years=st.floats(0, 20))
def test_relevance_is_bounded_and_deterministic(
    title: str, industry: str, tags: frozenset[str], years: float
) -> None:
    target = _target(orgs=["acme"], roles=["engineer"], industries=["fintech"])
    past = pos("Acme " + title, title, industry, years_ago(years + 1), years_ago(years))
    p = person(2, "P", past, pos(title or "x", title, industry, years_ago(1)), tags=tags)
    first = relevance(p, target, TODAY, PARAMS)
    assert 0.0 <= first.score <= 1.0
    assert relevance(p, target, TODAY, PARAMS) == first


_industries = st.sampled_from(["Fintech", "Computer Software", "software", "Food", "Banking", ""])
_titles = st.sampled_from(["Engineer", "Product Manager", "Baker", "Director", ""])


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["Acme", "Acme Labs", "Globex"]),
            _titles,
            _industries,
            st.frozensets(st.sampled_from(["fintech", "data", "food", "acme"]), max_size=3),
        ),
        max_size=8,
    ),
    orgs=st.lists(st.sampled_from(["acme", "Globex", "Initech"]), max_size=2),
    industries=st.lists(st.sampled_from(["fintech", "software", "banking"]), max_size=2),
    roles=st.lists(st.sampled_from(["engineer", "data scientist"]), max_size=1),
)
def test_index_prefilter_never_drops_a_relevant_person(
    rows: list[tuple[str, str, str, frozenset[str]]],
    orgs: list[str],
    industries: list[str],
    roles: list[str],
) -> None:
    people = [
        person(10 + i, f"P{i}", pos(org, title or None, ind or None, years_ago(2)), tags=tags)
        for i, (org, title, ind, tags) in enumerate(rows)
    ]
    net = network(people, goals=[job_goal(orgs, roles, industries)])
    target = job_targets(net, TODAY, PARAMS)[0]
    possible = LeadIndex(net).possibly_relevant(target)
    for p in people:
        if relevance(p, target, TODAY, PARAMS).score > 0:
            assert possible is None or p.id in possible
