"""Communities: the groups you are in, who belongs, and who contributes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select

from kith.core.numbers import whole_number
from kith.core.types import GROUP_ACTIVITY_KINDS, GROUP_ROLES
from kith.errors import ConflictError, NotFoundError, UsageError
from kith.models import Group, GroupActivity, Membership, Person
from kith.schemas.common import check_choice
from kith.schemas.groups import ActivityRead, GroupDetail, GroupRead, MemberRead
from kith.services.context import Ctx


def add_group(
    ctx: Ctx,
    name: str,
    *,
    platform: str | None = None,
    url: str | None = None,
    interests: Sequence[str] = (),
    role: str | None = "member",
    joined_on: date | None = None,
) -> Group:
    clean = " ".join(name.split())
    if not clean:
        raise UsageError("A group needs a name.")
    if _find(ctx, clean) is not None:
        raise ConflictError(
            f"A group named '{clean}' already exists.",
            hint=f'See it with `kith groups show "{clean}"`.',
        )
    group = Group(
        owner_id=ctx.owner_id,
        name=clean,
        platform=platform,
        url=url,
        interests=sorted({i.strip().lower() for i in interests if i.strip()}),
        role=check_choice(role, GROUP_ROLES, "--role") if role else None,
        joined_on=joined_on or (ctx.today() if role else None),
    )
    ctx.session.add(group)
    ctx.session.flush()
    return group


def _find(ctx: Ctx, name: str) -> Group | None:
    """Case-insensitive in every script (SQL lower() only folds ASCII on SQLite)."""
    wanted = name.casefold()
    groups = ctx.session.scalars(select(Group).where(Group.owner_id == ctx.owner_id))
    return next((g for g in groups if g.name.casefold() == wanted), None)


def resolve_group(ctx: Ctx, query: str) -> Group:
    text = query.strip()
    number = whole_number(text)
    if number is not None:
        group = ctx.session.scalar(
            select(Group).where(Group.owner_id == ctx.owner_id, Group.id == number)
        )
    else:
        group = _find(ctx, text)
        if group is None:
            like = list(
                ctx.session.scalars(
                    select(Group).where(
                        Group.owner_id == ctx.owner_id,
                        func.lower(Group.name).contains(text.lower(), autoescape=True),
                    )
                )
            )
            group = like[0] if len(like) == 1 else None
    if group is None:
        raise NotFoundError(
            f"No group matches '{query}'.", hint="List groups with `kith groups list`."
        )
    return group


def join(ctx: Ctx, group: Group, person: Person, on: date | None = None) -> None:
    """Add a contact to a group, or (for ``me``) mark that you joined it."""
    when = on or ctx.today()
    if person.is_me:
        group.role = group.role or "member"
        group.joined_on = when
        group.left_on = None
    elif (
        ctx.session.scalar(
            select(Membership).where(
                Membership.group_id == group.id, Membership.person_id == person.id
            )
        )
        is None
    ):
        ctx.session.add(
            Membership(
                owner_id=ctx.owner_id, group_id=group.id, person_id=person.id, joined_on=when
            )
        )
    ctx.session.flush()


def leave(ctx: Ctx, group: Group, person: Person, on: date | None = None) -> None:
    if person.is_me:
        group.role = None
        group.left_on = on or ctx.today()
    else:
        membership = ctx.session.scalar(
            select(Membership).where(
                Membership.group_id == group.id, Membership.person_id == person.id
            )
        )
        if membership is None:
            raise NotFoundError(f"{person.display_name} is not a member of {group.name}.")
        ctx.session.delete(membership)
    ctx.session.flush()


def record_activity(
    ctx: Ctx,
    group: Group,
    person: Person,
    kind: str,
    on: date | None = None,
    topic: str | None = None,
) -> GroupActivity:
    activity = GroupActivity(
        owner_id=ctx.owner_id,
        group_id=group.id,
        person_id=person.id,
        kind=check_choice(kind, GROUP_ACTIVITY_KINDS, "--kind"),
        occurred_on=on or ctx.today(),
        topic=topic,
    )
    ctx.session.add(activity)
    if not person.is_me:
        join(ctx, group, person, on)
    ctx.session.flush()
    return activity


def list_groups(ctx: Ctx) -> list[GroupRead]:
    groups = list(
        ctx.session.scalars(
            select(Group).where(Group.owner_id == ctx.owner_id).order_by(Group.name)
        )
    )
    counts = dict(
        ctx.session.execute(
            select(Membership.group_id, func.count())
            .where(Membership.owner_id == ctx.owner_id)
            .group_by(Membership.group_id)
        ).all()
    )
    last = dict(
        ctx.session.execute(
            select(GroupActivity.group_id, func.max(GroupActivity.occurred_on))
            .where(GroupActivity.owner_id == ctx.owner_id)
            .group_by(GroupActivity.group_id)
        ).all()
    )
    return [_read(g, counts.get(g.id, 0), last.get(g.id)) for g in groups]


def _read(g: Group, members: int, last: date | None) -> GroupRead:
    return GroupRead(
        id=g.id,
        name=g.name,
        platform=g.platform,
        url=g.url,
        interests=list(g.interests or []),
        role=g.role,
        joined_on=g.joined_on,
        members=members,
        last_activity=last,
    )


def show_group(ctx: Ctx, group: Group) -> GroupDetail:
    rows = ctx.session.execute(
        select(Membership, Person)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.group_id == group.id)
        .order_by(Person.display_name)
    ).all()
    acts = ctx.session.execute(
        select(GroupActivity, Person)
        .join(Person, Person.id == GroupActivity.person_id)
        .where(GroupActivity.group_id == group.id)
        .order_by(GroupActivity.occurred_on.desc(), GroupActivity.id.desc())
    ).all()
    per_person: dict[int, int] = {}
    for act, _ in acts:
        per_person[act.person_id] = per_person.get(act.person_id, 0) + 1
    members = [
        MemberRead(
            person=p.display_name,
            person_id=p.id,
            joined_on=m.joined_on,
            contributions=per_person.get(p.id, 0),
        )
        for m, p in rows
    ]
    activity = [
        ActivityRead(
            id=a.id,
            person=p.display_name,
            person_id=p.id,
            kind=a.kind,
            on=a.occurred_on,
            topic=a.topic,
        )
        for a, p in acts[:100]
    ]
    last = acts[0][0].occurred_on if acts else None
    return GroupDetail(group=_read(group, len(members), last), members=members, activity=activity)
