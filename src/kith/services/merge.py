"""Merging duplicate people, recorded so that every merge can be undone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update

from kith.errors import ConflictError, NotFoundError, UsageError
from kith.models import (
    ContactPoint,
    GroupActivity,
    Link,
    Membership,
    MergeRecord,
    Participant,
    Person,
    PersonTag,
    Position,
    Reminder,
)
from kith.services.context import Ctx

_MOVABLE: dict[str, Any] = {
    "contact_points": ContactPoint,
    "tags": PersonTag,
    "positions": Position,
    "participants": Participant,
    "memberships": Membership,
    "group_activities": GroupActivity,
    "reminders": Reminder,
}


def merge_people(ctx: Ctx, keep: Person, other: Person, note: str | None = None) -> MergeRecord:
    """Move everything of ``other`` onto ``keep``; ``other`` is archived, not deleted."""
    if keep.id == other.id:
        raise UsageError("Those are the same person: name two different people to merge.")
    if other.is_me:
        raise UsageError("Merge the duplicate into `me`, not the other way round.")
    if other.merged_into_id is not None:
        raise ConflictError(f"{other.display_name} was already merged.")
    moved: dict[str, list[int]] = {}
    for name, model in _MOVABLE.items():
        ids = list(
            ctx.session.scalars(
                select(model.id).where(model.owner_id == ctx.owner_id, model.person_id == other.id)
            )
        )
        moved[name] = ids
        if ids:
            ctx.session.execute(
                update(model)
                .where(model.id.in_(ids))
                .values(person_id=keep.id)
                .execution_options(synchronize_session=False)
            )
    moved["links"] = _move_links(ctx, keep.id, other.id)
    other.merged_into_id = keep.id
    other.archived = True
    other.updated_at = ctx.now()
    record = MergeRecord(
        owner_id=ctx.owner_id,
        kept_id=keep.id,
        merged_id=other.id,
        moved=moved,
        note=note,
        merged_at=ctx.now(),
    )
    ctx.session.add(record)
    ctx.session.flush()
    ctx.session.expire_all()
    return record


def _move_links(ctx: Ctx, keep_id: int, other_id: int) -> list[int]:
    """Re-point the duplicate's links; a link that would duplicate one of keep's is dropped
    from the move (it stays on the archived duplicate, so undo restores it)."""
    moved = []
    links = ctx.session.scalars(
        select(Link).where(or_(Link.person_a_id == other_id, Link.person_b_id == other_id))
    )
    for link in links:
        third = link.person_b_id if link.person_a_id == other_id else link.person_a_id
        if third == keep_id:
            continue
        low, high = sorted((keep_id, third))
        clash = ctx.session.scalar(
            select(Link.id).where(
                Link.owner_id == ctx.owner_id, Link.person_a_id == low, Link.person_b_id == high
            )
        )
        if clash is None:
            link.person_a_id, link.person_b_id = low, high
            moved.append(link.id)
            ctx.session.flush()
    return moved


def undo_merge(ctx: Ctx, merge_id: int) -> MergeRecord:
    record = ctx.session.scalar(
        select(MergeRecord).where(MergeRecord.owner_id == ctx.owner_id, MergeRecord.id == merge_id)
    )
    if record is None:
        raise NotFoundError(
            f"No merge with id {merge_id}.", hint="See past merges with `kith merges list --done`."
        )
    if record.undone_at is not None:
        raise ConflictError(f"Merge {merge_id} was already undone.")
    for name, model in _MOVABLE.items():
        ids = record.moved.get(name, [])
        if ids:
            ctx.session.execute(
                update(model)
                .where(model.id.in_(ids))
                .values(person_id=record.merged_id)
                .execution_options(synchronize_session=False)
            )
    for link_id in record.moved.get("links", []):
        link = ctx.session.get(Link, link_id)
        if link is not None:
            third = link.person_b_id if link.person_a_id == record.kept_id else link.person_a_id
            link.person_a_id, link.person_b_id = sorted((record.merged_id, third))
    other = ctx.session.get(Person, record.merged_id)
    assert other is not None
    other.merged_into_id = None
    other.archived = False
    other.updated_at = ctx.now()
    record.undone_at = ctx.now()
    ctx.session.flush()
    ctx.session.expire_all()
    return record
