"""Every touch logged or imported, newest first, narrowed by what you ask for.

The person page shows one person's timeline; this is the whole log across everyone
(``/interactions``, ``GET /api/v1/interactions``): which week was busy, what an import
brought in, where a touch to correct is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from kith.models import Interaction, Participant
from kith.schemas.interactions import InteractionRead
from kith.services.context import Ctx
from kith.services.interactions import read_all

Q = TypeVar("Q", bound=Select[Any])


@dataclass(frozen=True)
class TouchFilter:
    """Which touches to list; a field left None does not narrow."""

    person_id: int | None = None
    since: date | None = None  # on or after
    until: date | None = None  # on or before
    channel: str | None = None
    intent: str | None = None
    text: str | None = None  # in the summary or the private note, any case


@dataclass(frozen=True)
class TouchPage:
    items: list[InteractionRead]
    total: int  # how many match, across every page


def touch_history(ctx: Ctx, where: TouchFilter, limit: int, offset: int = 0) -> TouchPage:
    """One page of the touches ``where`` selects, newest first, and how many match."""
    query = _narrowed(select(Interaction), ctx, where)
    rows = ctx.session.scalars(
        query.options(selectinload(Interaction.participants))
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
        .offset(offset)
    )
    total = ctx.session.scalar(_narrowed(select(func.count(Interaction.id)), ctx, where)) or 0
    return TouchPage(read_all(ctx, list(rows)), total)


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
