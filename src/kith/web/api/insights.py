"""/api/v1/insights/...: every coaching insight as JSON, with its reasons."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from kith.web import gateway
from kith.web.api.models import VISIBLE, Day
from kith.web.deps import CtxDep
from kith.web.errors import NotAvailableError

router = APIRouter(prefix="/insights", tags=["insights"])

AsOf = Annotated[
    Day | None, Query(description="Compute as of this day (YYYY-MM-DD); default today.")
]
Insight = dict[str, Any] | list[Any]


def _call(name: str, label: str, ctx: CtxDep, *args: Any, **kwargs: Any) -> Insight:
    result = gateway.insight(name, ctx, *args, **kwargs)
    if result is None:
        raise NotAvailableError(label)
    return result  # type: ignore[no-any-return]


@router.get("/health", summary="Ten-People Test: score, the people counted, cheapest actions")
def health(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("health", "The Ten-People Test", ctx, as_of=as_of)


@router.get("/plan", summary="This week's plan within your budget")
def plan(
    ctx: CtxDep, as_of: AsOf = None, budget: Annotated[int | None, Query(ge=1, le=100)] = None
) -> Insight:
    return _call("plan", "The weekly plan", ctx, as_of=as_of, budget=budget)


@router.get("/due", summary="Who is due for a touch, most overdue first")
def due(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("due", "The due list", ctx, as_of=as_of)


@router.get("/habits", summary="Weekly activity, streaks, drive-through index, bad habits")
def habits(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("habits", "Habits", ctx, as_of=as_of)


@router.get("/gaps", summary="What you do not know about the people you know")
def gaps(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("gaps", "Knowledge gaps", ctx, as_of=as_of)


@router.get("/groups", summary="Groups to show up in and contributors to meet")
def groups_suggest(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("groups_suggest", "Group suggestions", ctx, as_of=as_of)


@router.get("/leads", summary="Who can help you into an organization or role")
def leads(
    ctx: CtxDep,
    target: Annotated[str, Query(min_length=1, max_length=200, pattern=VISIBLE)],
    role: Annotated[str | None, Query(max_length=200, pattern=VISIBLE)] = None,
    ask: Literal["advice", "referral"] = "advice",
    as_of: AsOf = None,
) -> Insight:
    return _call("leads", "Lead paths", ctx, target, role=role, ask=ask, as_of=as_of)


@router.get("/reconnect", summary="Dormant ties worth reviving")
def reconnect(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("reconnect", "Reconnect suggestions", ctx, as_of=as_of)


@router.get("/brokers", summary="Who bridges your clusters; how constrained your network is")
def brokers(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("brokers", "Brokers", ctx, as_of=as_of)


@router.get("/network-map", summary="Nodes, edges and clusters of the network map")
def network_map(ctx: CtxDep, as_of: AsOf = None) -> Insight:
    return _call("network_map", "The network map", ctx, as_of=as_of)
