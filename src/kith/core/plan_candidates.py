"""Candidate nudges for the weekly plan, one generator per kind (see ``kith.core.plan``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from kith.core.cadence import DueItem
from kith.core.coach_common import (
    active_job_search,
    by_user,
    contactable,
    fmt_day,
    help_received,
    is_meaningful,
    user_ask,
)
from kith.core.groups import ContributorSuggestion
from kith.core.orgs import org_matches
from kith.core.params.coach import CoachParams
from kith.core.reciprocity import Ledger, goal_helpers_window, is_ask_only, is_owing
from kith.core.types import InteractionFact, Network, PersonFact, TieStrength

KINDS: tuple[str, ...] = (
    "thanks",
    "follow_up",
    "give_before_ask",
    "congratulate",
    "overdue",
    "dormant",
    "weak_tie",
    "group_contributor",
    "new_person",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    kind: str  # one of KINDS
    priority: float
    action: str
    why: str


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything the generators read, computed once by ``weekly_plan``."""

    net: Network
    now: date
    params: CoachParams
    logs: Mapping[int, tuple[InteractionFact, ...]]
    ties: Mapping[int, TieStrength]
    circles: Mapping[int, str]
    ledgers: Mapping[int, Ledger]
    due: list[DueItem]
    contributors: list[ContributorSuggestion]
    relevance: Mapping[int, float]
    planned_asks: Collection[int]

    def ok(self, pid: int) -> bool:
        person = self.net.people.get(pid)
        return person is not None and contactable(person)


def from_due(x: Inputs) -> list[Candidate]:
    """Overdue people: inner and close circle as "overdue", everyone else as "weak_tie"."""
    out = []
    for d in x.due:
        inner = d.circle in ("C5", "C15")
        verb = "Catch up with" if inner else "Get back in touch with"
        out.append(
            Candidate(
                d.person_id,
                "overdue" if inner else "weak_tie",
                d.priority,
                f"{verb} {d.person} ({d.suggested_channel})",
                d.why[0].upper() + d.why[1:] + ".",
            )
        )
    return out


def dormant(x: Inputs) -> list[Candidate]:
    found = sorted(
        (t for pid, t in x.ties.items() if t.dormant and x.ok(pid)),
        key=lambda t: (-t.latent, x.net.people[t.person_id].name, t.person_id),
    )
    out = []
    for t in found[: x.params.plan_max_dormant]:
        p = x.net.people[t.person_id]
        out.append(
            Candidate(
                p.id,
                "dormant",
                1.0 + t.latent,
                f"Reconnect with {p.name}: suggest a short call to catch up, no ask",
                f"Dormant tie worth reviving (bond {t.latent:.2f}): people who drifted apart often "
                "bring new information and still trust you.",
            )
        )
    return out


def thanks(x: Inputs) -> list[Candidate]:
    """Help received and not yet answered with a thank-you or an update."""
    out = []
    oldest = x.now - timedelta(days=x.params.late_thanks_days)
    for pid, led in x.ledgers.items():
        open_loops = [loop for loop in led.loops if not loop.answered and loop.help.on >= oldest]
        if not open_loops or not x.ok(pid):
            continue
        loop = open_loops[-1]
        name = x.net.people[pid].name
        late = not loop.pending
        out.append(
            Candidate(
                pid,
                "thanks",
                2.5 if late else 4.0,
                f"Thank {name} for their help on {fmt_day(loop.help.on)} and tell them how it went",
                (
                    f"{name} helped you on {fmt_day(loop.help.on)}; "
                    + (
                        "a late thank-you still closes the loop."
                        if late
                        else "thanking within two weeks closes the loop."
                    )
                ),
            )
        )
    return out


def follow_ups(x: Inputs) -> list[Candidate]:
    """Reminders due this week, unanswered asks, and helpers waiting for news after landing."""
    out = []
    sunday = x.now + timedelta(days=6 - x.now.weekday())
    for r in sorted(x.net.reminders, key=lambda r: (r.due_on, r.id)):
        if not r.done and r.due_on <= sunday and x.ok(r.person_id):
            name = x.net.people[r.person_id].name
            out.append(
                Candidate(
                    r.person_id,
                    "follow_up",
                    3.5,
                    f"Follow up with {name}: {r.note}",
                    f"You set a reminder for {fmt_day(r.due_on)}.",
                )
            )
    out.extend(_unanswered_asks(x))
    out.extend(_landing_updates(x))
    return out


def _unanswered_asks(x: Inputs) -> list[Candidate]:
    out = []
    lo = x.now - timedelta(days=x.params.follow_up_max_days)
    hi = x.now - timedelta(days=x.params.follow_up_after_days)
    for pid, log in x.logs.items():
        asks = [it for it in log if user_ask(it) and it.outcome is None and lo <= it.on <= hi]
        if not asks or not x.ok(pid) or log[-1].id != asks[-1].id:
            continue  # nothing pending, or something happened since the ask
        name = x.net.people[pid].name
        out.append(
            Candidate(
                pid,
                "follow_up",
                2.0,
                f"Follow up on your ask to {name} from {fmt_day(asks[-1].on)}",
                "No reply yet: a short, friendly nudge is normal and welcome.",
            )
        )
    return out


