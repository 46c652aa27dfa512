"""Logging interactions and reading them back: one person's timeline, or the whole log
narrowed by person, dates, channel, intent and words (``touch_history``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from kith.core.types import CHANNELS, INITIATORS, INTENTS, OUTCOMES
from kith.errors import NotFoundError, SelfReferenceError, UsageError
from kith.models import Interaction, Participant, Person
from kith.schemas.common import check_choice
from kith.schemas.interactions import InteractionCreate, InteractionRead
from kith.schemas.interactions import Participant as ParticipantRead
from kith.services.context import Ctx
from kith.services.people import resolve_person

Q = TypeVar("Q", bound=Select[Any])


def log_interaction(ctx: Ctx, data: InteractionCreate) -> Interaction:
    """Record one interaction with one or more people (any logged touch resets cadence)."""
    channel = check_choice(data.channel, CHANNELS, "--channel")
    intent = check_choice(data.intent, INTENTS, "--intent")
    initiator = check_choice(data.initiator, INITIATORS, "--initiator")
    outcome = check_choice(data.outcome, OUTCOMES, "--outcome") if data.outcome else None
    if outcome and intent != "ask":
        raise UsageError("--outcome records how an ask went: use it with --intent ask.")
    summary = clean_summary(data.summary)
    people = participants_named(ctx, data.with_people)
    when = ctx.now() if data.on is None or data.on == ctx.today() else noon(data.on)
    interaction = Interaction(
        owner_id=ctx.owner_id,
        occurred_at=when,
        channel=channel,
        intent=intent,
        initiator=initiator,
        outcome=outcome,
        summary=summary,
        notes=data.note,
        source="manual",
        created_at=ctx.now(),
    )
    for person in people:
        interaction.participants.append(Participant(owner_id=ctx.owner_id, person_id=person.id))
    ctx.session.add(interaction)
    ctx.session.flush()
    return interaction


def clean_summary(text: str) -> str:
    """Whitespace collapsed; a summary of nothing but spaces is refused."""
    summary = " ".join(text.split())[:500]
    if not summary:
        raise UsageError("A summary is needed: say in a few words what happened.")
    return summary


def noon(day: date) -> datetime:
    """A past day's interaction is dated at noon UTC (the time is rarely known)."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def participants_named(ctx: Ctx, names: list[str]) -> list[Person]:
    """The people ``names`` name, each once; never the user."""
    people: list[Person] = []
    for name in names:
        person = resolve_person(ctx, name)
        if person.is_me:
            raise SelfReferenceError(
                "You are always part of your own interactions: name the others."
            )
        if person.id not in {p.id for p in people}:
            people.append(person)
    return people


def read_interaction(interaction: Interaction, names: dict[int, str]) -> InteractionRead:
    return InteractionRead(
        id=interaction.id,
        occurred_at=interaction.occurred_at,
        on=interaction.occurred_at.date(),
        channel=interaction.channel,
        intent=interaction.intent,
        initiator=interaction.initiator,
        outcome=interaction.outcome,
        summary=interaction.summary,
        notes=interaction.notes,
        source=interaction.source,
        people=[
            ParticipantRead(person=names.get(p.person_id, "?"), person_id=p.person_id)
            for p in interaction.participants
        ],
    )


def timeline(
    ctx: Ctx, person_id: int | None = None, limit: int = 100, since: date | None = None
) -> list[InteractionRead]:
    """Newest first; all interactions, or those with one person; from ``since`` when given."""
    return _touches(ctx, TouchFilter(person_id=person_id, since=since), limit, 0)


def read_all(ctx: Ctx, rows: list[Interaction]) -> list[InteractionRead]:
    """``rows`` (participants loaded) as read models, everyone's name looked up at once."""
    ids = {p.person_id for it in rows for p in it.participants}
    names = dict(
        ctx.session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids))).all()
    )
    return [read_interaction(it, names) for it in rows]


