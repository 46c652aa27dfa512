"""Constants for tie strength, cadence, plan, reciprocity and habits (specs a, b, f).

Every value is a [design] default from ../shared/science.md (or a kith product choice, marked
"kith"); docs/model.md explains each one in plain words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def _channel_w() -> dict[str, float]:
    return {
        "in_person": 1.0,
        "video": 0.8,
        "call": 0.7,
        "event": 0.5,
        "email": 0.4,
        "message": 0.35,
        "social_comment": 0.15,
        "group_post": 0.15,
    }


def _tie_weights() -> dict[str, float]:
    return {
        "recency": 0.22,
        "intensity": 0.18,
        "duration": 0.15,
        "closeness": 0.15,
        "structural": 0.10,
        "services": 0.10,
        "mutuality": 0.10,
    }


def _cadence() -> dict[str, int]:
    return {"C5": 7, "C15": 30, "C50": 90, "C150": 180, "C500": 365}


def _rhythm_range() -> dict[str, tuple[int, int]]:
    return {
        "C5": (5, 21),
        "C15": (21, 45),
        "C50": (60, 120),
        "C150": (120, 365),
        "C500": (180, 365),
    }


@dataclass(frozen=True)
class CoachParams:
    """Every tunable constant of the keep-in-touch coach (specs a, b, f, habits, plan)."""

    # ---- shared inputs (spec a) -----------------------------------------------------------
    # channel richness: rich/synchronous channels weigh more; public ones are not zero
    channel_w: Mapping[str, float] = field(default_factory=_channel_w)
    # an interaction with at least this channel weight is a "real" (meaningful) contact
    meaningful: float = 0.35

    # ---- tie strength components (spec a) -------------------------------------------------
    # half-life in days of recency R (monthly contact keeps R >= 0.79)
    half_life_recency: float = 90.0
    # half-life in days of the intensity "memory" F (about two quarters)
    half_life_intensity: float = 180.0
    # half-life in days of services S: favours are remembered, not banked forever (Burger)
    half_life_services: float = 365.0
    # half-life in days of the initiation counts behind mutuality M
    half_life_mutuality: float = 365.0
    # sat constant of intensity: F = sat(sum of decayed channel weights, 3)
    sat_intensity: float = 3.0
    # sat constant of duration in years: D = sat(years known + shared tenure, 4)
    sat_duration_years: float = 4.0
    # sat constant of the structural fallback: X = sat(mutual contacts, 4)
    sat_structural: float = 4.0
    # mutual-contact credit per group the user and the contact both belong to
    shared_group_mutual: float = 0.5
    # shared group membership adds its years at this weight to shared tenure
    shared_group_tenure: float = 0.5
    # sat constant of services: S = sat(weighted decayed favours, 2)
    sat_services: float = 2.0
    # services weight of an introduction (intent "connect")
    services_connect_w: float = 1.5
    # services weight of a give (or of an ask of mine that they helped with)
    services_give_w: float = 1.0
    # bonus to S when favours went both ways (S capped at 1)
    services_both_bonus: float = 0.1
    # sat constant of mutuality: M = balance * sat(decayed initiations, 4)
    sat_mutuality: float = 4.0
    # weights of TS; closeness is dropped and the rest renormalized when unrated
    tie_weights: Mapping[str, float] = field(default_factory=_tie_weights)
    # ACTIVE = 0.45 R + 0.35 F + 0.20 M: warmth now
    active_weights: tuple[float, float, float] = (0.45, 0.35, 0.20)
    # LATENT = 0.30 D + 0.25 F_peak + 0.20 (K or 0.5 F_peak) + 0.15 S + 0.10 X
    latent_weights: tuple[float, float, float, float, float] = (0.30, 0.25, 0.20, 0.15, 0.10)
    # width in days of the window over which peak intensity F_peak is measured
    peak_window_days: int = 365
    # sat constant of F_peak = sat(max undecayed channel weight in one window, 6)
    sat_peak: float = 6.0
    # TS at or above this is a strong tie
    band_strong: float = 0.65
    # TS at or above this (and below strong) is a medium tie
    band_medium: float = 0.40
    # TS at or above this (and below medium) is a weak tie; below it: nominal
    band_weak: float = 0.15
    # no meaningful contact for this many days (and a bond worth reviving) makes a tie dormant
    dormant_days: int = 730
    # LATENT at or above this is a bond worth reviving (dormant needs it)
    dormant_latent_min: float = 0.30
    # an intensity label counts meaningful conversations within this many days
    recent_conversation_days: int = 180

    # ---- circles and cadence (spec b) -----------------------------------------------------
    # cumulative Dunbar layer sizes for C5, C15, C50, C150, C500 (the rest is C1500)
    circle_sizes: tuple[int, int, int, int, int] = (5, 15, 50, 150, 500)
    # kith: minimum TS to be ranked into C5, C15, C50, C150, C500 (rank alone is not enough)
    circle_min_strength: tuple[float, float, float, float, float] = (0.45, 0.30, 0.15, 0.05, 0.02)
    # default days between touches per circle (C1500 has none: event-driven)
    cadence_days: Mapping[str, int] = field(default_factory=_cadence)
    # allowed range (lo, hi) in days for a contact's own rhythm, per circle
    rhythm_range: Mapping[str, tuple[int, int]] = field(default_factory=_rhythm_range)
    # the own rhythm (median gap) replaces the circle default after this many real contacts
    rhythm_min_interactions: int = 4
    # cadence factor for bridge/broker contacts (bridges decay fastest, Burt)
    bridge_factor: float = 0.75
    # broker score (spec e) at or above which a contact counts as a bridge
    bridge_min_score: float = 0.6
    # cadence factor for goal-relevant contacts while a job search is active
    goal_factor: float = 0.75
    # relevance (spec c) at or above which a contact counts as goal-relevant
    goal_min_relevance: float = 0.5
    # cadence factor for kin (kin resist decay, Roberts & Dunbar)
    kin_factor: float = 1.5
    # onboarding touches at these days after meeting a new contact
    onboarding_days: tuple[int, ...] = (7, 30, 90)
    # a contact met within this many days is new (onboarding applies)
    onboarding_window_days: int = 120
    # kith: no computed cadence is shorter than this (a user override may be)
    cadence_min_days: int = 3
    # hard maximum of any computed cadence (C150 "at least yearly")
    cadence_max_days: int = 365
    # overdue ratio is capped at this in nudge priority
    overdue_cap: float = 3.0
    # priority = overdue * (relevance_base + relevance) * (1 + broker_weight * broker)
    relevance_base: float = 0.5
    # weight of the broker score in nudge priority
    broker_weight: float = 0.5
    # at or above this overdue ratio suggest a richer channel (call, video, in person)
    rich_channel_overdue: float = 2.0

    # ---- weekly plan ----------------------------------------------------------------------
    # default number of nudges a week
    weekly_budget: int = 10
    # share of the budget for C5, C15 and everyone else (Dunbar's 40/20/40 effort split)
    budget_split: tuple[float, float, float] = (0.4, 0.2, 0.4)
    # a position started within this many days is a reason to congratulate
    congratulate_days: int = 60
    # a give should come at least this many days before an ask
    give_before_ask_days: int = 7
    # a give within this many days already counts as "gave first"
    recent_give_days: int = 180
    # an unanswered ask older than this many days (and younger than the next) gets a follow-up
    follow_up_after_days: int = 7
    # asks older than this are no longer worth a follow-up nudge
    follow_up_max_days: int = 30
    # late thanks: help received within this many days and never thanked is still worth it
    late_thanks_days: int = 365
    # at most this many dormant ties in one week's plan
    plan_max_dormant: int = 2

    # ---- reciprocity and drive-through (spec f) -------------------------------------------
    # per-contact ledger window in days (24 months)
    reciprocity_window_days: int = 730
    # an ask with no user-initiated non-ask real contact in this many days before is cold
    cold_ask_days: int = 180
    # help counts as thanked when the user gets back within this many days
    thanks_window_days: int = 14
    # after landing, helpers should hear from the user within this many days
    post_landing_days: int = 90
    # ask_only: at least this many asks (lifetime) ...
    ask_only_min_asks: int = 2
    # ... and at most this many catch-ups (lifetime), with no gives
    ask_only_max_catch_ups: int = 1
    # owes: at least this much help received with no give back
    owes_min_received: int = 2
    # per-contact drive-through weights: cold_ask, ask_only, no_thanks, owes, ghosted
    contact_dt_weights: tuple[float, float, float, float, float] = (0.30, 0.25, 0.20, 0.15, 0.30)
    # user-level indices look back this many days (rolling 12 months)
    dti_window_days: int = 365
    # ask share above this starts to count towards DTI ...
    dti_ask_share_floor: float = 0.35
    # ... and saturates this much above the floor (70% asks)
    dti_ask_share_span: float = 0.35
    # burst: outreach per week in this many first days of a job search ...
    burst_days: int = 60
    # ... against outreach per week in this many days before it started
    pre_search_days: int = 180
    # the pre-search rate is at least this many per week (avoids division by ~0)
    burst_floor_per_week: float = 0.25
    # burst ratio above this starts to count towards DTI ...
    dti_burst_start: float = 3.0
    # ... and saturates this much above the start
    dti_burst_span: float = 5.0
    # post-landing outreach below this share of search outreach counts as going silent
    post_land_min_ratio: float = 0.25
    # kith: post-landing ratio is measured only once this many days have passed since landing
    post_land_min_elapsed_days: int = 28
    # DTI weights: ask share, cold asks, open loops, burst, silence after landing
    dti_weights: tuple[float, float, float, float, float] = (0.30, 0.25, 0.20, 0.15, 0.10)

    # ---- habits (kith) --------------------------------------------------------------------
    # number of weeks in the activity series
    habit_weeks: int = 52
    # a run of at least this many empty weeks is a lapse
    lapse_min_weeks: int = 3
    # recent-behaviour window in days (spread of touches, groups, new people)
    habit_recent_days: int = 90
    # waits_until_need: cold-ask rate at or above this (with enough asks) ...
    habit_cold_ask_rate: float = 0.5
    # ... and at least this many asks in the last 12 months
    habit_min_asks: int = 3
    # asks_without_giving: gives below this share of asks (12 months)
    habit_give_per_ask: float = 0.5
    # never_closes_loop: close-loop rate below this, with at least habit_min_helps helps
    habit_close_loop_rate: float = 0.5
    # minimum help received (12 months) before judging loop closing
    habit_min_helps: int = 2
    # neglects_weak_ties: under this share of recent touches go beyond C5 and C15 ...
    habit_weak_share: float = 0.10
    # ... with at least this many recent touches ...
    habit_min_touches: int = 10
    # ... and at least this many people beyond C5 and C15 to choose from
    habit_min_weak_ties: int = 5
    # all_agenda: no-agenda share below this with enough user touches
    habit_no_agenda_share: float = 0.2
    # minimum user-initiated real contacts (12 months) before judging agenda or asks
    habit_min_outreach: int = 5
    # irregular: at least this many lapses in the series ...
    habit_irregular_lapses: int = 2
    # ... or at least this many weeks spent in lapses
    habit_irregular_weeks: int = 13
    # absent_from_groups: no own group activity in this many days while a member
    habit_group_days: int = 90

    # ---- knowledge gaps and groups (kith) -------------------------------------------------
    # gap weights: career, connections, interests, how met, email, phone
    gap_weights: tuple[float, float, float, float, float, float] = (
        0.30,
        0.25,
        0.25,
        0.10,
        0.05,
        0.05,
    )
    # people are ranked by gaps among those met within this many days
    gap_recent_days: int = 365
    # a group is going cold when the user's last activity there is this many days old
    group_cold_days: int = 90
    # a contributor is active with an activity within this many days
    group_active_days: int = 180
