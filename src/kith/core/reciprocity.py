"""Spec (f), per contact: the give/ask ledger and the drive-through flags with evidence.

The user-level drive-through index lives in ``kith.core.drive_through``. The target is the
*pattern* (asking only after silence, never closing the loop), never asking as such.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kith.core.cadence import assign_circles
from kith.core.coach_common import (
    GIVE_INTENTS,
    LastResult,
    by_user,
    fmt_day,
    help_received,
    is_meaningful,
    log_until,
    logs_until,
    span,
    user_ask,
)
from kith.core.params.coach import CoachParams
from kith.core.types import GoalFact, InteractionFact, Network, PersonFact, Reciprocity
from kith.errors import PersonNotFoundError

FLAGS: tuple[str, ...] = ("cold_ask", "ask_only", "no_thanks", "owes", "ghosted_after_landing")
INNER_CIRCLES = frozenset({"C5", "C15"})
_LEDGERS: LastResult[dict[int, Ledger]] = LastResult()


@dataclass(frozen=True, slots=True)
class ColdAsk:
    ask: InteractionFact
    silence_days: int | None  # days since the last warm user contact; None: never


@dataclass(frozen=True, slots=True)
class HelpLoop:
    help: InteractionFact
    closed: bool  # a thank-you or update followed within the thanks window
    pending: bool  # the thanks window is still open (not closed yet, not late yet)
    answered: bool  # closed, or answered late (any time up to now)


@dataclass(frozen=True, slots=True)
class Ledger:
    """The raw facts behind one contact's ``Reciprocity`` (window: last 24 months)."""

    person_id: int
    gives: int
    asks: int
    received: int
    catch_ups: int
    lifetime_asks: int
    lifetime_gives: int
    lifetime_catch_ups: int
    ask_ids: tuple[int, ...]  # user asks in the window
    cold: tuple[ColdAsk, ...]
    loops: tuple[HelpLoop, ...]
    ghosted: GoalFact | None  # a landed search they helped with, followed by silence
    last_give: date | None  # the user's last give or intro to them (lifetime)


def ledger(
    person: PersonFact,
    log: tuple[InteractionFact, ...],
    circle: str | None,
    goals: tuple[GoalFact, ...],
    now: date,
    params: CoachParams,
) -> Ledger:
    """Spec (f) over a contact's log (already cut at ``now``) in one pass."""
    start = now - timedelta(days=params.reciprocity_window_days)
    c = _Counts()
    for it in log:
        c.add(it, it.on >= start)
    cold = () if circle in INNER_CIRCLES or not c.ask_ids else _cold_asks(log, start, params)
    return Ledger(
        person_id=person.id,
        gives=c.gives,
        asks=len(c.ask_ids),
        received=len(c.helps),
        catch_ups=c.catch_ups,
        lifetime_asks=c.lifetime_asks,
        lifetime_gives=c.lifetime_gives,
        lifetime_catch_ups=c.lifetime_catch_ups,
        ask_ids=tuple(c.ask_ids),
        cold=cold,
        loops=tuple(_loop(h, log, now, params) for h in c.helps),
        ghosted=_ghosted(log, landed_searches(goals, now, params), now, params),
        last_give=c.last_give,
    )


@dataclass(slots=True)
class _Counts:
    gives: int = 0
    catch_ups: int = 0
    lifetime_asks: int = 0
    lifetime_gives: int = 0
    lifetime_catch_ups: int = 0
    last_give: date | None = None
    ask_ids: list[int] = field(default_factory=list)
    helps: list[InteractionFact] = field(default_factory=list)

    def add(self, it: InteractionFact, in_window: bool) -> None:
        intent, mine = it.intent, it.initiator != "them"
        ask = intent == "ask" and it.initiator == "me"
        give = mine and intent in GIVE_INTENTS
        catch_up = mine and intent == "catch_up"
        self.lifetime_asks += ask
        self.lifetime_gives += give
        self.lifetime_catch_ups += catch_up
        if give:
            self.last_give = it.on
        if in_window:
            self.gives += give
            self.catch_ups += catch_up
            if ask:
                self.ask_ids.append(it.id)
            if (intent in GIVE_INTENTS and not mine) or (ask and it.outcome == "helped"):
                self.helps.append(it)  # the same rule as coach_common.help_received


