"""Spec (f), user level: the drive-through index (DTI) and its five parts.

"Do I only show up when I need something?" Rolling 12 months; the burst and post-landing
parts look at the most recent job search that started, or landed, within that time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kith.core.cadence import assign_circles
from kith.core.coach_common import (
    and_list,
    by_user,
    clip,
    interactions_until,
    is_meaningful,
    span,
    user_ask,
)
from kith.core.params.coach import CoachParams
from kith.core.reciprocity import Ledger, all_ledgers
from kith.core.types import GoalFact, InteractionFact, Network


@dataclass(frozen=True, slots=True)
class DriveThroughIndex:
    """The user-level drive-through index with its parts and the counts behind them."""

    score: float  # [0, 1]; below 0.2 is a healthy pattern
    ask_share: float  # user asks / user outreach (12 months)
    cold_ask_rate: float  # asks after 180+ days of silence / user asks
    close_loop_rate: float  # help received followed by thanks within 14 days / help received
    burst_ratio: float | None  # outreach/week early in a search vs before it; None: no search
    post_land_ratio: float | None  # outreach/week after landing vs during; None: not landed
    outreach: int  # user-initiated real contacts or asks (12 months)
    asks: int
    cold_asks: int
    helps: int  # help received whose thanks window has passed (12 months)
    helps_thanked: int
    search: GoalFact | None  # the job search behind burst/post-landing
    why: str


def is_outreach(params: CoachParams, it: InteractionFact) -> bool:
    """User-initiated and either a real contact (channel weight >= MEANINGFUL) or an ask."""
    return by_user(it) and (is_meaningful(params, it) or user_ask(it))


def drive_through_index(
    net: Network, now: date, params: CoachParams, ledgers: Mapping[int, Ledger] | None = None
) -> DriveThroughIndex:
    """DTI = 0.30 clip((ask_share-.35)/.35) + 0.25 cold_ask_rate + 0.20 (1-close_loop_rate)
    + 0.15 clip((burst-3)/5) + 0.10 [post_land < 0.25].

    ``ledgers`` (from ``kith.core.reciprocity.all_ledgers``) carry each contact's cold asks and
    help loops; they are computed, with circles, when not given.
    """
    if ledgers is None:
        ledgers = all_ledgers(net, now, params, assign_circles(net, now, params))
    since = now - timedelta(days=params.dti_window_days)
    items = interactions_until(net, now)
    outreach = sum(1 for it in items if it.on >= since and is_outreach(params, it))
    asks = {it.id for it in items if it.on >= since and user_ask(it)}
    cold = {c.ask.id for led in ledgers.values() for c in led.cold} & asks
    loops = [
        loop
        for led in ledgers.values()
        for loop in led.loops
        if loop.help.on >= since and not loop.pending
    ]
    thanked = sum(1 for loop in loops if loop.closed)
    search = _recent_search(net, now, params)
    burst = post = None
    if search is not None:
        ords = [it.on.toordinal() for it in items if is_outreach(params, it)]
        burst = _burst(ords, search, now, params)
        post = _post_land(ords, search, now, params)
    index = DriveThroughIndex(
        score=0.0,
        ask_share=len(asks) / outreach if outreach else 0.0,
        cold_ask_rate=len(cold) / len(asks) if asks else 0.0,
        close_loop_rate=thanked / len(loops) if loops else 1.0,
        burst_ratio=burst,
        post_land_ratio=post,
        outreach=outreach,
        asks=len(asks),
        cold_asks=len(cold),
        helps=len(loops),
        helps_thanked=thanked,
        search=search,
        why="",
    )
    return _with_why(replace(index, score=_score(index, params)), params)


def _score(d: DriveThroughIndex, params: CoachParams) -> float:
    w = params.dti_weights
    asks = clip((d.ask_share - params.dti_ask_share_floor) / params.dti_ask_share_span)
    burst = 0.0
    if d.burst_ratio is not None:
        burst = clip((d.burst_ratio - params.dti_burst_start) / params.dti_burst_span)
    silent = d.post_land_ratio is not None and d.post_land_ratio < params.post_land_min_ratio
    return clip(
        w[0] * asks
        + w[1] * d.cold_ask_rate
        + w[2] * (1 - d.close_loop_rate)
        + w[3] * burst
        + w[4] * (1.0 if silent else 0.0)
    )


def _recent_search(net: Network, now: date, params: CoachParams) -> GoalFact | None:
    """The latest job search started by ``now`` that is running or landed within 12 months."""
    oldest = now - timedelta(days=params.dti_window_days)
    found = [
        g
        for g in net.goals
        if g.kind == "job_search"
        and g.started_on is not None
        and g.started_on <= now
        and (g.landed_on is None or g.landed_on > now or g.landed_on >= oldest)
    ]
    return max(found, key=lambda g: (g.started_on or date.min, g.id), default=None)


def _count(ords: list[int], first: date, last: date) -> int:
    """Outreach on days first..last inclusive (``ords`` sorted)."""
    return bisect_right(ords, last.toordinal()) - bisect_left(ords, first.toordinal())


def _burst(ords: list[int], goal: GoalFact, now: date, params: CoachParams) -> float | None:
    assert goal.started_on is not None
    start = goal.started_on
    elapsed = min(params.burst_days, (now - start).days + 1)
    if elapsed < 7:
        return None  # too early in the search to call it a burst
    during = _count(ords, start, start + timedelta(days=elapsed - 1)) / (elapsed / 7)
    pre_first = start - timedelta(days=params.pre_search_days)
    before = _count(ords, pre_first, start - timedelta(days=1)) / (params.pre_search_days / 7)
    return during / max(params.burst_floor_per_week, before)


def _post_land(ords: list[int], goal: GoalFact, now: date, params: CoachParams) -> float | None:
    if goal.landed_on is None or goal.started_on is None or goal.landed_on > now:
        return None
    landed, start = goal.landed_on, goal.started_on
    elapsed = min(params.post_landing_days, (now - landed).days)
    if elapsed < params.post_land_min_elapsed_days:
        return None
    search_days = max(7, (landed - start).days + 1)
    during = _count(ords, start, landed) / (search_days / 7)
    if during == 0:
        return None
    after = _count(ords, landed + timedelta(days=1), landed + timedelta(days=elapsed))
    return (after / (elapsed / 7)) / during


def _with_why(d: DriveThroughIndex, params: CoachParams) -> DriveThroughIndex:
    parts = []
    if d.asks and d.ask_share > params.dti_ask_share_floor:
        parts.append(f"{d.asks} of your {d.outreach} outreach touches in the last year were asks")
    if d.cold_asks:
        parts.append(f"{d.cold_asks} came after more than {span(params.cold_ask_days)} of silence")
    if d.helps and d.helps_thanked < d.helps:
        parts.append(
            f"{d.helps - d.helps_thanked} of {d.helps} favours you received went "
            "without a thank-you or update"
        )
    if d.burst_ratio is not None and d.burst_ratio > params.dti_burst_start:
        parts.append(f"outreach jumped {d.burst_ratio:.0f}x when your job search started")
    if d.post_land_ratio is not None and d.post_land_ratio < params.post_land_min_ratio:
        drop = round(100 * (1 - d.post_land_ratio))
        parts.append(f"outreach dropped {drop}% after you landed the job")
    head = f"Drive-through index {d.score:.2f}"
    if not parts:
        text = f"{head}: you give, catch up and close loops; no drive-through pattern."
    else:
        text = f"{head}: " + and_list(parts) + "."
    return replace(d, why=text)
