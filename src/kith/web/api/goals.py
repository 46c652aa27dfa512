"""/api/v1/goals: the job search and habit targets."""

from __future__ import annotations

from fastapi import APIRouter

from kith.schemas.groups import GoalRead
from kith.services import goals
from kith.web.api.models import ApiJobSearchCreate
from kith.web.deps import CtxDep

router = APIRouter(prefix="/goals", tags=["goals"])


@router.get("", summary="List goals")
def list_goals(ctx: CtxDep) -> list[GoalRead]:
    return goals.list_goals(ctx)


@router.post("/job-search", status_code=201, summary="Start a job search")
def start_job_search(ctx: CtxDep, body: ApiJobSearchCreate) -> GoalRead:
    goal = goals.start_job_search(
        ctx,
        orgs=body.orgs,
        roles=body.roles,
        industries=body.industries,
        started_on=body.started_on,
    )
    return goals.read_goal(goal)
