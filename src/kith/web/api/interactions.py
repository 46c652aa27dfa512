"""/api/v1/interactions: the log, newest first; logging, correcting and deleting a touch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from kith.core.types import Channel, Intent
from kith.schemas.interactions import InteractionRead
from kith.services import interaction_edits, interactions, people
from kith.services.interactions import TouchFilter, TouchSource, touch_history
from kith.web.api.models import MAX_ID, NO_NUL, ApiInteractionCreate, ApiInteractionUpdate, Day
from kith.web.deps import CtxDep
from kith.web.errors import body_references

router = APIRouter(prefix="/interactions", tags=["interactions"])

MAX_PAGE = 500
MAX_OFFSET = 10_000_000


class InteractionsPage(BaseModel):
    items: list[InteractionRead]
    total: int  # how many match the filters, across every page
    limit: int
    offset: int


@router.get("", summary="List interactions, newest first, optionally narrowed")
def list_interactions(
    ctx: CtxDep,
    person_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    q: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="In the summary or note")
    ] = None,
    channel: Channel | None = None,
    intent: Intent | None = None,
    since: Annotated[Day | None, Query(description="On or after (YYYY-MM-DD)")] = None,
    until: Annotated[Day | None, Query(description="On or before (YYYY-MM-DD)")] = None,
    source: Annotated[
        TouchSource | None,
        Query(description="Where they came from: manual (logged by you) or an import's source"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> InteractionsPage:
    who = people.resolve_person(ctx, str(person_id)).id if person_id is not None else None
    where = TouchFilter(
        person_id=who,
        since=since,
        until=until,
        channel=channel,
        intent=intent,
        text=q,
        source=source,
    )
    found = touch_history(ctx, where, limit, offset)
    return InteractionsPage(items=found.items, total=found.total, limit=limit, offset=offset)


@router.post("", status_code=201, summary="Log an interaction")
def create_interaction(ctx: CtxDep, body: ApiInteractionCreate) -> InteractionRead:
    with body_references("with_people"):
        created = interactions.log_interaction(ctx, body)
    return interactions.read_by_id(ctx, created.id)


InteractionId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/{interaction_id}", summary="Read one interaction")
def get_interaction(ctx: CtxDep, interaction_id: InteractionId) -> InteractionRead:
    return interactions.read_by_id(ctx, interaction_id)


@router.patch("/{interaction_id}", summary="Correct an interaction")
def patch_interaction(
    ctx: CtxDep, interaction_id: InteractionId, body: ApiInteractionUpdate
) -> InteractionRead:
    interactions.owned_interaction(ctx, interaction_id)  # 404 for the address itself
    with body_references("with_people"):
        interaction_edits.update_interaction(ctx, interaction_id, body)
    return interactions.read_by_id(ctx, interaction_id)


@router.delete("/{interaction_id}", status_code=204, summary="Delete an interaction")
def delete_interaction(ctx: CtxDep, interaction_id: InteractionId) -> Response:
    """An imported interaction is remembered as deleted: importing again leaves it out."""
    interaction_edits.delete_interaction(ctx, interaction_id)
    return Response(status_code=204)
