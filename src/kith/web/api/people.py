"""/api/v1/people: list (paginated), read, create, change, and per-person insights."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from kith.errors import NotFoundError
from kith.schemas.interactions import InteractionRead
from kith.schemas.people import PersonRead
from kith.services import insights, interactions, people
from kith.web.api.models import MAX_ID, ApiPersonCreate, ApiPersonUpdate, PeoplePage
from kith.web.deps import CtxDep
from kith.web.errors import body_references

router = APIRouter(prefix="/people", tags=["people"])

PersonId = Annotated[int, Path(ge=1, le=MAX_ID, description="The person's id.")]
Search = Annotated[str | None, Query(max_length=200, description="Name or email fragment.")]
Filter = Annotated[str | None, Query(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]


def clean(value: str | None) -> str | None:
    """Query text without NUL bytes (PostgreSQL refuses them); empty means "not given"."""
    text = (value or "").replace("\x00", "").strip()
    return text or None


@router.get("", summary="List people")
def list_people(
    ctx: CtxDep,
    q: Search = None,
    tag: Filter = None,
    org: Filter = None,
    include_archived: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PeoplePage:
    page = people.list_people(
        ctx,
        search=clean(q),
        tag=clean(tag),
        org=clean(org),
        include_archived=include_archived,
        limit=limit,
        offset=offset,
    )
    return PeoplePage(items=page.items, total=page.total, limit=page.limit, offset=page.offset)


@router.post("", status_code=201, summary="Add a person")
def create_person(ctx: CtxDep, body: ApiPersonCreate) -> PersonRead:
    with body_references("introduced_by"):
        person = people.add_person(ctx, body)
    return people.read_person(ctx, person)


@router.get("/{person_id}", summary="Read a person")
def get_person(ctx: CtxDep, person_id: PersonId) -> PersonRead:
    return people.read_person(ctx, people.resolve_person(ctx, str(person_id)))


@router.patch("/{person_id}", summary="Change a person")
def patch_person(ctx: CtxDep, person_id: PersonId, body: ApiPersonUpdate) -> PersonRead:
    person = people.resolve_person(ctx, str(person_id))
    with body_references("introduced_by"):
        people.edit_person(ctx, person, body)
    return people.read_person(ctx, person)


@router.get("/{person_id}/interactions", summary="A person's timeline, newest first")
def person_timeline(ctx: CtxDep, person_id: PersonId, limit: Limit = 100) -> list[InteractionRead]:
    person = people.resolve_person(ctx, str(person_id))
    return interactions.timeline(ctx, person.id, limit=limit)


@router.get("/{person_id}/ties", summary="Tie strength with its components and why")
def person_ties(ctx: CtxDep, person_id: PersonId) -> dict[str, Any]:
    person = people.resolve_person(ctx, str(person_id))
    if person.is_me or person.archived:
        raise NotFoundError(
            f"No tie strength for {person.display_name}: only active contacts are scored.",
            hint="Restore an archived person to score them again.",
        )
    return insights.ties(ctx, person.id)


@router.get("/{person_id}/gaps", summary="What you do not know yet, and what to ask")
def person_gaps(ctx: CtxDep, person_id: PersonId) -> dict[str, Any]:
    person = people.resolve_person(ctx, str(person_id))
    return insights.person_extras(ctx, person.id)
