"""Groups: "Where should I show up, and whom should I meet there?"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict

from kith.core.types import GROUP_ROLES
from kith.errors import KithError
from kith.services import groups, insights
from kith.services.context import Ctx
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.forms import FieldErrors, parse_day, split_list
from kith.web.pages.common import choices
from kith.web.render import redirect, render

router = APIRouter(include_in_schema=False)


class GroupForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = ""
    platform: str = ""
    url: str = ""
    interests: str = ""
    role: str = "member"
    joined_on: str = ""


@router.get("/groups", response_class=HTMLResponse)
def groups_page(request: Request, ctx: CtxDep) -> Response:
    return render(request, "groups/list.html", list_view(ctx, GroupForm(), {}), section="groups")


@router.post("/groups", dependencies=[CsrfDep])
def add_group(request: Request, ctx: CtxDep, form: Annotated[GroupForm, Form()]) -> Response:
    try:
        group = save_group(ctx, form)
    except FieldErrors as exc:
        return _again(request, ctx, form, exc.errors)
    except KithError as exc:
        rollback(ctx)
        return _again(request, ctx, form, {"name": str(exc)})
    return redirect(request, f"/groups/{group.id}", f"Added {group.name}.")


@router.get("/groups/{group_id}", response_class=HTMLResponse)
def group_page(
    request: Request, ctx: CtxDep, group_id: Annotated[int, Path(ge=1, le=2_147_483_647)]
) -> Response:
    detail = groups.show_group(ctx, groups.resolve_group(ctx, str(group_id)))
    view = {"title": detail.group.name, "d": detail}
    return render(request, "groups/detail.html", view, section="groups")


def _again(request: Request, ctx: Ctx, form: GroupForm, errors: dict[str, str]) -> Response:
    view = list_view(ctx, form, errors)
    return render(request, "groups/list.html", view, status=422, section="groups")


def save_group(ctx: Ctx, form: GroupForm) -> Any:
    errors: dict[str, str] = {}
    if not form.name.strip():
        errors["name"] = "A group needs a name."
    if form.role and form.role not in GROUP_ROLES:
        errors["role"] = "Choose member, observer or organizer."
    joined = parse_day(form.joined_on, "joined_on", errors)
    if errors:
        raise FieldErrors(errors)
    return groups.add_group(
        ctx,
        form.name,
        platform=form.platform.strip() or None,
        url=form.url.strip() or None,
        interests=split_list(form.interests),
        role=form.role or None,
        joined_on=joined,
    )


def list_view(ctx: Ctx, form: GroupForm, errors: dict[str, str]) -> dict[str, Any]:
    return {
        "title": "Groups",
        "groups": groups.list_groups(ctx),
        "suggest": insights.groups_suggest(ctx),
        "form": form,
        "errors": errors,
        "roles": choices(GROUP_ROLES),
    }
