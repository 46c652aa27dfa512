"""Small builders for the job-search tests: people, positions, ties and networks.

Tie strengths are constructed directly (these tests do not depend on ``kith.core.ties``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from kith.core.orgs import normalize_org
from kith.core.params.jobs import JobParams
from kith.core.types import (
    GoalFact,
    GroupFact,
    InteractionFact,
    LinkFact,
    Network,
    PersonFact,
    PositionFact,
    Reciprocity,
    TieStrength,
)

TODAY = date(2026, 11, 25)
PARAMS = JobParams()
ME_ID = 1


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def years_ago(years: float) -> date:
    return TODAY - timedelta(days=round(years * 365.25))


def pos(
    org: str,
    title: str | None = None,
    industry: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> PositionFact:
    return PositionFact(org, normalize_org(org), title, industry, start, end)


def person(
    pid: int, name: str, *positions: PositionFact, tags: Iterable[str] = (), **kw: object
) -> PersonFact:
    return PersonFact(
        id=pid,
        name=name,
        added_on=years_ago(5),
        positions=tuple(positions),
        tags=frozenset(tags),
        **kw,  # type: ignore[arg-type]
    )


def me(*positions: PositionFact) -> PersonFact:
    return PersonFact(
        id=ME_ID, name="Me", added_on=years_ago(10), is_me=True, positions=tuple(positions)
    )


def band_of(score: float) -> str:
    if score >= 0.65:
        return "strong"
    if score >= 0.40:
        return "medium"
    return "weak" if score >= 0.15 else "nominal"


def tie(
    pid: int,
    score: float,
    *,
    last_days: int | None = 30,
    dormant: bool = False,
    active: float | None = None,
    latent: float | None = None,
) -> TieStrength:
    last = None if last_days is None else ago(last_days)
    return TieStrength(
        person_id=pid,
        score=score,
        band=band_of(score),
        dormant=dormant,
        active=score if active is None else active,
        latent=score if latent is None else latent,
        components={"recency": score},
        last_meaningful=last,
        why="built by the test",
    )


def dormant_tie(pid: int, latent: float, *, years: float = 4.0) -> TieStrength:
    return tie(pid, 0.1, last_days=round(years * 365.25), dormant=True, active=0.0, latent=latent)


def link(a: int, b: int, kind: str = "knows") -> LinkFact:
    return LinkFact(a, b, kind)


def job_goal(
    orgs: Iterable[str] = (),
    roles: Iterable[str] = (),
    industries: Iterable[str] = (),
    gid: int = 1,
) -> GoalFact:
    return GoalFact(
        id=gid,
        kind="job_search",
        started_on=ago(30),
        orgs=tuple(orgs),
        roles=tuple(roles),
        industries=tuple(industries),
    )


def owes(pid: int) -> Reciprocity:
    return Reciprocity(pid, 0, 0, 2, 0.5, ("owes",), {"owes": "they helped twice"})


def network(
    people: Iterable[PersonFact],
    *,
    links: Iterable[LinkFact] = (),
    goals: Iterable[GoalFact] = (),
    interactions: Iterable[InteractionFact] = (),
    groups: Iterable[GroupFact] = (),
    my: PersonFact | None = None,
    my_field: Iterable[str] = (),
) -> Network:
    return Network(
        me=my or me(),
        people={p.id: p for p in people},
        interactions=tuple(sorted(interactions, key=lambda i: (i.on, i.id))),
        links=tuple(links),
        groups=tuple(groups),
        goals=tuple(goals),
        my_field=frozenset(my_field),
    )


def ties_of(*items: TieStrength) -> Mapping[int, TieStrength]:
    return {t.person_id: t for t in items}


def chat(
    iid: int,
    pid: int,
    days: int,
    channel: str = "call",
    intent: str = "catch_up",
    initiator: str = "me",
) -> InteractionFact:
    """One interaction with ``pid``, ``days`` before TODAY (negative: in the future)."""
    return InteractionFact(iid, ago(days), channel, intent, initiator, (pid,))


INDUSTRIES = (
    "software",
    "fintech",
    "banking",
    "biotech",
    "retail",
    "media",
    "education",
    "healthcare",
    "logistics",
    "energy",
    "consulting",
    "gaming",
)
TITLES = (
    "Software Engineer",
    "Senior Engineer",
    "Product Manager",
    "Designer",
    "Analyst",
    "Recruiter",
    "Director of Sales",
    "Marketing Manager",
    "VP Engineering",
)
TAGS = tuple(f"topic{i}" for i in range(40))


def synthetic_network(
    n_people: int, n_links: int, seed: int = 7
) -> tuple[Network, Mapping[int, TieStrength]]:
    """A clustered random network: people grouped by organization, 70% of links inside one."""
    rng = random.Random(seed)
    n_orgs = max(1, n_people // 20)
    org_of: dict[int, int] = {}
    people: list[PersonFact] = []
    for pid in range(2, n_people + 2):
        org = min(n_orgs - 1, int(rng.paretovariate(1.2)) - 1 + rng.randrange(n_orgs) // 3)
        org_of[pid] = org
        past = pos(
            f"Org {rng.randrange(n_orgs)} Inc",
            rng.choice(TITLES),
            INDUSTRIES[rng.randrange(len(INDUSTRIES))],
            years_ago(9),
            years_ago(4),
        )
        cur = pos(
            f"Org {org} Inc",
            rng.choice(TITLES),
            INDUSTRIES[org % len(INDUSTRIES)],
            years_ago(rng.uniform(0.5, 4)),
        )
        people.append(person(pid, f"Person {pid}", past, cur, tags=rng.sample(TAGS, 3)))
    members: dict[int, list[int]] = {}
    for pid, org in org_of.items():
        members.setdefault(org, []).append(pid)
    kinds = ("knows", "knows_well", "introduced", "colleague")
    links: set[tuple[int, int]] = set()
    ids = list(org_of)
    while len(links) < n_links:
        a = rng.choice(ids)
        pool = members[org_of[a]] if rng.random() < 0.7 else ids
        b = rng.choice(pool)
        if a != b:
            links.add((min(a, b), max(a, b)))
    facts = [LinkFact(a, b, kinds[(a + b) % 4]) for a, b in sorted(links)]
    ties = {
        p.id: tie(p.id, round(rng.betavariate(1.2, 4), 3), last_days=rng.randrange(1, 2000))
        for p in people
    }
    return network(people, links=facts), ties
