"""Quick log: one phone-sized form, right after a conversation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from kith.errors import KithError
from kith.services import interactions, people
from kith.services.context import Ctx
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.forms import FieldErrors, LogForm, field_of, interaction_from, person_option
from kith.web.pages.common import quick_log_context
from kith.web.render import redirect, render, safe_url

router = APIRouter(include_in_schema=False)


@router.get("/log", response_class=HTMLResponse)
def log_page(
    request: Request, ctx: CtxDep, person: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    form = LogForm(person=preset_person(ctx, person), on=ctx.today().isoformat())
    return render(request, "log.html", log_view(ctx, form, {}), section="log")


@router.post("/log", dependencies=[CsrfDep])
def log_post(request: Request, ctx: CtxDep, form: Annotated[LogForm, Form()]) -> Response:
    try:
        created = interactions.log_interaction(ctx, interaction_from(form))
    except FieldErrors as exc:
        return _again(request, ctx, form, exc.errors)
    except KithError as exc:
        rollback(ctx)
        return _again(request, ctx, form, {field_of(exc, "person"): str(exc)})
    logged = interactions.read_by_id(ctx, created.id)
    names = ", ".join(p.person for p in logged.people)
    back = safe_url(form.next, f"/people/{logged.people[0].person_id}")
    return redirect(
        request, back, f"Logged: {logged.summary} with {names}. Their cadence restarts today."
    )


def _again(request: Request, ctx: Ctx, form: LogForm, errors: dict[str, str]) -> Response:
    return render(request, "log.html", log_view(ctx, form, errors), status=422, section="log")


def preset_person(ctx: Ctx, person_id: int | None) -> str:
    if person_id is None:
        return ""
    try:
        found = people.resolve_person(ctx, str(person_id))
    except KithError:
        return ""
    return person_option(found.display_name, found.id)


def log_view(ctx: Ctx, form: LogForm, errors: dict[str, str]) -> dict[str, Any]:
    return {**quick_log_context(ctx, form), "title": "Log a touch", "errors": errors}
