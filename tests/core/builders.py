"""Small builders for hand-made Networks (pure core tests)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from kith.core.params.coach import CoachParams
from kith.core.types import (
    GoalFact,
    GroupActivityFact,
    GroupFact,
    InteractionFact,
    LinkFact,
    Network,
    PersonFact,
    PositionFact,
    ReminderFact,
)

PARAMS = CoachParams()
NOW = date(2024, 6, 5)  # a Wednesday; its week starts Monday 2024-06-03
ME_ID = 1


def days_ago(n: int, now: date = NOW) -> date:
    return now - timedelta(days=n)


def position(
    org: str,
    start: date | None,
    end: date | None = None,
    title: str | None = None,
    industry: str | None = None,
) -> PositionFact:
    return PositionFact(
        org=org, org_key=org.lower(), title=title, industry=industry, started_on=start, ended_on=end
    )


@dataclass
class Builder:
    """Collects facts, then ``build()`` returns a Network with interactions in date order."""

    me: PersonFact = field(
        default_factory=lambda: PersonFact(
            id=ME_ID, name="Me", added_on=date(2015, 1, 1), is_me=True
        )
    )
    people: dict[int, PersonFact] = field(default_factory=dict)
    interactions: list[InteractionFact] = field(default_factory=list)
    links: list[LinkFact] = field(default_factory=list)
    groups: list[GroupFact] = field(default_factory=list)
    goals: list[GoalFact] = field(default_factory=list)
    reminders: list[ReminderFact] = field(default_factory=list)
    _next_id: int = 100

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    def set_me(self, **kw: Any) -> None:
        self.me = replace(self.me, **kw)

    def person(self, name: str, *, added_on: date = date(2020, 1, 1), **kw: Any) -> int:
        pid = self._id()
        self.people[pid] = PersonFact(id=pid, name=name, added_on=added_on, **kw)
        return pid

    def log(
        self,
        who: int | tuple[int, ...],
        on: date,
        *,
        channel: str = "message",
        intent: str = "catch_up",
        initiator: str = "me",
        outcome: str | None = None,
        thanks: bool = False,
    ) -> int:
        iid = self._id()
        participants = who if isinstance(who, tuple) else (who,)
        self.interactions.append(
            InteractionFact(
                id=iid,
                on=on,
                channel=channel,
                intent=intent,
                initiator=initiator,
                participants=participants,
                outcome=outcome,
                mentions_thanks=thanks,
            )
        )
        return iid

    def link(self, a: int, b: int, kind: str = "knows") -> None:
        self.links.append(LinkFact(a, b, kind))

    def group(
        self,
        name: str,
        *,
        interests: tuple[str, ...] = (),
        my_role: str | None = "member",
        joined_on: date | None = None,
        members: tuple[int, ...] = (),
        activities: tuple[GroupActivityFact, ...] = (),
    ) -> int:
        gid = self._id()
        self.groups.append(
            GroupFact(
                id=gid,
                name=name,
                interests=frozenset(interests),
                my_role=my_role,
                joined_on=joined_on,
                members=frozenset(members),
                activities=activities,
            )
        )
        return gid

    def goal(self, kind: str = "job_search", **kw: Any) -> int:
        gid = self._id()
        self.goals.append(GoalFact(id=gid, kind=kind, **kw))
        return gid

    def reminder(self, pid: int, due_on: date, note: str) -> int:
        rid = self._id()
        self.reminders.append(ReminderFact(rid, pid, due_on, note))
        return rid

    def build(self) -> Network:
        return Network(
            me=self.me,
            people=dict(self.people),
            interactions=tuple(sorted(self.interactions, key=lambda it: (it.on, it.id))),
            links=tuple(self.links),
            groups=tuple(self.groups),
            goals=tuple(self.goals),
            reminders=tuple(self.reminders),
        )


def activity(pid: int, on: date, kind: str = "post") -> GroupActivityFact:
    return GroupActivityFact(person_id=pid, kind=kind, on=on)


# ---- scenarios ----------------------------------------------------------------------------

SEARCH_START = date(2023, 10, 2)
LANDED = date(2024, 1, 15)


def drive_through_networker() -> tuple[Network, list[int]]:
    """Silent for over a year, a burst of asks when a job search starts, help never thanked,
    then silence after landing. Returns the network and the eight contacts' ids."""
    b = Builder()
    ids = [b.person(f"Colleague {i}", met_on=date(2019, 3, 1)) for i in range(8)]
    for i, pid in enumerate(ids):
        b.log(pid, date(2021, 3, 1) + timedelta(days=i), channel="in_person")
        b.log(pid, date(2022, 4, 1) + timedelta(days=i), initiator="them")
    b.goal(started_on=SEARCH_START, landed_on=LANDED, landed_org="Initech")
    for i, pid in enumerate(ids):  # the burst: everyone is asked, most of them twice
        outcome = "helped" if i < 4 else None
        b.log(pid, SEARCH_START + timedelta(days=2 + i), intent="ask", outcome=outcome)
        if i >= 4:
            b.log(pid, SEARCH_START + timedelta(days=30 + i), intent="ask")
    b.log(ids[4], SEARCH_START + timedelta(days=40), intent="connect", initiator="them")
    return b.build(), ids


