"""Job search: "Who can help me into X?" (goal, Ten-People detail, lead paths, dormant ties)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict

from kith.core.params import DEFAULT_PARAMS
from kith.errors import KithError
from kith.services import goals, insights
from kith.services.context import Ctx
from kith.web import charts
from kith.web.deps import CsrfDep, CtxDep
from kith.web.forms import split_list
from kith.web.render import redirect, render, svg

router = APIRouter(include_in_schema=False)

ASKS = (("advice", "Advice"), ("referral", "A referral"))
_JOBS = DEFAULT_PARAMS.jobs
CHECK_TEXT = {
    "orgs": f"People at {_JOBS.check_min_orgs} or more organizations, so one hiring freeze "
    "does not close every door.",
    "strong": f"At least {_JOBS.check_min_strong} strong ties who would go out of their way.",
    "weak": f"At least {_JOBS.check_min_weak} weak or medium ties: they hear of openings "
    "you would not.",
    "bridge": "At least one bridge into a circle you do not otherwise reach.",
}


class SearchForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    orgs: str = ""
    roles: str = ""
    industries: str = ""


@router.get("/job-search", response_class=HTMLResponse)
def job_search(
    request: Request,
    ctx: CtxDep,
    target: Annotated[str, Query(max_length=200)] = "",
    role: Annotated[str, Query(max_length=200)] = "",
    ask: str = "advice",
) -> Response:
    view = job_view(ctx, target.strip(), role.strip(), ask if ask in dict(ASKS) else "advice")
    return render(request, "job_search.html", view, section="job")


@router.post("/job-search/start", dependencies=[CsrfDep])
def start(request: Request, ctx: CtxDep, form: Annotated[SearchForm, Form()]) -> Response:
    try:
        goal = goals.start_job_search(
            ctx,
            orgs=split_list(form.orgs),
            roles=split_list(form.roles),
            industries=split_list(form.industries),
        )
    except KithError as exc:
        ctx.session.rollback()
        return redirect(request, "/job-search", str(exc), kind="error")
    where = ", ".join(goal.orgs or goal.roles) or "your field"
    return redirect(
        request, "/job-search", f"Job search started for {where}. Good luck: start with advice."
    )


@router.post("/job-search/landed", dependencies=[CsrfDep])
def landed(request: Request, ctx: CtxDep, org: Annotated[str, Form()] = "") -> Response:
    goals.land(ctx, org=org.strip() or None)
    return redirect(
        request,
        "/job-search",
        "Congratulations! Now close the loop: thank the people who helped and tell them "
        "where you landed.",
    )


def job_view(ctx: Ctx, target: str, role: str, ask: str) -> dict[str, Any]:
    health = insights.health(ctx)
    leads = None
    if target:
        leads = insights.leads(ctx, target, role=role or None, ask=ask)
    active = goals.active_job_search(ctx)
    return {
        "title": "Job search",
        "goal": goals.read_goal(active) if active else None,
        "health": health,
        "gauge": svg(charts.ten_people_gauge(health["counted"], health["score"]))
        if health
        else None,
        "target": target,
        "role": role,
        "ask": ask,
        "asks": ASKS,
        "check_text": CHECK_TEXT,
        "leads": leads,
        "reconnect": insights.reconnect(ctx),
    }
