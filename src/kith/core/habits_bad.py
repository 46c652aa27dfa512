"""Bad habits, each named with evidence and a fix in kind words.

Codes: waits_until_need, disappears_after_landing, asks_without_giving, never_closes_loop,
neglects_weak_ties, no_new_people, all_agenda, irregular, absent_from_groups. The target is
the pattern, never asking as such (people underestimate others' willingness to help).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kith.core.coach_common import NO_AGENDA_INTENTS, fmt_day, span, user_ask, user_give
from kith.core.drive_through import DriveThroughIndex
from kith.core.params.coach import CoachParams
from kith.core.types import InteractionFact, Network

BAD_HABITS: tuple[str, ...] = (
    "waits_until_need",
    "disappears_after_landing",
    "asks_without_giving",
    "never_closes_loop",
    "neglects_weak_ties",
    "no_new_people",
    "all_agenda",
    "irregular",
    "absent_from_groups",
)


@dataclass(frozen=True, slots=True)
class PersonFlag:
    code: str  # one of kith.core.reciprocity.FLAGS
    person: str
    person_id: int
    evidence: str


@dataclass(frozen=True, slots=True)
class GroupActivity:
    member_of: int  # groups where the user has a role
    recent: int  # the user's own posts, comments, talks, organizing in the last recent_days
    recent_days: int
    last_year: int  # the same over the last 365 days
    last_on: date | None


@dataclass(frozen=True, slots=True)
class BadHabit:
    code: str  # one of BAD_HABITS
    evidence: str  # what the log shows, with numbers
    fix: str  # one concrete, kind next step


@dataclass(frozen=True)
class HabitFacts:
    """The numbers the detectors read (computed once by ``kith.core.habits.habits``)."""

    now: date
    dti: DriveThroughIndex
    outreach: list[InteractionFact]  # user outreach in the last 12 months
    lapses: int
    lapse_weeks: int
    flags: tuple[PersonFlag, ...]
    new_people_recent: int  # met within habit_recent_days
    new_people_target: int | None  # from a new_people_per_month goal
    outer: tuple[int, int]  # (touches beyond the 15 closest, all touches), recent window
    outer_people: int  # contactable people beyond the 15 closest (C50 and wider)
    groups: GroupActivity
    net: Network = field(repr=False)

    @property
    def no_agenda_share(self) -> float:
        if not self.outreach:
            return 0.0
        return sum(1 for it in self.outreach if it.intent in NO_AGENDA_INTENTS) / len(self.outreach)

    @property
    def gives(self) -> int:
        return sum(1 for it in self.outreach if user_give(it))

    @property
    def asks(self) -> int:
        return sum(1 for it in self.outreach if user_ask(it))


_Detector = Callable[[HabitFacts, CoachParams], BadHabit | None]


def find_bad_habits(facts: HabitFacts, params: CoachParams) -> tuple[BadHabit, ...]:
    detectors: tuple[_Detector, ...] = (
        _waits_until_need,
        _disappears_after_landing,
        _asks_without_giving,
        _never_closes_loop,
        _neglects_weak_ties,
        _no_new_people,
        _all_agenda,
        _irregular,
        _absent_from_groups,
    )
    return tuple(b for detect in detectors if (b := detect(facts, params)) is not None)


def _waits_until_need(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    d = f.dti
    burst = d.burst_ratio is not None and d.burst_ratio >= p.dti_burst_start
    cold = d.asks >= p.habit_min_asks and d.cold_ask_rate >= p.habit_cold_ask_rate
    if not (burst or cold):
        return None
    bits = []
    if burst and d.burst_ratio is not None:
        bits.append(f"your outreach jumped {d.burst_ratio:.0f}x when your job search started")
    if cold:
        bits.append(
            f"{d.cold_asks} of your {d.asks} asks went to people you hadn't been in "
            f"touch with for over {span(p.cold_ask_days)}"
        )
    return BadHabit(
        "waits_until_need",
        _sentence(" and ".join(bits)),
        "Keep a light, steady rhythm while you need nothing: one catch-up a week keeps people "
        "warm for the day you do need help.",
    )


def _disappears_after_landing(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    d = f.dti
    ghosted = [fl for fl in f.flags if fl.code == "ghosted_after_landing"]
    dropped = d.post_land_ratio is not None and d.post_land_ratio < p.post_land_min_ratio
    if not (dropped or ghosted):
        return None
    bits = []
    landed = d.search.landed_on if d.search is not None else None
    if dropped and d.post_land_ratio is not None:
        when = f" on {fmt_day(landed)}" if landed else ""
        bits.append(
            f"your outreach dropped {round(100 * (1 - d.post_land_ratio))}% after you "
            f"landed the job{when}"
        )
    if ghosted:
        bits.append(f"{_people(len(ghosted))} who helped haven't heard from you since")
    n = len(ghosted) or "few"
    return BadHabit(
        "disappears_after_landing",
        _sentence(" and ".join(bits)),
        f"A quick update to the {n} people who helped would close the loop; it's never too "
        "late, and it keeps them on your side for next time.",
    )


def _asks_without_giving(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    asks, gives = f.asks, f.gives
    if asks < p.habit_min_asks or gives >= p.habit_give_per_ask * asks:
        return None
    return BadHabit(
        "asks_without_giving",
        f"In the last year you asked for help {asks} times and gave or introduced "
        f"{gives} time{'s' if gives != 1 else ''}.",
        "Asking is fine and people like to help; pair it with giving: share something useful, "
        "make an introduction or congratulate someone on a new role.",
    )


def _never_closes_loop(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    d = f.dti
    if d.helps < p.habit_min_helps or d.close_loop_rate >= p.habit_close_loop_rate:
        return None
    return BadHabit(
        "never_closes_loop",
        f"{d.helps - d.helps_thanked} of the {d.helps} favours you received in the last year "
        f"went without a thank-you or an update within {span(p.thanks_window_days)}.",
        "After someone helps, send thanks within two weeks, and a short update once you know "
        "how it turned out.",
    )


def _neglects_weak_ties(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    """Weak ties in Granovetter's sense: everyone beyond the inner and close circles."""
    outer, total = f.outer
    if total < p.habit_min_touches or f.outer_people < p.habit_min_weak_ties:
        return None
    if outer >= p.habit_weak_share * total:
        return None
    return BadHabit(
        "neglects_weak_ties",
        f"Only {outer} of your {total} touches in the last {span(p.habit_recent_days)} went "
        f"beyond your 15 closest people, though you know {f.outer_people} others.",
        "Weak ties bring most new information and job leads: send one short note a week to "
        "someone you haven't talked to in a while.",
    )


