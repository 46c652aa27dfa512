"""Spec (c) job-lead paths: direct, alumni and second-degree, the fit curve, the portfolio."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.core.leads import LeadsResult, find_lead_paths, fit
from kith.core.types import Network, PersonFact, TieStrength
from tests.core.job_builders import (
    PARAMS,
    TODAY,
    link,
    network,
    owes,
    person,
    pos,
    tie,
    ties_of,
    years_ago,
)

FRIEND, ALUMNUS, STRANGER, BRIDGE, INSIDER, OTHER = 2, 3, 4, 5, 6, 7


def acme_network() -> tuple[Network, dict[int, TieStrength]]:
    """The known-answer scenario: four ways into Acme and one unrelated medium tie."""
    people = [
        person(FRIEND, "Ana", pos("ACME Corp.", "Software Engineer", "Software", years_ago(3))),
        person(
            ALUMNUS,
            "Tom",
            pos("Acme", "Product Manager", "Software", years_ago(5), years_ago(1)),
            pos("Globex", "PM", "Software", years_ago(1)),
        ),
        person(STRANGER, "Nia", pos("Acme Corp", "Designer", "Software", years_ago(2))),
        person(BRIDGE, "Maria", pos("Initech", "Engineer", "Software", years_ago(2))),
        person(
            INSIDER, "Lee", pos("ACME Corporation", "Product Manager", "Software", years_ago(2))
        ),
        person(OTHER, "Bob", pos("Umbrella", "Chemist", "Biotech", years_ago(2))),
    ]
    net = network(people, links=[link(BRIDGE, INSIDER, "knows_well")])
    ties = {
        FRIEND: tie(FRIEND, 0.80),
        ALUMNUS: tie(ALUMNUS, 0.48),
        STRANGER: tie(STRANGER, 0.02, last_days=None),
        BRIDGE: tie(BRIDGE, 0.75),
        OTHER: tie(OTHER, 0.50),
    }
    return net, ties


def leads_for(
    net: Network, ties: dict[int, TieStrength], query: str = "acme", ask: str = "advice"
) -> LeadsResult:
    return find_lead_paths(net, query, TODAY, PARAMS, ties, {}, ask=ask)


def test_all_four_kinds_of_path_into_acme_appear() -> None:
    net, ties = acme_network()
    result = leads_for(net, ties)
    kinds = {(lead.person_id, lead.kind) for lead in result.leads}
    assert kinds == {
        (FRIEND, "direct"),
        (ALUMNUS, "alumni"),
        (STRANGER, "direct"),
        (INSIDER, "second_degree"),
    }


def test_medium_alumnus_outranks_never_contacted_insider() -> None:
    net, ties = acme_network()
    by_person = {lead.person_id: lead for lead in leads_for(net, ties).leads}
    assert by_person[ALUMNUS].score > by_person[STRANGER].score
    order = [lead.person_id for lead in leads_for(net, ties).leads]
    assert order.index(ALUMNUS) < order.index(STRANGER)


def test_second_degree_names_the_friend_who_can_introduce() -> None:
    net, ties = acme_network()
    lead = next(x for x in leads_for(net, ties).leads if x.kind == "second_degree")
    assert (lead.via_id, lead.via, lead.person) == (BRIDGE, "Maria", "Lee")
    assert lead.why.startswith("Ask Maria (strong tie 0.75) to introduce you to Lee")
    assert lead.score == round(0.8 * 1.0 * 0.75**0.5 * 0.8, 4)


def test_never_contacted_insider_is_reached_through_a_friend_despite_mutual_contacts() -> None:
    net, ties = acme_network()
    ties[INSIDER] = tie(INSIDER, 0.2, last_days=None)  # structure alone, never spoke
    lead = next(x for x in leads_for(net, ties).leads if x.person_id == INSIDER)
    assert (lead.kind, lead.via) == ("second_degree", "Maria")


def test_inferred_co_tenure_between_two_insiders_is_not_an_intro_route() -> None:
    net, ties = acme_network()
    net = network(
        net.people.values(), links=[*net.links, link(FRIEND, STRANGER, "colleague_inferred")]
    )
    lead = next(x for x in leads_for(net, ties).leads if x.person_id == STRANGER)
    assert (lead.kind, lead.via) == ("direct", None)


def test_a_known_link_between_two_insiders_is_an_intro_route() -> None:
    net, ties = acme_network()
    net = network(net.people.values(), links=[*net.links, link(FRIEND, STRANGER, "knows_well")])
    lead = next(x for x in leads_for(net, ties).leads if x.person_id == STRANGER)
    assert (lead.kind, lead.via) == ("second_degree", "Ana")


def test_unrelated_medium_tie_does_not_appear() -> None:
    net, ties = acme_network()
    assert OTHER not in {lead.person_id for lead in leads_for(net, ties).leads}


def test_lowercase_query_finds_acme_corp() -> None:
    net, ties = acme_network()
    result = leads_for(net, ties, "acme")
    assert result.matched == "organization"
    assert result.label in {"ACME Corp.", "Acme", "Acme Corp", "ACME Corporation"}
    assert "ways into" in result.why


def test_typo_in_org_name_still_matches() -> None:
    net, ties = acme_network()
    result = leads_for(net, ties, "Globexx")
    assert result.matched == "organization"
    assert [lead.person_id for lead in result.leads] == [ALUMNUS]


def test_industry_query_when_no_org_matches() -> None:
    net, ties = acme_network()
    result = leads_for(net, ties, "biotech")
    assert result.matched == "industry"
    assert [lead.person_id for lead in result.leads] == [OTHER]


def test_unknown_target_explains_what_to_do() -> None:
    net, ties = acme_network()
    result = leads_for(net, ties, "Wakanda Mining")
    assert result.leads == ()
    assert result.matched == "none"
    assert "No one in your network works at or in 'Wakanda Mining'" in result.why


def test_weak_intermediary_must_be_warmed_up_first() -> None:
    net, ties = acme_network()
    ties[BRIDGE] = tie(BRIDGE, 0.2)
    lead = next(x for x in leads_for(net, ties).leads if x.kind == "second_degree")
    assert lead.why.startswith("Warm up Maria first")


def test_owing_someone_lowers_their_standing() -> None:
    net, ties = acme_network()
    plain = {x.person_id: x for x in leads_for(net, ties).leads}[ALUMNUS]
    result = find_lead_paths(net, "acme", TODAY, PARAMS, ties, {ALUMNUS: owes(ALUMNUS)})
    owed = {x.person_id: x for x in result.leads}[ALUMNUS]
    assert owed.standing == 0.7
    assert owed.score == pytest.approx(plain.score * 0.7, abs=1e-3)
    assert "give first" in owed.why


def test_do_not_contact_and_ended_people_are_excluded() -> None:
    net, ties = acme_network()
    people = dict(net.people)
    people[FRIEND] = person(FRIEND, "Ana", *net.people[FRIEND].positions, do_not_contact=True)
    people[BRIDGE] = person(BRIDGE, "Maria", *net.people[BRIDGE].positions, ended=True)
    net2 = network(people.values(), links=net.links)
    ids = {(x.person_id, x.via_id) for x in leads_for(net2, ties).leads}
    assert FRIEND not in {pid for pid, _ in ids}
    assert BRIDGE not in {via for _, via in ids}


def test_referral_asks_peak_at_stronger_ties_than_advice() -> None:
    net, ties = acme_network()
    advice = leads_for(net, ties, ask="advice")
    referral = leads_for(net, ties, ask="referral")
    assert advice.digital and advice.mu == 0.30
    assert referral.mu == 0.45
    with pytest.raises(ValueError, match="ask must be"):
        leads_for(net, ties, ask="favour")


def test_fit_matches_the_spec_table() -> None:
    expected = {0.1: 0.23, 0.2: 0.60, 0.3: 0.87, 0.45: 1.0, 0.6: 0.91, 0.8: 0.67, 1.0: 0.43}
    for ts, value in expected.items():
        assert fit(ts, 0.45, 2.0) == pytest.approx(value, abs=0.01)


def _crowd(n: int, org: str, start: int, score: float) -> list[tuple[PersonFact, TieStrength]]:
    return [
        (
            person(start + i, f"P{start + i:03d}", pos(org, "Engineer", "Fintech", years_ago(1))),
            tie(start + i, score),
        )
        for i in range(n)
    ]


def test_portfolio_caps_people_per_organization() -> None:
    rows = _crowd(6, "Stripe", 10, 0.35) + _crowd(6, "Adyen", 20, 0.35)
    net = network([p for p, _ in rows])
    result = leads_for(net, {t.person_id: t for _, t in rows}, "fintech")
    orgs = [lead.org for lead in result.leads]
    assert orgs.count("Stripe") == 3 and orgs.count("Adyen") == 3


def test_portfolio_keeps_two_strong_ties_when_available() -> None:
    rows = _crowd(12, "Stripe", 10, 0.30) + _crowd(2, "Stripe", 40, 0.95)
    net = network([p for p, _ in rows])
    result = leads_for(net, {t.person_id: t for _, t in rows}, "stripe")
    assert len(result.leads) == 10
    assert sum(lead.band == "strong" for lead in result.leads) == 2


def test_portfolio_limits_paths_through_one_intermediary() -> None:
    insiders = [
        person(10 + i, f"In{i}", pos("Acme", "Engineer", "Software", years_ago(1)))
        for i in range(5)
    ]
    hub = person(2, "Hub", pos("Initech", "Engineer", "Software", years_ago(1)))
    net = network([hub, *insiders], links=[link(2, 10 + i, "introduced") for i in range(5)])
    result = leads_for(net, {2: tie(2, 0.9)})
    assert sum(lead.via_id == 2 for lead in result.leads) == 3


def test_leads_are_sorted_by_score_then_name() -> None:
    net, ties = acme_network()
    leads = leads_for(net, ties).leads
    assert [x.score for x in leads] == sorted((x.score for x in leads), reverse=True)


@settings(max_examples=40, deadline=None)
@given(
    scores=st.lists(st.floats(0, 1), min_size=6, max_size=6),
    ask=st.sampled_from(["advice", "referral"]),
)
def test_lead_scores_are_bounded_and_deterministic(scores: list[float], ask: str) -> None:
    net, _ = acme_network()
    ties = {pid: tie(pid, s) for pid, s in zip(range(2, 8), scores, strict=True)}
    first = find_lead_paths(net, "acme", TODAY, PARAMS, ties, {}, ask=ask)
    again = find_lead_paths(
        network(net.people.values(), links=net.links),
        "acme",
        TODAY,
        PARAMS,
        dict(reversed(list(ties.items()))),
        {},
        ask=ask,
    )
    assert first == again
    assert all(0.0 <= lead.score <= 1.0 for lead in first.leads)
    assert len({lead.person_id for lead in first.leads}) == len(first.leads)


def test_ties_of_helper_round_trips() -> None:
    assert ties_of(tie(2, 0.5))[2].band == "medium"
