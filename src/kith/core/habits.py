"""Habits: is networking a steady practice or an emergency measure?

Weekly activity, streaks, lapses, the agenda mix, new people, the spread of touches over
strong and weak ties, group activity, the drive-through index, per-person reciprocity flags
and named bad habits (``kith.core.habits_bad``), each with evidence and a kind fix.

Streak rule: a week (Monday to Sunday) counts when it holds at least one user-initiated touch
(any channel) or any real (meaningful-channel) contact, whoever started it. The current week
is still running, so an empty current week does not break the streak.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kith.core.cadence import assign_circles
from kith.core.coach_common import (
    by_user,
    contactable,
    interactions_until,
    is_meaningful,
    logs_until,
    met_date,
    monday,
    week_index,
)
from kith.core.drive_through import DriveThroughIndex, drive_through_index, is_outreach
from kith.core.habits_bad import BadHabit, GroupActivity, HabitFacts, PersonFlag, find_bad_habits
from kith.core.params.coach import CoachParams
from kith.core.reciprocity import FLAGS, INNER_CIRCLES, Ledger, all_ledgers, reciprocity_from
from kith.core.ties import all_tie_strengths
from kith.core.types import InteractionFact, Network, TieStrength

BANDS: tuple[str, ...] = ("strong", "medium", "weak", "nominal")


@dataclass(frozen=True, slots=True)
class WeekCount:
    week_of: date  # Monday
    touches: int  # interactions logged that week (a group interaction counts once)


@dataclass(frozen=True, slots=True)
class Lapse:
    start: date  # Monday of the first empty week
    end: date  # Sunday of the last empty week (or now, when the lapse is still running)
    weeks: int


@dataclass(frozen=True, slots=True)
class Habits:
    as_of: date
    weekly: tuple[WeekCount, ...]  # habit_weeks weeks, oldest first, ending with now's week
    daily: tuple[int, ...]  # touches per day over the same weeks (for a 52 x 7 heatmap)
    streak_current: int  # weeks
    streak_longest: int  # weeks, over the whole history
    lapses: tuple[Lapse, ...]  # runs of >= lapse_min_weeks empty weeks, since logging began
    ask_share: float  # user asks / user outreach, 12 months
    no_agenda_share: float  # user catch-ups and introductions / user outreach, 12 months
    new_people_per_month: tuple[tuple[str, int], ...]  # ("2024-06", 2), oldest first
    spread: Mapping[str, int]  # touches in the last habit_recent_days by current band
    group_activity: GroupActivity
    drive_through: DriveThroughIndex
    flags: tuple[PersonFlag, ...]
    bad_habits: tuple[BadHabit, ...]
    why: str


def habits(
    net: Network, now: date, params: CoachParams, *, ties: Mapping[int, TieStrength] | None = None
) -> Habits:
    """The user's networking habits as of ``now``."""
    ties = ties if ties is not None else all_tie_strengths(net, now, params)
    circles = assign_circles(net, now, params, ties)
    ledgers = all_ledgers(net, now, params, circles)
    items = interactions_until(net, now)
    weekly, daily = _series(items, now, params)
    current, longest = _streaks(items, now, params)
    lapses = _lapses(weekly, items, now, params)
    facts = _facts(net, now, params, items, circles, ledgers, lapses)
    dti, flags, groups = facts.dti, facts.flags, facts.groups
    new_people = _new_people(net, now)
    spread = _spread(items, ties, now, params)
    bad = find_bad_habits(facts, params)
    return Habits(
        as_of=now,
        weekly=weekly,
        daily=daily,
        streak_current=current,
        streak_longest=longest,
        lapses=lapses,
        ask_share=dti.ask_share,
        no_agenda_share=facts.no_agenda_share,
        new_people_per_month=new_people,
        spread=spread,
        group_activity=groups,
        drive_through=dti,
        flags=flags,
        bad_habits=bad,
        why=_why(current, longest, bad),
    )