def _no_new_people(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    months = p.habit_recent_days / 30.44
    target = f.new_people_target
    if target is not None and f.new_people_recent < target * months:
        met = f.new_people_recent
        evidence = (
            f"You met {met} new {'person' if met == 1 else 'people'} in the last "
            f"{span(p.habit_recent_days)}; your goal is {target} a month."
        )
    elif f.new_people_recent == 0 and f.net.people:
        evidence = f"You haven't met anyone new in the last {span(p.habit_recent_days)}."
    else:
        return None
    return BadHabit(
        "no_new_people",
        evidence,
        "Meet one new person a month: ask a friend for an introduction, or talk to an active "
        "member of one of your groups.",
    )


def _all_agenda(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    n = len(f.outreach)
    if n < p.habit_min_outreach or f.no_agenda_share >= p.habit_no_agenda_share:
        return None
    free = round(f.no_agenda_share * n)
    share = f"None of your {n}" if free == 0 else f"Only {free} of your {n}"
    return BadHabit(
        "all_agenda",
        f"{share} outreach touches in the last year were catch-ups or introductions; the rest "
        "had an agenda.",
        "Now and then, reach out with nothing to ask: a catch-up or an introduction builds the "
        "trust that makes asking easy.",
    )


def _irregular(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    if f.lapses < p.habit_irregular_lapses and f.lapse_weeks < p.habit_irregular_weeks:
        return None
    return BadHabit(
        "irregular",
        f"You had {f.lapses} quiet spell{'s' if f.lapses != 1 else ''} of "
        f"{p.lapse_min_weeks}+ weeks in the last year ({f.lapse_weeks} weeks in all).",
        "Small and regular beats big and rare: book a 15-minute networking slot in your "
        "calendar each week.",
    )


def _absent_from_groups(f: HabitFacts, p: CoachParams) -> BadHabit | None:
    g = f.groups
    if g.member_of == 0 or g.recent > 0:
        return None
    when = f"since {fmt_day(g.last_on)}" if g.last_on is not None else "since you joined"
    return BadHabit(
        "absent_from_groups",
        f"You belong to {g.member_of} group{'s' if g.member_of != 1 else ''} but haven't posted, "
        f"commented or attended {when}.",
        "Show up once this month: answer a question or go to the next event; groups are where "
        "new people find you.",
    )


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."