def recent_people(ctx: Ctx, interactions: int = 200) -> list[tuple[int, str]]:
    """Who took part in the latest ``interactions``, most recent first, each person once."""
    latest = (
        select(Interaction.id, Interaction.occurred_at)
        .where(Interaction.owner_id == ctx.owner_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(interactions)
        .subquery()
    )
    rows = ctx.session.execute(
        select(Participant.person_id, Person.display_name)
        .join(latest, latest.c.id == Participant.interaction_id)
        .join(Person, Person.id == Participant.person_id)
        .order_by(latest.c.occurred_at.desc(), latest.c.id.desc(), Participant.id)
    )
    seen: dict[int, str] = {}
    for person_id, name in rows:
        seen.setdefault(person_id, name)
    return list(seen.items())


def owned_interaction(ctx: Ctx, interaction_id: int) -> Interaction:
    """This owner's interaction ``interaction_id``, with its participants."""
    found = ctx.session.scalar(
        select(Interaction)
        .where(Interaction.owner_id == ctx.owner_id, Interaction.id == interaction_id)
        .options(selectinload(Interaction.participants))
    )
    if found is None:
        raise NotFoundError(
            f"No interaction with id {interaction_id}. "
            "See your interactions and their ids with `kith interactions list`."
        )
    return found


def read_by_id(ctx: Ctx, interaction_id: int) -> InteractionRead:
    interaction = owned_interaction(ctx, interaction_id)
    ids = [p.person_id for p in interaction.participants]
    names = dict(
        ctx.session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids))).all()
    )
    return read_interaction(interaction, names)


# ---- the log, narrowed ---------------------------------------------------------------


TouchSource = Literal["manual", "linkedin", "mbox", "ical", "demo"]
TOUCH_SOURCES: dict[str, str] = {  # each TouchSource, and how to say it
    "manual": "Logged by you",
    "linkedin": "LinkedIn",
    "mbox": "Mailbox",
    "ical": "Calendar",
    "demo": "Demo",
}


@dataclass(frozen=True)
class TouchFilter:
    """Which touches to list; a field left None does not narrow."""

    person_id: int | None = None
    since: date | None = None  # on or after
    until: date | None = None  # on or before
    channel: str | None = None
    intent: str | None = None
    text: str | None = None  # in the summary or the private note, any case
    source: str | None = None  # where it came from: one of TOUCH_SOURCES


@dataclass(frozen=True)
class TouchPage:
    items: list[InteractionRead]
    total: int  # how many match, across every page


def touch_history(ctx: Ctx, where: TouchFilter, limit: int, offset: int = 0) -> TouchPage:
    """One page of the touches ``where`` selects, newest first, and how many match: the
    whole log across everyone (``/interactions``, ``GET /api/v1/interactions``)."""
    total = ctx.session.scalar(_narrowed(select(func.count(Interaction.id)), ctx, where)) or 0
    return TouchPage(_touches(ctx, where, limit, offset), total)


def _touches(ctx: Ctx, where: TouchFilter, limit: int, offset: int) -> list[InteractionRead]:
    rows = ctx.session.scalars(
        _narrowed(select(Interaction), ctx, where)
        .options(selectinload(Interaction.participants))
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return read_all(ctx, list(rows))


def _narrowed(query: Q, ctx: Ctx, where: TouchFilter) -> Q:
    query = query.where(Interaction.owner_id == ctx.owner_id)
    if where.person_id is not None:
        query = query.join(Participant, Participant.interaction_id == Interaction.id).where(
            Participant.owner_id == ctx.owner_id, Participant.person_id == where.person_id
        )
    if where.since is not None:
        query = query.where(Interaction.occurred_at >= _midnight(where.since))
    if where.until is not None:
        query = query.where(Interaction.occurred_at < _midnight(where.until + timedelta(days=1)))
    if where.channel is not None:
        query = query.where(Interaction.channel == where.channel)
    if where.intent is not None:
        query = query.where(Interaction.intent == where.intent)
    if where.source is not None:
        query = query.where(Interaction.source == where.source)
    if where.text:
        needle = where.text.strip().lower()
        query = query.where(
            or_(
                func.lower(Interaction.summary).contains(needle, autoescape=True),
                func.lower(Interaction.notes).contains(needle, autoescape=True),
            )
        )
    return query


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)
