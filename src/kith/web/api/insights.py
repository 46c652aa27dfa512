"""/api/v1/insights/...: every coaching insight as JSON, with its reasons."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from kith.services import insights
from kith.web.api.models import VISIBLE, Day
from kith.web.deps import CtxDep

router = APIRouter(prefix="/insights", tags=["insights"])

AsOf = Annotated[
    Day | None, Query(description="Compute as of this day (YYYY-MM-DD); default today.")
]
Insight = dict[str, Any] | list[Any]


@router.get("/health", summary="Ten-People Test: score, the people counted, cheapest actions")
def health(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.health(ctx, as_of=as_of)


@router.get("/plan", summary="This week's plan within your budget")
def plan(
    ctx: CtxDep, as_of: AsOf = None, budget: Annotated[int | None, Query(ge=1, le=100)] = None
) -> Insight:
    return insights.plan(ctx, as_of=as_of, budget=budget)


@router.get("/due", summary="Who is due for a touch, most overdue first")
def due(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.due(ctx, as_of=as_of)


@router.get("/habits", summary="Weekly activity, streaks, drive-through index, bad habits")
def habits(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.habits(ctx, as_of=as_of)


@router.get("/gaps", summary="What you do not know about the people you know")
def gaps(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.gaps(ctx, as_of=as_of)


@router.get("/groups", summary="Groups to show up in and contributors to meet")
def groups_suggest(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.groups_suggest(ctx, as_of=as_of)


@router.get("/leads", summary="Who can help you into an organization or role")
def leads(
    ctx: CtxDep,
    target: Annotated[str, Query(min_length=1, max_length=200, pattern=VISIBLE)],
    role: Annotated[str | None, Query(max_length=200, pattern=VISIBLE)] = None,
    ask: Literal["advice", "referral"] = "advice",
    as_of: AsOf = None,
) -> Insight:
    return insights.leads(ctx, target, role=role, ask=ask, as_of=as_of)


@router.get("/reconnect", summary="Dormant ties worth reviving")
def reconnect(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.reconnect(ctx, as_of=as_of)


@router.get("/brokers", summary="Who bridges your clusters; how constrained your network is")
def brokers(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.brokers(ctx, as_of=as_of)


@router.get("/network-map", summary="Nodes, edges and clusters of the network map")
def network_map(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return insights.network_map(ctx, as_of=as_of)
