"""Write a generated demo network into the database (bulk inserts: fast at 30,000 people)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select

from kith.core.orgs import normalize_org
from kith.db.engine import bump_data_revision, refresh_planner_stats, reserve_ids
from kith.demo import ME_NAME, DemoData, generate
from kith.errors import ConflictError
from kith.models import (
    ContactPoint,
    Goal,
    Group,
    GroupActivity,
    Interaction,
    Link,
    Membership,
    Organization,
    Participant,
    Person,
    PersonTag,
    Position,
)
from kith.services.contacts import name_key
from kith.services.context import Ctx
from kith.services.interactions import noon
from kith.services.owners import me_person

BATCH = 5000


@dataclass(frozen=True)
class DemoReport:
    people: int
    interactions: int
    links: int
    groups: int


def load_demo(
    ctx: Ctx, people: int = 200, seed: int = 7, data: DemoData | None = None
) -> DemoReport:
    """Fill an empty database with the demo network as of the context's today."""
    existing = ctx.session.scalar(
        select(func.count())
        .select_from(Person)
        .where(Person.owner_id == ctx.owner_id, Person.is_me.is_(False))
    )
    if existing:
        raise ConflictError(
            "This database already has people in it; the demo only fills an empty one.",
            hint="Run `kith demo` without --db to use the separate demo database.",
        )
    if data is None:
        data = generate(people=people, seed=seed, today=ctx.today())
    orgs = _orgs(ctx, data.orgs)
    ids = _people(ctx, data, orgs)
    _me(ctx, data, orgs)
    _links(ctx, data, ids)
    _groups(ctx, data, ids)
    count = _interactions(ctx, data, ids)
    _goal(ctx, data)
    bump_data_revision(ctx.session, {ctx.owner_id})
    ctx.session.flush()
    refresh_planner_stats(ctx.session)
    return DemoReport(len(ids), count, len(data.links), len(data.groups))


def _bulk(ctx: Ctx, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for i in range(0, len(rows), BATCH):
        ctx.session.execute(insert(model), list(rows[i : i + BATCH]))


def _orgs(ctx: Ctx, table: list[tuple[str, str, tuple[str, ...]]]) -> list[int]:
    ids = []
    for name, industry, _titles in table:
        org = Organization(
            owner_id=ctx.owner_id, name=name, normalized=normalize_org(name), industry=industry
        )
        ctx.session.add(org)
        ctx.session.flush()
        ids.append(org.id)
    return ids


def _people(ctx: Ctx, data: DemoData, orgs: list[int]) -> list[int]:
    now, owner = ctx.now(), ctx.owner_id
    ids = reserve_ids(ctx.session, Person.__table__, len(data.people))
    rows, points, tags, positions = [], [], [], []
    for pid, p in zip(ids, data.people, strict=True):
        rows.append(
            dict(
                id=pid,
                owner_id=owner,
                display_name=p.name,
                name_key=name_key(p.name),
                is_me=False,
                location=p.location,
                how_met=p.how_met,
                met_on=p.met_on,
                closeness=p.closeness,
                is_kin=p.kin,
                do_not_contact=False,
                ended=False,
                archived=False,
                created_at=now,
                updated_at=now,
            )
        )
        points += [
            dict(owner_id=owner, person_id=pid, kind="email", value=e, normalized=e)
            for e in p.emails
        ]
        tags += [dict(owner_id=owner, person_id=pid, tag=t) for t in p.tags]
        positions += [
            dict(
                owner_id=owner,
                person_id=pid,
                organization_id=orgs[o],
                title=title,
                started_on=s,
                ended_on=e,
                source="demo",
            )
            for o, title, s, e in p.positions
        ]
    _bulk(ctx, Person, rows)
    _bulk(ctx, ContactPoint, points)
    _bulk(ctx, PersonTag, tags)
    _bulk(ctx, Position, positions)
    return ids


def _me(ctx: Ctx, data: DemoData, orgs: list[int]) -> None:
    me = me_person(ctx)
    me.display_name, me.name_key = ME_NAME, name_key(ME_NAME)
    rows = [
        dict(
            owner_id=ctx.owner_id,
            person_id=me.id,
            organization_id=orgs[o],
            title=t,
            started_on=s,
            ended_on=e,
            source="demo",
        )
        for o, t, s, e in data.me_positions
    ]
    _bulk(ctx, Position, rows)
    _bulk(
        ctx, PersonTag, [dict(owner_id=ctx.owner_id, person_id=me.id, tag=t) for t in data.me_tags]
    )


def _links(ctx: Ctx, data: DemoData, ids: list[int]) -> None:
    rows = [
        dict(
            owner_id=ctx.owner_id, person_a_id=ids[a], person_b_id=ids[b], kind=kind, source="demo"
        )
        for a, b, kind in data.links
    ]
    _bulk(ctx, Link, rows)


def _groups(ctx: Ctx, data: DemoData, ids: list[int]) -> None:
    me = me_person(ctx)
    group_ids = []
    for i, (name, platform, interests) in enumerate(data.groups):
        group = Group(
            owner_id=ctx.owner_id,
            name=name,
            platform=platform,
            interests=list(interests),
            role="member" if i < 3 else None,
            joined_on=ctx.today().replace(year=ctx.today().year - 2) if i < 3 else None,
        )
        ctx.session.add(group)
        ctx.session.flush()
        group_ids.append(group.id)
    _bulk(
        ctx,
        Membership,
        [
            dict(owner_id=ctx.owner_id, group_id=group_ids[g], person_id=ids[k], joined_on=None)
            for g, k in data.memberships
        ],
    )
    _bulk(
        ctx,
        GroupActivity,
        [
            dict(
                owner_id=ctx.owner_id,
                group_id=group_ids[g],
                person_id=me.id if k < 0 else ids[k],
                kind=kind,
                occurred_on=on,
                topic=topic,
            )
            for g, k, kind, on, topic in data.activities
        ],
    )


def _interactions(ctx: Ctx, data: DemoData, ids: list[int]) -> int:
    now, owner = ctx.now(), ctx.owner_id
    rows, parts = [], []
    new_ids = reserve_ids(ctx.session, Interaction.__table__, len(data.interactions))
    for iid, it in zip(new_ids, data.interactions, strict=True):
        rows.append(
            dict(
                id=iid,
                owner_id=owner,
                occurred_at=noon(it.on),
                channel=it.channel,
                intent=it.intent,
                initiator=it.initiator,
                outcome=it.outcome,
                summary=it.summary,
                notes=None,
                source="demo",
                external_id=None,
                created_at=now,
            )
        )
        parts += [dict(owner_id=owner, interaction_id=iid, person_id=ids[k]) for k in it.people]
    _bulk(ctx, Interaction, rows)
    _bulk(ctx, Participant, parts)
    return len(rows)


def _goal(ctx: Ctx, data: DemoData) -> None:
    start, landed, org, orgs, roles = data.job_search
    ctx.session.add(
        Goal(
            owner_id=ctx.owner_id,
            kind="job_search",
            orgs=list(orgs),
            roles=list(roles),
            industries=["fintech", "software"],
            started_on=start,
            landed_on=landed,
            landed_org=org,
            created_at=ctx.now(),
        )
    )
    ctx.session.add(
        Goal(
            owner_id=ctx.owner_id,
            kind="touches_per_week",
            orgs=[],
            roles=[],
            industries=[],
            started_on=start,
            target=5,
            created_at=ctx.now(),
        )
    )
