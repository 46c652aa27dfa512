"""Constants for the Ten-People Test, job leads, dormant ties and brokers (specs c, d, e, g).

Every value marked [design] in ../shared/science.md is a default, not a research value; the
plain-words explanation of each lives in docs/model.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _frozen(values: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(values)


@dataclass(frozen=True)
class JobParams:
    """Filled in by job-search readiness: every constant of specs c, d, e and g."""

    # ---- (c) relevance of a person to a goal ------------------------------------------
    rel_insider_same_role: float = 1.0  # works at the target org in the target role family
    rel_insider_other_role: float = 0.85  # works at the target org, another role family
    rel_alumni_recent: float = 0.65  # left the target org within alumni_recent_years
    rel_alumni_old: float = 0.45  # left the target org longer ago
    alumni_recent_years: float = 3.0  # "recent alumni" cut-off, in years since leaving
    rel_industry_and_role: float = 0.5  # in the target industry and role family
    rel_industry: float = 0.35  # in the target industry (or role family when no industry)
    rel_interests: float = 0.25  # shares >= interest_min_shared tags or a domain group
    interest_min_shared: int = 2  # tags in common with the goal's keywords for rel_interests
    seniority_boost: float = 1.15  # at or above target seniority: better leads (Lin, Walter)
    default_target_seniority: int = 3  # "senior" when neither goal nor user says (0..8 scale)

    # ---- (c) inverted-U fit over tie strength -----------------------------------------
    fit_k: float = 2.0  # sharpness of fit(ts, mu) = x^k * exp(k(1 - x)), x = ts / mu
    mu: Mapping[str, float] = field(  # peak tie strength by "ask/industry" (Rajkumar, Gee)
        default_factory=lambda: _frozen(
            {
                "advice/digital": 0.30,
                "advice/other": 0.40,
                "referral/digital": 0.45,
                "referral/other": 0.60,
            }
        )
    )
    digital_industries: frozenset[str] = frozenset(  # Rajkumar's "more digital" industries
        {
            "software",
            "computer software",
            "internet",
            "it services",
            "information technology",
            "digital media",
            "fintech",
            "financial technology",
            "data",
            "ai",
            "artificial intelligence",
            "machine learning",
            "saas",
        }
    )
    novelty_overlap_weight: float = 0.5  # novelty = 1 - w * Onnela overlap (embedded keeps half)
    user_neighbour_min_ts: float = 0.15  # the user's "real" neighbours in the overlap: TS >= this
    owes_standing: float = 0.7  # you owe them (spec f): give first, so rank a bit lower

    # ---- (c) second-degree paths --------------------------------------------------------
    hop_penalty: float = 0.8  # an introduction costs one hop
    link_weights: Mapping[str, float] = field(  # how well the intermediary knows the target
        default_factory=lambda: _frozen(
            {
                "introduced": 1.0,
                "knows_well": 0.8,
                "family": 0.8,
                "knows": 0.5,
                "colleague": 0.5,
                "colleague_inferred": 0.35,
            }
        )
    )
    warm_up_below: float = 0.3  # intermediary weaker than this: "warm up {i} first"
    second_degree_max_ts: float = 0.15  # below this (or never contacted): reach via intros
    org_fuzzy_cutoff: float = 90.0  # rapidfuzz ratio for typo'd org names ("Gogle")

    # ---- (c) portfolio rule (Gee: weak ties collectively, strong individually) -----------
    portfolio_size: int = 10  # leads returned
    portfolio_max_per_org: int = 3  # people per current organization (target org exempt)
    portfolio_min_strong: int = 2  # strong-band contacts when available
    portfolio_min_weak_medium: int = 4  # weak- or medium-band contacts when available
    portfolio_max_per_intermediary: int = 3  # second-degree paths through one person

    # ---- (d) dormant-tie reactivation ---------------------------------------------------
    dormant_min_latent: float = 0.30  # eligible: dormant and LATENT >= this
    trust_w_closeness: float = 0.5  # trust: closeness rating, or past peak intensity
    trust_w_services: float = 0.3  # trust: lifetime favours exchanged
    trust_w_mutuality: float = 0.2  # trust: both used to reach out
    peak_window_days: int = 365  # F_peak: best 365-day window of weighted contact
    peak_saturation: float = 6.0  # F_peak = sat(window sum, 6)
    peak_channel_weights: Mapping[str, float] = field(  # same as spec (a) CHANNEL_W
        default_factory=lambda: _frozen(
            {
                "in_person": 1.0,
                "video": 0.8,
                "call": 0.7,
                "event": 0.5,
                "email": 0.4,
                "message": 0.35,
                "social_comment": 0.15,
                "group_post": 0.15,
            }
        )
    )
    services_connect_weight: float = 1.5  # an intro counts 1.5 favours
    services_give_weight: float = 1.0  # a give counts one favour
    services_saturation: float = 2.0  # S_lifetime = sat(favours, 2)
    mutuality_saturation: float = 4.0  # M_lifetime = balance * sat(initiated, 4)
    hours_per_channel: Mapping[str, float] = field(  # hours_together_est per interaction
        default_factory=lambda: _frozen(
            {
                "in_person": 1.0,
                "event": 1.0,
                "video": 0.5,
                "call": 0.5,
                "email": 0.05,
                "message": 0.05,
                "social_comment": 0.0,
                "group_post": 0.0,
            }
        )
    )
    hours_per_shared_month: float = 2.0  # shared tenure adds 2 h per month together
    hours_saturation: float = 50.0  # Hall's ~50 h casual-friend line
    job_changes_saturation: float = 1.0  # sat(job changes since last contact, 1)
    priority_w_trust: float = 0.35  # weight of trust in the reconnect priority
    priority_w_novelty: float = 0.30  # weight of novelty
    priority_w_goal: float = 0.35  # weight of goal fit
    no_goal_fit: float = 0.3  # goal fit when no job search is active
    initiative_min_share: float = 0.3  # they started >= 30% of contact: full initiative
    initiative_low: float = 0.6  # multiplier when they rarely reached out
    reconnect_limit: int = 20  # items returned

    # ---- (e) brokers and bridges --------------------------------------------------------
    graph_edge_weights: Mapping[str, float] = field(  # alter-alter edge weight per link kind
        default_factory=lambda: _frozen(
            {
                "introduced": 1.0,
                "knows_well": 1.0,
                "family": 1.0,
                "knows": 0.5,
                "colleague": 0.5,
                "colleague_inferred": 0.35,
            }
        )
    )
    broker_w_participation: float = 0.35  # Guimera-Amaral spread across communities
    broker_w_betweenness: float = 0.25  # betweenness percentile rank
    broker_w_low_constraint: float = 0.25  # 1 - Burt constraint
    broker_w_bridge: float = 0.15  # has a local bridge (span >= 3)
    broker_single_community: float = 0.6  # multiplier when all links stay in one community
    broker_isolate_factor: float = 0.5  # degree < 2: career_span * 0.5
    span_industry_k: float = 1.5  # career_span: sat(distinct industries - 1, 1.5)
    span_industry_w: float = 0.6  # career_span weight of industries
    span_org_k: float = 3.0  # career_span: sat(distinct orgs - 1, 3)
    span_org_w: float = 0.4  # career_span weight of organizations
    broker_threshold: float = 0.6  # "bridge contact" for cadence, Ten-People and the map
    betweenness_exact_max_nodes: int = 3000  # above this, sample sources (deterministically)
    betweenness_samples: int = 32  # sampled sources on big graphs; see docs/model.md
    graph_seed: int = 0  # seed for Leiden and the betweenness sample
    leiden_iterations: int = 1  # Leiden passes; a 2nd changed NMI by 0.001 on 30k people, +0.4 s
    min_community_size: int = 3  # smaller clusters are reported as "unclustered"
    broker_limit: int = 20  # brokers listed in the report
    max_holes: int = 10  # holes listed in the report
    max_introductions: int = 10  # introductions suggested
    intro_min_shared_tags: int = 2  # tags two contacts must share to be introduced
    intro_min_ts: float = 0.3  # the user must know both sides at least this well
    intro_bucket_cap: int = 10  # per tag pair, pair only the strongest ties (keeps it linear)

    # ---- (g) Ten-People Test -------------------------------------------------------------
    ten_count: int = 10  # how many people the test asks for (practitioner heuristic)
    warm_days: int = 180  # spoke within this many days ...
    warm_min_ts: float = 0.30  # ... and tie strength at least this: warm
    warm_min_active: float = 0.35  # or ACTIVE at least this: warm
    reactivatable_min_latent: float = 0.45  # dormant with LATENT >= this: half credit (Levin)
    lukewarm_days: int = 365  # spoke within a year: half credit
    half_warmth: float = 0.5  # credit for reactivatable or lukewarm people
    rel_full_credit: float = 0.35  # reach >= this: full relevance credit
    rel_half_credit: float = 0.20  # reach >= this: half relevance credit
    standing_penalty: float = 0.5  # owes or ghosted after landing: half credit
    check_min_orgs: int = 3  # counted people span >= 3 current organizations
    check_min_strong: int = 2  # >= 2 strong ties counted (Gee)
    check_min_weak: int = 4  # >= 4 weak or medium ties counted (Gee)
    diversity_multiplier: float = 0.9  # each failed check multiplies the score by 0.9
    readiness_max_actions: int = 6  # gap-closing actions listed

    # ---- colleague inference ------------------------------------------------------------
    colleague_min_overlap_days: int = 30  # tenures must overlap at least a month
    colleague_large_org: int = 50  # above this many people, also require the same role family
    colleague_max_pairs_per_org: int = 2000  # longest overlaps first, per organization
    colleague_max_org_people: int = 300  # above this many known people, infer nothing there

    # ---- network map ----------------------------------------------------------------------
    netmap_max_nodes: int = 150  # strongest contacts drawn; the rest are summarized
    netmap_label_top: int = 25  # strongest contacts whose names are always shown