def gardener() -> tuple[Network, dict[str, list[int]]]:
    """Regular gives, catch-ups and intros across strong and weak ties, new people monthly,
    thanks after help, present in a group."""
    b = Builder()
    b.set_me(tags=frozenset({"python"}))
    friends = [b.person(f"Friend {i}", met_on=date(2015, 1, 1), closeness=5) for i in range(5)]
    colleagues = [b.person(f"Colleague {i}", met_on=date(2018, 1, 1)) for i in range(10)]
    acquaintances = [b.person(f"Acquaintance {i}", met_on=date(2017, 1, 1)) for i in range(15)]
    start = NOW - timedelta(weeks=104)
    for w in range(105):
        day = start + timedelta(weeks=w)
        for i, pid in enumerate(friends):
            b.log(
                pid,
                day + timedelta(days=i % 3),
                channel="in_person" if w % 2 else "call",
                initiator="me" if (w + i) % 2 else "them",
            )
        if w % 4 == 0:
            for i, pid in enumerate(colleagues):
                who = "me" if (w // 4 + i) % 2 else "them"
                b.log(
                    pid,
                    day + timedelta(days=1),
                    channel="call",
                    initiator=who,
                    intent="give" if w % 12 == 0 and who == "me" else "catch_up",
                )
        if w % 8 == 0:
            for i, pid in enumerate(acquaintances):
                intent = ("give", "catch_up", "connect")[(w // 8 + i) % 3]
                b.log(pid, day + timedelta(days=2), intent=intent)
    for k, pid in enumerate(colleagues[:4]):  # help received, thanked a few days later
        helped_on = NOW - timedelta(days=40 + 60 * k)
        b.log(pid, helped_on, intent="give", initiator="them")
        b.log(pid, helped_on + timedelta(days=3), intent="thanks")
    for k, pid in enumerate(colleagues[4:6]):  # two small asks after recent catch-ups
        b.log(pid, NOW - timedelta(days=20 + 90 * k), intent="ask", outcome="helped", thanks=True)
    newbies = []
    for m in range(12):
        met = date(NOW.year, NOW.month, 1) - timedelta(days=30 * m)
        pid = b.person(f"Newbie {m}", met_on=met)
        b.log(pid, met, channel="in_person")
        b.log(pid, met + timedelta(days=7), intent="follow_up")
        newbies.append(pid)
    b.group(
        "Python Meetup",
        interests=("python",),
        joined_on=date(2019, 1, 1),
        members=tuple(colleagues[:3]),
        activities=tuple(activity(ME_ID, NOW - timedelta(days=14 * k)) for k in range(26)),
    )
    ids = {
        "friends": friends,
        "colleagues": colleagues,
        "acquaintances": acquaintances,
        "newbies": newbies,
    }
    return b.build(), ids