def _landing_updates(x: Inputs) -> list[Candidate]:
    out = []
    for goal in x.net.goals:
        window = goal_helpers_window(goal)
        if window is None or window[1] > x.now or (x.now - window[1]).days > 365:
            continue
        start, landed = window
        for pid, log in x.logs.items():
            helped = any(start <= it.on <= landed and help_received(it) for it in log)
            heard = any(
                it.on >= landed and by_user(it) and is_meaningful(x.params, it) for it in log
            )
            if helped and not heard and x.ok(pid):
                name = x.net.people[pid].name
                where = f" at {goal.landed_org}" if goal.landed_org else ""
                out.append(
                    Candidate(
                        pid,
                        "follow_up",
                        3.0,
                        f"Tell {name} how your job search ended{where}",
                        f"{name} helped during your search; an update closes the "
                        "loop and keeps the tie warm.",
                    )
                )
    return out


def gives_first(x: Inputs) -> list[Candidate]:
    """A give before an ask: people you owe, ask only, plan to ask, or need for a search."""
    search = active_job_search(x.net, x.now)
    recent = x.now - timedelta(days=x.params.recent_give_days)
    out = []
    for pid, led in x.ledgers.items():
        if not x.ok(pid):
            continue
        gave = led.last_give is not None and led.last_give >= recent
        p = x.net.people[pid]
        reason = _give_reason(x, p, led, search is not None, gave, search.orgs if search else ())
        if reason is not None:
            text, priority = reason
            out.append(
                Candidate(
                    pid,
                    "give_before_ask",
                    priority,
                    f"Do something for {p.name} first: share something useful, "
                    "make an intro or congratulate them",
                    text,
                )
            )
    return out


def _give_reason(
    x: Inputs, p: PersonFact, led: Ledger, searching: bool, gave: bool, orgs: tuple[str, ...]
) -> tuple[str, float] | None:
    name = p.name
    days = x.params.give_before_ask_days
    if is_owing(led, x.params):
        return f"{name} has helped you {led.received} times; give back before you ask.", 3.0
    if gave:
        return None
    if p.id in x.planned_asks:
        return f"You plan to ask {name}: give at least {days} days before asking.", 3.0
    if is_ask_only(led, x.params):
        return f"Your last contacts with {name} were asks; give before asking again.", 2.8
    if searching and x.circles.get(p.id) not in ("C5", "C15"):
        at = next(
            (
                pos.org
                for pos in p.positions
                if pos.current and any(org_matches(o, pos.org_key) for o in orgs)
            ),
            None,
        )
        rel = x.relevance.get(p.id, 0.0)
        if at is not None or rel >= x.params.goal_min_relevance:
            where = f" (at {at})" if at else ""
            return (
                f"{name}{where} is relevant to your job search: give at least {days} days "
                "before you ask.",
                2.0 + rel,
            )
    return None


def congratulations(x: Inputs) -> list[Candidate]:
    since = x.now - timedelta(days=x.params.congratulate_days)
    out = []
    for pid, p in x.net.people.items():
        started = [
            pos
            for pos in p.positions
            if pos.started_on is not None and since <= pos.started_on <= x.now
        ]
        if not started or not x.ok(pid):
            continue
        pos = max(started, key=lambda q: (q.started_on or x.now, q.org))
        assert pos.started_on is not None
        log = x.logs.get(pid, ())
        if any(by_user(it) and it.on >= pos.started_on for it in log):
            continue  # already in touch since the new role started
        role = f"{pos.title} at {pos.org}" if pos.title else f"the new role at {pos.org}"
        out.append(
            Candidate(
                pid,
                "congratulate",
                2.5,
                f"Congratulate {p.name} on {role}",
                f"{p.name} started at {pos.org} on {fmt_day(pos.started_on)}: a "
                "reason to get in touch that gives before it asks.",
            )
        )
    return out


def contributors(x: Inputs) -> list[Candidate]:
    return [
        Candidate(
            c.person_id,
            "group_contributor",
            1.0 + min(1.0, c.activities / 10),
            f"Reply to or meet {c.person}, an active contributor in {c.group}",
            c.why,
        )
        for c in x.contributors
        if x.ok(c.person_id)
    ]


def new_person(x: Inputs) -> list[Candidate]:
    """One new person: an introduction through a strong or medium tie, else a contributor."""
    strangers = {pid for pid in x.net.people if not x.logs.get(pid) and x.ok(pid)}
    best: tuple[float, str, int, int] | None = None
    for link in x.net.links:
        for via, target in ((link.a, link.b), (link.b, link.a)):
            if target not in strangers:
                continue
            tie = x.ties.get(via)
            if tie is None or tie.band not in ("strong", "medium") or not x.ok(via):
                continue
            score = tie.score + x.relevance.get(target, 0.0)
            key = (-score, x.net.people[target].name, target, via)
            if best is None or key < best:
                best = key
    if best is not None:
        target, via = best[2], best[3]
        t, v = x.net.people[target], x.net.people[via]
        return [
            Candidate(
                target,
                "new_person",
                1.2,
                f"Ask {v.name} to introduce you to {t.name}",
                f"{t.name} knows {v.name}, a {x.ties[via].band} tie of yours: a warm "
                "introduction is the easiest way to meet someone new.",
            )
        ]
    for c in x.contributors:
        if x.ok(c.person_id):
            return [
                Candidate(
                    c.person_id,
                    "new_person",
                    1.2,
                    f"Introduce yourself to {c.person} ({c.group})",
                    c.why,
                )
            ]
    return []