def _facts(
    net: Network,
    now: date,
    params: CoachParams,
    items: tuple[InteractionFact, ...],
    circles: Mapping[int, str],
    ledgers: Mapping[int, Ledger],
    lapses: tuple[Lapse, ...],
) -> HabitFacts:
    """The numbers the bad-habit detectors read."""
    outer_people = sum(
        1
        for pid, circle in circles.items()
        if circle not in INNER_CIRCLES and contactable(net.people[pid])
    )
    return HabitFacts(
        now=now,
        dti=drive_through_index(net, now, params, ledgers),
        outreach=_outreach(items, now, params),
        lapses=len(lapses),
        lapse_weeks=sum(lapse.weeks for lapse in lapses),
        flags=_flags(net, ledgers, params),
        new_people_recent=_met_since(net, now, now - timedelta(days=params.habit_recent_days)),
        new_people_target=_new_people_target(net),
        outer=_outer_touches(items, circles, now, params),
        outer_people=outer_people,
        groups=_group_activity(net, now, params),
        net=net,
    )


# ---- series, streaks, lapses ------------------------------------------------------------


def counts_for_streak(params: CoachParams, it: InteractionFact) -> bool:
    return by_user(it) or is_meaningful(params, it)


def _series(
    items: tuple[InteractionFact, ...], now: date, params: CoachParams
) -> tuple[tuple[WeekCount, ...], tuple[int, ...]]:
    first = monday(now) - timedelta(weeks=params.habit_weeks - 1)
    daily = [0] * (params.habit_weeks * 7)
    for it in items:
        offset = (it.on - first).days
        if 0 <= offset < len(daily):
            daily[offset] += 1
    weekly = tuple(
        WeekCount(first + timedelta(weeks=w), sum(daily[w * 7 : (w + 1) * 7]))
        for w in range(params.habit_weeks)
    )
    return weekly, tuple(daily)


def _streaks(items: tuple[InteractionFact, ...], now: date, params: CoachParams) -> tuple[int, int]:
    weeks = sorted({week_index(it.on) for it in items if counts_for_streak(params, it)})
    longest = run = 0
    previous = None
    for w in weeks:
        run = run + 1 if previous is not None and w == previous + 1 else 1
        longest = max(longest, run)
        previous = w
    active = set(weeks)
    week = week_index(now)
    if week not in active:
        week -= 1  # the current week is not over yet
    current = 0
    while week in active:
        current += 1
        week -= 1
    return current, longest


def _lapses(
    weekly: tuple[WeekCount, ...],
    items: tuple[InteractionFact, ...],
    now: date,
    params: CoachParams,
) -> tuple[Lapse, ...]:
    """Runs of empty weeks, counted only after the first interaction ever logged."""
    if not items:
        return ()
    began = monday(items[0].on)
    found: list[Lapse] = []
    run: list[WeekCount] = []
    for week in [*weekly, None]:
        if week is not None and week.touches == 0 and week.week_of >= began:
            run.append(week)
            continue
        if len(run) >= params.lapse_min_weeks:
            end = min(run[-1].week_of + timedelta(days=6), now)
            found.append(Lapse(run[0].week_of, end, len(run)))
        run = []
    return tuple(found)


# ---- the rest ---------------------------------------------------------------------------


def _outreach(
    items: tuple[InteractionFact, ...], now: date, params: CoachParams
) -> list[InteractionFact]:
    since = now - timedelta(days=params.dti_window_days)
    return [it for it in items if it.on >= since and is_outreach(params, it)]


def _flags(
    net: Network, ledgers: Mapping[int, Ledger], params: CoachParams
) -> tuple[PersonFlag, ...]:
    found: list[PersonFlag] = []
    for pid, led in ledgers.items():
        person = net.people[pid]
        rec = reciprocity_from(led, person, params)
        found.extend(PersonFlag(code, person.name, pid, rec.evidence[code]) for code in rec.flags)
    order = {code: i for i, code in enumerate(FLAGS)}
    return tuple(sorted(found, key=lambda f: (order[f.code], f.person, f.person_id)))


def _met_dates(net: Network, now: date) -> list[date]:
    logs = logs_until(net, now)
    dates = (met_date(p, logs[pid]) for pid, p in net.people.items())
    return [d for d in dates if d is not None and d <= now]


def _met_since(net: Network, now: date, since: date) -> int:
    return sum(1 for d in _met_dates(net, now) if d >= since)


