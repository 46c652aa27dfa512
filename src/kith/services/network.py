"""Career history, organizations and who-knows-whom links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, or_, select

from kith.core.orgs import normalize_org, org_matches
from kith.core.types import USER_LINK_KINDS
from kith.errors import ConflictError, NotFoundError, UsageError
from kith.models import Link, Organization, Person, Position
from kith.schemas.common import check_choice
from kith.schemas.people import LinkRead, PositionRead
from kith.services.context import Ctx


def get_or_create_org(ctx: Ctx, name: str, industry: str | None = None) -> Organization:
    clean = " ".join(name.split())
    if not clean:
        raise UsageError("An organization needs a name (--org).")
    key = normalize_org(clean)
    org = ctx.session.scalar(
        select(Organization).where(
            Organization.owner_id == ctx.owner_id, Organization.normalized == key
        )
    )
    if org is None:
        org = Organization(owner_id=ctx.owner_id, name=clean, normalized=key, industry=industry)
        ctx.session.add(org)
        ctx.session.flush()
    elif industry and not org.industry:
        org.industry = industry
    return org


def add_position(
    ctx: Ctx,
    person: Person,
    *,
    org: str,
    title: str | None = None,
    industry: str | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
    source: str = "manual",
) -> Position:
    """Record a stint; a new current position closes the person's other open ones."""
    if started_on and ended_on and ended_on < started_on:
        raise UsageError(
            f"--to {ended_on} is before --from {started_on}: the end must come after the start."
        )
    organization = get_or_create_org(ctx, org, industry)
    if ended_on is None:
        _close_open_positions(ctx, person.id, organization.id, started_on or ctx.today())
    position = Position(
        owner_id=ctx.owner_id,
        person_id=person.id,
        organization_id=organization.id,
        title=title,
        started_on=started_on,
        ended_on=ended_on,
        source=source,
    )
    ctx.session.add(position)
    ctx.session.flush()
    return position


def _close_open_positions(ctx: Ctx, person_id: int, except_org: int, on: date) -> None:
    for pos in ctx.session.scalars(
        select(Position).where(
            Position.person_id == person_id,
            Position.ended_on.is_(None),
            Position.organization_id != except_org,
        )
    ):
        end_if_left(pos, except_org, on)


def end_if_left(pos: Position, new_org: int, on: date) -> None:
    """A new current position at ``new_org`` from ``on`` ends ``pos`` when it is open, at
    another organization, and started by then."""
    if pos.ended_on is None and pos.organization_id != new_org and (pos.started_on or on) <= on:
        pos.ended_on = on


def end_position(ctx: Ctx, person: Person, *, org: str, on: date | None = None) -> Position:
    key = normalize_org(org)
    open_positions = [
        p
        for p in ctx.session.scalars(
            select(Position).where(Position.person_id == person.id, Position.ended_on.is_(None))
        )
        if p.organization.normalized == key or org_matches(org, p.organization.normalized)
    ]
    if not open_positions:
        raise NotFoundError(
            f"{person.display_name} has no current position at '{org}'.",
            hint=f"See their career with `kith people show {person.id}`.",
        )
    position = open_positions[0]
    end = on or ctx.today()
    if position.started_on and end < position.started_on:
        raise UsageError(f"--on {end} is before the position started ({position.started_on}).")
    position.ended_on = end
    ctx.session.flush()
    return position


def read_positions(ctx: Ctx, person_id: int) -> list[PositionRead]:
    rows = ctx.session.scalars(select(Position).where(Position.person_id == person_id)).all()
    ordered = sorted(
        rows, key=lambda p: (p.ended_on is None, p.started_on or date.min), reverse=True
    )
    return [
        PositionRead(
            id=p.id,
            org=p.organization.name,
            title=p.title,
            industry=p.organization.industry,
            started_on=p.started_on,
            ended_on=p.ended_on,
            current=p.ended_on is None,
        )
        for p in ordered
    ]


def current_positions(ctx: Ctx, person_ids: Sequence[int]) -> dict[int, Position]:
    """The most recent open position of each person."""
    if not person_ids:
        return {}
    found: dict[int, Position] = {}
    rows = ctx.session.scalars(
        select(Position).where(Position.person_id.in_(person_ids), Position.ended_on.is_(None))
    )
    for pos in rows:
        if more_recent(pos, found.get(pos.person_id)):
            found[pos.person_id] = pos
    return found


def more_recent(pos: Position, held: Position | None) -> bool:
    """Whether ``pos`` started after ``held`` (the current position so far; the first one
    found wins a tie, and an unknown start counts as earliest)."""
    return held is None or (pos.started_on or date.min) > (held.started_on or date.min)


def people_at_org_query(ctx: Ctx, org: str) -> Select[int]:
    key = normalize_org(org)
    like = select(Organization.id).where(
        Organization.owner_id == ctx.owner_id,
        or_(Organization.normalized == key, Organization.normalized.startswith(key + " ")),
    )
    return select(Position.person_id).where(
        Position.organization_id.in_(like), Position.ended_on.is_(None)
    )


def add_link(
    ctx: Ctx,
    a_id: int,
    b_id: int,
    *,
    kind: str = "knows",
    since: date | None = None,
    source: str = "manual",
) -> Link:
    """Record that two people know each other (one link per pair; a new kind replaces it)."""
    if a_id == b_id:
        raise UsageError("A person cannot be linked to themselves: name two different people.")
    if source == "manual":
        kind = check_choice(kind, USER_LINK_KINDS, "--kind")
    low, high = sorted((a_id, b_id))
    link = ctx.session.scalar(
        select(Link).where(
            Link.owner_id == ctx.owner_id, Link.person_a_id == low, Link.person_b_id == high
        )
    )
    if link is None:
        link = Link(
            owner_id=ctx.owner_id,
            person_a_id=low,
            person_b_id=high,
            kind=kind,
            since_on=since,
            source=source,
        )
        ctx.session.add(link)
    elif source == "manual" or link.source != "manual":
        link.kind, link.source = kind, source
        link.since_on = since or link.since_on
    else:
        raise ConflictError("These two people already have a link you entered; it is kept.")
    ctx.session.flush()
    return link


def read_links(ctx: Ctx, person_id: int) -> list[LinkRead]:
    # one indexed query per side: a join on "a = me or b = me" makes the planner scan links
    rows = [
        row
        for mine, theirs in (
            (Link.person_a_id, Link.person_b_id),
            (Link.person_b_id, Link.person_a_id),
        )
        for row in ctx.session.execute(
            select(Link.id, Person.display_name, Person.id, Link.kind, Link.since_on, Link.source)
            .join(Person, Person.id == theirs)
            .where(Link.owner_id == ctx.owner_id, mine == person_id)
        )
    ]
    rows.sort(key=lambda row: (row[1], row[0]))
    return [
        LinkRead(id=lid, person=name, person_id=pid, kind=kind, since=since, source=source)
        for lid, name, pid, kind, since, source in rows
    ]
