"""Correcting or deleting a logged touch (from the person page's timeline)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from kith.errors import KithError
from kith.schemas.interactions import InteractionRead
from kith.services import interaction_edits, interactions
from kith.services.context import Ctx
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.forms import (
    FieldErrors,
    InteractionForm,
    field_of,
    interaction_form,
    interaction_update_from,
)
from kith.web.pages.common import quick_log_context
from kith.web.render import redirect, render, safe_url

router = APIRouter(include_in_schema=False)

InteractionId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/interactions/{interaction_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, ctx: CtxDep, interaction_id: InteractionId) -> Response:
    shown = interactions.read_by_id(ctx, interaction_id)
    form = interaction_form(shown)
    form.next = safe_url(request.query_params.get("next"), _home(shown))
    return render(request, "interactions/edit.html", _view(ctx, shown, form, {}), section="people")


@router.post("/interactions/{interaction_id}/edit", dependencies=[CsrfDep])
def edit_post(
    request: Request,
    ctx: CtxDep,
    interaction_id: InteractionId,
    form: Annotated[InteractionForm, Form()],
) -> Response:
    shown = interactions.read_by_id(ctx, interaction_id)
    try:
        interaction_edits.update_interaction(ctx, interaction_id, interaction_update_from(form))
    except FieldErrors as exc:
        return _again(request, ctx, shown, form, exc.errors)
    except KithError as exc:
        rollback(ctx)
        return _again(request, ctx, shown, form, {field_of(exc, "people"): str(exc)})
    saved = interactions.read_by_id(ctx, interaction_id)
    return redirect(request, safe_url(form.next, _home(saved)), f"Saved: {saved.summary}.")


@router.post("/interactions/{interaction_id}/delete", dependencies=[CsrfDep])
def delete_post(
    request: Request,
    ctx: CtxDep,
    interaction_id: InteractionId,
    confirm: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    shown = interactions.read_by_id(ctx, interaction_id)
    if confirm != "yes":
        form = interaction_form(shown)
        form.next = next
        errors = {"confirm": "Tick the box to confirm: deleting cannot be undone."}
        return _again(request, ctx, shown, form, errors)
    interaction_edits.delete_interaction(ctx, interaction_id)
    return redirect(request, safe_url(next, _home(shown)), f"Deleted: {shown.summary}.")


def _home(shown: InteractionRead) -> str:
    """Where to go back to: the first person's page."""
    return f"/people/{shown.people[0].person_id}" if shown.people else "/"


Errors = dict[str, str]


def _again(
    request: Request, ctx: Ctx, shown: InteractionRead, form: InteractionForm, errors: Errors
) -> Response:
    view = _view(ctx, shown, form, errors)
    return render(request, "interactions/edit.html", view, status=422, section="people")


def _view(
    ctx: Ctx, shown: InteractionRead, form: InteractionForm, errors: dict[str, str]
) -> dict[str, Any]:
    choices = quick_log_context(ctx)
    del choices["form"], choices["errors"]
    stored = interactions.owned_interaction(ctx, shown.id)
    return {
        **choices,
        "title": "Correct a touch",
        "imported": interaction_edits.imported_id(stored) is not None,
        "shown": shown,
        "form": form,
        "errors": errors,
    }