def _new_people(net: Network, now: date) -> tuple[tuple[str, int], ...]:
    months = []
    year, month = now.year, now.month
    for _ in range(12):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    counts = dict.fromkeys(months, 0)
    for d in _met_dates(net, now):
        key = f"{d.year:04d}-{d.month:02d}"
        if key in counts:
            counts[key] += 1
    return tuple((m, counts[m]) for m in reversed(months))


def _new_people_target(net: Network) -> int | None:
    targets = [
        g.target
        for g in net.goals
        if g.kind == "new_people_per_month" and g.target and g.landed_on is None
    ]
    return max(targets) if targets else None


def _outer_touches(
    items: tuple[InteractionFact, ...], circles: Mapping[int, str], now: date, params: CoachParams
) -> tuple[int, int]:
    """(touches to people beyond the 15 closest, all touches) in the recent window."""
    since = now - timedelta(days=params.habit_recent_days)
    outer = total = 0
    for it in items:
        if it.on >= since:
            for pid in it.participants:
                if pid in circles:
                    total += 1
                    outer += circles[pid] not in INNER_CIRCLES
    return outer, total


def _spread(
    items: tuple[InteractionFact, ...],
    ties: Mapping[int, TieStrength],
    now: date,
    params: CoachParams,
) -> dict[str, int]:
    since = now - timedelta(days=params.habit_recent_days)
    spread = dict.fromkeys(BANDS, 0)
    for it in items:
        if it.on >= since:
            for pid in it.participants:
                if pid in ties:
                    spread[ties[pid].band] += 1
    return spread


def _group_activity(net: Network, now: date, params: CoachParams) -> GroupActivity:
    mine = [
        a.on for g in net.groups for a in g.activities if a.person_id == net.me.id and a.on <= now
    ]
    return GroupActivity(
        member_of=sum(1 for g in net.groups if g.my_role is not None),
        recent=sum(1 for d in mine if (now - d).days < params.habit_group_days),
        recent_days=params.habit_group_days,
        last_year=sum(1 for d in mine if (now - d).days < 365),
        last_on=max(mine, default=None),
    )


def _why(current: int, longest: int, bad: tuple[BadHabit, ...]) -> str:
    head = f"{current}-week streak (longest {longest})"
    if not bad:
        return f"{head}; no bad habits spotted."
    names = ", ".join(b.code.replace("_", " ") for b in bad)
    return f"{head}; {len(bad)} habit{'s' if len(bad) > 1 else ''} to work on: {names}."


# ---- JSON -------------------------------------------------------------------------------


def habits_to_dict(h: Habits) -> dict[str, Any]:
    """A JSON-ready dict (ISO dates) for ``--format json`` and /api/v1."""
    d = h.drive_through
    return {
        "as_of": h.as_of.isoformat(),
        "drive_through_index": {
            "score": d.score,
            "ask_share": d.ask_share,
            "cold_ask_rate": d.cold_ask_rate,
            "close_loop_rate": d.close_loop_rate,
            "burst_ratio": d.burst_ratio,
            "post_land_ratio": d.post_land_ratio,
            "why": d.why,
        },
        "flags": [
            {"code": f.code, "person": f.person, "person_id": f.person_id, "evidence": f.evidence}
            for f in h.flags
        ],
        "bad_habits": [
            {"code": b.code, "evidence": b.evidence, "fix": b.fix} for b in h.bad_habits
        ],
        "weekly": [{"week_of": w.week_of.isoformat(), "touches": w.touches} for w in h.weekly],
        "daily": list(h.daily),
        "streak": {"current": h.streak_current, "longest": h.streak_longest},
        "lapses": [
            {"start": lp.start.isoformat(), "end": lp.end.isoformat(), "weeks": lp.weeks}
            for lp in h.lapses
        ],
        "ask_share": h.ask_share,
        "no_agenda_share": h.no_agenda_share,
        "new_people_per_month": [{"month": m, "count": n} for m, n in h.new_people_per_month],
        "spread": dict(h.spread),
        "group_activity": {
            "member_of": h.group_activity.member_of,
            "recent": h.group_activity.recent,
            "recent_days": h.group_activity.recent_days,
            "last_year": h.group_activity.last_year,
            "last_on": h.group_activity.last_on.isoformat() if h.group_activity.last_on else None,
        },
        "why": h.why,
    }