def is_ask_only(ledger: Ledger, params: CoachParams) -> bool:
    """Lifetime: 2+ asks, no gives or intros, at most one catch-up."""
    return (
        ledger.lifetime_asks >= params.ask_only_min_asks
        and ledger.lifetime_gives == 0
        and ledger.lifetime_catch_ups <= params.ask_only_max_catch_ups
    )


def is_owing(ledger: Ledger, params: CoachParams) -> bool:
    """24 months: 2+ helps received and no give back."""
    return ledger.received >= params.owes_min_received and ledger.gives == 0


def reciprocity_from(ledger: Ledger, person: PersonFact, params: CoachParams) -> Reciprocity:
    """The ``Reciprocity`` result (flags and one evidence sentence per flag) of a ledger."""
    evidence: dict[str, str] = {}
    name = person.name
    if ledger.cold:
        evidence["cold_ask"] = _cold_text(name, ledger.cold)
    if is_ask_only(ledger, params):
        evidence["ask_only"] = (
            f"You've asked {name} for help {ledger.lifetime_asks} times and haven't given "
            "or introduced anyone in return"
            + (
                ", and caught up only once."
                if ledger.lifetime_catch_ups
                else " or caught up just to talk."
            )
        )
    late = [loop for loop in ledger.loops if not loop.closed and not loop.pending]
    if late:
        evidence["no_thanks"] = _thanks_text(name, late, params)
    if is_owing(ledger, params):
        evidence["owes"] = (
            f"{name} has helped you {ledger.received} times in the last 2 years and you "
            "haven't given anything back yet."
        )
    if ledger.ghosted is not None and ledger.ghosted.landed_on is not None:
        evidence["ghosted_after_landing"] = (
            f"{name} helped during your job search, and you haven't been in touch in the "
            f"{params.post_landing_days} days after you landed on "
            f"{fmt_day(ledger.ghosted.landed_on)}."
        )
    balance = (ledger.gives + 0.5 * ledger.catch_ups + 1) / (ledger.asks + 1)
    return Reciprocity(
        person_id=person.id,
        gives=ledger.gives,
        asks=ledger.asks,
        received=ledger.received,
        balance=balance,
        flags=tuple(f for f in FLAGS if f in evidence),
        evidence=evidence,
    )


def reciprocity(
    net: Network, person_id: int, now: date, params: CoachParams, *, circle: str | None = None
) -> Reciprocity:
    """Spec (f) for one contact. ``circle`` (from ``assign_circles``) exempts C5/C15 from cold
    asks; when omitted, circles are computed."""
    person = net.people.get(person_id)
    if person is None:
        raise PersonNotFoundError(str(person_id))
    if circle is None:
        circle = assign_circles(net, now, params)[person_id]
    log = log_until(net, person_id, now)
    return reciprocity_from(ledger(person, log, circle, net.goals, now, params), person, params)


def all_ledgers(
    net: Network, now: date, params: CoachParams, circles: Mapping[int, str]
) -> dict[int, Ledger]:
    """Every contact's ledger (remembered for the last Network, ``now``, params, circles)."""
    key = (now, params, circles)
    cached = _LEDGERS.get(net, key)
    if cached is None:
        logs = logs_until(net, now)
        cached = _LEDGERS.put(
            net,
            key,
            {
                pid: ledger(p, logs[pid], circles.get(pid), net.goals, now, params)
                for pid, p in net.people.items()
            },
        )
    return dict(cached)


def all_reciprocity(
    net: Network, now: date, params: CoachParams, *, circles: Mapping[int, str] | None = None
) -> dict[int, Reciprocity]:
    """Spec (f) for every contact."""
    if circles is None:
        circles = assign_circles(net, now, params)
    ledgers = all_ledgers(net, now, params, circles)
    return {pid: reciprocity_from(led, net.people[pid], params) for pid, led in ledgers.items()}


def contact_drive_through(rec: Reciprocity, params: CoachParams) -> float:
    """dt_contact = min(1, 0.30 cold_ask + 0.25 ask_only + 0.20 no_thanks + 0.15 owes
    + 0.30 ghosted_after_landing)."""
    total = sum(
        w for flag, w in zip(FLAGS, params.contact_dt_weights, strict=True) if flag in rec.flags
    )
    return min(1.0, total)


