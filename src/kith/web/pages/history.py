"""Every touch, newest first: what you did lately, what an import brought, what to correct."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kith.core.types import CHANNELS, INTENTS
from kith.errors import KithError
from kith.schemas.common import parse_optional_date
from kith.services.context import Ctx
from kith.services.interactions import TouchFilter, touch_history
from kith.services.people import resolve_person
from kith.web.deps import CtxDep
from kith.web.pages.common import choices, pager
from kith.web.render import render

router = APIRouter(include_in_schema=False)

PAGE = "/interactions"
PAGE_SIZE = 50


@router.get(PAGE, response_class=HTMLResponse)
def history_page(
    request: Request,
    ctx: CtxDep,
    q: Annotated[str, Query(max_length=200)] = "",
    channel: str = "",
    intent: str = "",
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    person: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    asked = {
        "q": q, "channel": channel, "intent": intent, "since": since, "until": until,
        "person": person,
    }  # fmt: skip
    where, errors, who = _filter(ctx, {k: v.replace("\x00", "").strip() for k, v in asked.items()})
    view = _view(ctx, where, page) | {"asked": asked, "errors": errors, "who": who}
    status = 422 if errors else 200
    return render(request, "interactions/list.html", view, status=status, section="log")


def _filter(ctx: Ctx, asked: dict[str, str]) -> tuple[TouchFilter, dict[str, str], str]:
    """The filter the form asks for, each unreadable field named with why (and left out),
    and the name of the person filtered on."""
    errors: dict[str, str] = {}
    where = TouchFilter(
        text=asked["q"] or None,
        channel=asked["channel"] if asked["channel"] in CHANNELS else None,
        intent=asked["intent"] if asked["intent"] in INTENTS else None,
    )
    try:
        where = replace(where, since=parse_optional_date(asked["since"] or None, "the From date"))
    except KithError as exc:
        errors["since"] = str(exc)
    try:
        where = replace(where, until=parse_optional_date(asked["until"] or None, "the To date"))
    except KithError as exc:
        errors["until"] = str(exc)
    who = ""
    if asked["person"]:
        try:
            found = resolve_person(ctx, asked["person"])
            where, who = replace(where, person_id=found.id), found.display_name
        except KithError as exc:
            errors["person"] = str(exc)
    return where, errors, who


def _view(ctx: Ctx, where: TouchFilter, page: int) -> dict[str, Any]:
    found = touch_history(ctx, where, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    params = {k: str(v) for k, v in _params(where).items() if v}
    return {
        "title": "Your touches",
        "items": found.items,
        "total": found.total,
        "pager": pager(PAGE, params, page, found.total, PAGE_SIZE),
        "narrowed": any(params.values()),
        "here": f"{PAGE}?{urlencode(params | {'page': page})}",
        "channels": choices(CHANNELS),
        "intents": choices(INTENTS),
    }


def _params(where: TouchFilter) -> dict[str, object]:
    return {
        "q": where.text,
        "channel": where.channel,
        "intent": where.intent,
        "since": where.since,
        "until": where.until,
        "person": where.person_id,
    }
