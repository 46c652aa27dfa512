"""/api/v1/groups: your communities, who is in them and who contributes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from kith.schemas.groups import GroupDetail, GroupRead
from kith.services import groups
from kith.web.api.models import MAX_ID, ApiGroupCreate
from kith.web.deps import CtxDep

router = APIRouter(prefix="/groups", tags=["groups"])


@router.get("", summary="List groups")
def list_groups(ctx: CtxDep) -> list[GroupRead]:
    return groups.list_groups(ctx)


@router.post("", status_code=201, summary="Add a group")
def create_group(ctx: CtxDep, body: ApiGroupCreate) -> GroupRead:
    group = groups.add_group(
        ctx,
        body.name,
        platform=body.platform,
        url=body.url,
        interests=body.interests,
        role=body.role,
        joined_on=body.joined_on,
    )
    return groups.show_group(ctx, group).group


@router.get("/{group_id}", summary="A group with its members and recent activity")
def get_group(ctx: CtxDep, group_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> GroupDetail:
    return groups.show_group(ctx, groups.resolve_group(ctx, str(group_id)))
