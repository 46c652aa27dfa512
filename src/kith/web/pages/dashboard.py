"""The dashboard: "What should I do this week?" answered at the top."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from kith.errors import KithError
from kith.schemas.interactions import InteractionCreate
from kith.services import demo, insights, interactions, people
from kith.services.context import Ctx
from kith.web import charts
from kith.web.deps import CsrfDep, CtxDep
from kith.web.fmt import as_date
from kith.web.pages.common import quick_log_context
from kith.web.render import redirect, render_cached, svg

router = APIRouter(include_in_schema=False)

# a plan item's kind -> the intent its "done" button logs
PLAN_INTENT = {
    "thanks": "thanks",
    "follow_up": "follow_up",
    "give_before_ask": "give",
    "congratulate": "catch_up",
    "group_contributor": "connect",
}


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, ctx: CtxDep) -> Response:
    build = partial(dashboard_view, ctx)
    return render_cached(request, ctx, "dashboard.html", (), build, section="dashboard")


@router.post("/plan/done", dependencies=[CsrfDep])
def plan_done(
    request: Request,
    ctx: CtxDep,
    person_id: Annotated[int, Form()],
    action: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "message",
) -> Response:
    logged = interactions.log_interaction(ctx, plan_interaction(person_id, action, kind, channel))
    name = ", ".join(p.person for p in interactions.read_by_id(ctx, logged.id).people)
    what = f": {action}" if action else ""
    return redirect(request, "/", f"Logged with {name}{what}. Well done; the plan moves on.")


@router.post("/demo", dependencies=[CsrfDep])
def load_demo(request: Request, ctx: CtxDep) -> Response:
    try:
        report = demo.load_demo(ctx)
    except KithError as exc:
        ctx.session.rollback()
        return redirect(request, "/", str(exc), kind="error")
    return redirect(
        request,
        "/",
        f"Loaded a demo network: {report.people} people and {report.interactions} "
        "interactions, all made up. Explore freely.",
    )


def plan_interaction(person_id: int, action: str, kind: str, channel: str) -> InteractionCreate:
    return InteractionCreate(
        summary=(" ".join(action.split()) or "Touch from this week's plan")[:500],
        with_people=[str(person_id)],
        channel=channel if channel else "message",
        intent=PLAN_INTENT.get(kind, "catch_up"),
        initiator="me",
    )


def dashboard_view(ctx: Ctx) -> dict[str, Any]:
    total = people.count_people(ctx)
    if total == 0:
        return {"empty": True, "title": "Welcome"}
    health = insights.health(ctx)
    plan = insights.plan(ctx)
    due = insights.due(ctx)
    habits = insights.habits(ctx)
    return {
        "empty": False,
        "title": "This week",
        "total": total,
        "health": health,
        "gauge": svg(charts.ten_people_gauge(health["counted"], health["score"]))
        if health
        else None,
        "plan": plan,
        "done": done_this_week(ctx),
        "overdue": overdue(due),
        "habits": habits,
        "heatmap": heatmap_svg(habits, ctx.today()),
        "balance": balance(habits),
        **quick_log_context(ctx, plan=plan, due=due),
    }


def done_this_week(ctx: Ctx) -> list[Any]:
    start = ctx.today() - timedelta(days=ctx.today().weekday())
    return interactions.timeline(ctx, limit=20, since=start)


def overdue(due: Any, limit: int = 8) -> list[dict[str, Any]]:
    if not due:
        return []
    items = due if isinstance(due, list) else due.get("items", [])
    late = [d for d in items if float(d.get("overdue_ratio", 0)) >= 1.0]
    return late[:limit]


def heatmap_svg(habits: Any, today: date) -> Any:
    if not habits or not habits.get("daily") or not habits.get("weekly"):
        return None
    daily = list(habits["daily"])
    first = as_date(habits["weekly"][0]["week_of"])
    if first is None:
        return None
    keep = min(len(daily), 52 * 7)
    start = first + timedelta(days=len(daily) - keep)
    shown = [n for i, n in enumerate(daily[-keep:]) if start + timedelta(days=i) <= today]
    return svg(charts.heatmap(shown, start))


def balance(habits: Any) -> dict[str, Any] | None:
    """Gives and intros against asks, as counts when known, else as shares of outreach."""
    if not habits:
        return None
    if "gives" in habits and "asks" in habits:
        gives, asks = float(habits["gives"]), float(habits["asks"])
        label = "gives and intros"
    elif "ask_share" in habits:
        asks = round(100 * float(habits["ask_share"]))
        gives = 100 - asks
        label = "% other outreach"
        return {
            "chart": svg(charts.give_ask_bar(gives, asks, "% gives, intros, catch-ups")),
            "why": f"{asks}% of what you started in the last year were asks.",
            "label": label,
        }
    else:
        return None
    return {
        "chart": svg(charts.give_ask_bar(gives, asks, label)),
        "why": f"{gives:g} {label} against {asks:g} asks.",
        "label": label,
    }