# ---- detectors --------------------------------------------------------------------------


def _cold_asks(
    log: tuple[InteractionFact, ...], start: date, params: CoachParams
) -> tuple[ColdAsk, ...]:
    """Asks (on or after ``start``) with no user-initiated, non-ask, real contact in the
    previous 180 days."""
    warm = [it.on for it in log if by_user(it) and it.intent != "ask" and is_meaningful(params, it)]
    found = []
    for ask in log:
        if ask.on < start or not user_ask(ask):
            continue
        cut = bisect_right(warm, ask.on)
        last = warm[cut - 1] if cut else None
        silence = (ask.on - last).days if last is not None else None
        if silence is None or silence > params.cold_ask_days:
            found.append(ColdAsk(ask, silence))
    return tuple(found)


def closes_loop(it: InteractionFact, help_it: InteractionFact) -> bool:
    """A user-initiated interaction after help that is not a new ask (or mentions thanks)."""
    if it.id == help_it.id:
        return it.mentions_thanks
    return by_user(it) and (it.intent != "ask" or it.mentions_thanks)


def _loop(
    help_it: InteractionFact, log: tuple[InteractionFact, ...], now: date, params: CoachParams
) -> HelpLoop:
    end = help_it.on + timedelta(days=params.thanks_window_days)
    lo = bisect_left(log, help_it.on, key=_on)
    hi = bisect_right(log, end, key=_on)
    closed = any(closes_loop(it, help_it) for it in log[lo:hi])
    answered = closed or any(closes_loop(it, help_it) for it in log[hi:])
    return HelpLoop(help_it, closed, pending=not closed and now <= end, answered=answered)


def _on(it: InteractionFact) -> date:
    return it.on


def goal_helpers_window(goal: GoalFact) -> tuple[date, date] | None:
    """(start, landed) of a landed job search: the days when help made someone a helper."""
    if goal.kind != "job_search" or goal.landed_on is None:
        return None
    return (goal.started_on or goal.landed_on, goal.landed_on)


def landed_searches(
    goals: tuple[GoalFact, ...], now: date, params: CoachParams
) -> tuple[GoalFact, ...]:
    """Job searches landed within the ledger window whose 90 days after landing are over,
    latest first."""
    oldest = now - timedelta(days=params.reciprocity_window_days)
    found = []
    for goal in goals:
        window = goal_helpers_window(goal)
        if window is None or window[1] < oldest:
            continue
        if now > window[1] + timedelta(days=params.post_landing_days):
            found.append(goal)
    return tuple(sorted(found, key=lambda g: (g.landed_on or date.min, g.id), reverse=True))


def _ghosted(
    log: tuple[InteractionFact, ...],
    searches: tuple[GoalFact, ...],
    now: date,
    params: CoachParams,
) -> GoalFact | None:
    """A landed search this contact helped with, then no real user contact for 90 days."""
    for goal in searches:
        window = goal_helpers_window(goal)
        assert window is not None
        start, landed = window
        after = landed + timedelta(days=params.post_landing_days)
        helped = any(start <= it.on <= landed and help_received(it) for it in log)
        heard = any(
            landed <= it.on <= after and by_user(it) and is_meaningful(params, it) for it in log
        )
        if helped and not heard:
            return goal
    return None


def _cold_text(name: str, cold: tuple[ColdAsk, ...]) -> str:
    latest = cold[-1]
    gap = (
        "with no earlier catch-up or give from you"
        if latest.silence_days is None
        else f"after {span(latest.silence_days)} without a catch-up or give from you"
    )
    if len(cold) == 1:
        return f"You asked {name} for help on {fmt_day(latest.ask.on)} {gap}."
    return (
        f"{len(cold)} of your asks to {name} came after a long silence; the latest, on "
        f"{fmt_day(latest.ask.on)}, came {gap}."
    )


def _thanks_text(name: str, late: list[HelpLoop], params: CoachParams) -> str:
    weeks = span(params.thanks_window_days)
    last = fmt_day(late[-1].help.on)
    if len(late) == 1:
        return (
            f"{name} helped you on {last} and you didn't follow up with a thank-you or an "
            f"update within {weeks}."
        )
    return (
        f"{name} helped you {len(late)} times (latest on {last}) without a thank-you or "
        f"an update within {weeks}."
    )
