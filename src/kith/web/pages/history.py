"""Every touch, newest first: what you did lately, what an import brought, what to correct."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kith.core.types import CHANNELS, INTENTS
from kith.errors import KithError
from kith.schemas.common import parse_date
from kith.services.context import Ctx
from kith.services.interactions import TOUCH_SOURCES, TouchFilter, touch_history
from kith.services.people import resolve_person
from kith.web.deps import CtxDep
from kith.web.pages.common import choices, pager
from kith.web.render import render

router = APIRouter(include_in_schema=False)

T = TypeVar("T")
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
    source: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    asked = {
        "q": q, "channel": channel, "intent": intent, "since": since, "until": until,
        "person": person, "source": source,
    }  # fmt: skip
    where, errors, who = _filter(ctx, {k: v.replace("\x00", "").strip() for k, v in asked.items()})
    view = _view(ctx, where, page) | {"asked": asked, "errors": errors, "who": who}
    status = 422 if errors else 200
    return render(request, "interactions/list.html", view, status=status, section="log")


def _filter(ctx: Ctx, asked: dict[str, str]) -> tuple[TouchFilter, dict[str, str], str]:
    """The filter the form asks for, each unreadable field named with why (and left out),
    and the name of the person filtered on."""
    errors: dict[str, str] = {}

    def read(field: str, parse: Callable[[str], T]) -> T | None:
        try:
            return parse(asked[field]) if asked[field] else None
        except KithError as exc:
            errors[field] = str(exc)
            return None

    person = read("person", partial(resolve_person, ctx))
    where = TouchFilter(
        person_id=person.id if person else None,
        since=read("since", partial(parse_date, field="the From date")),
        until=read("until", partial(parse_date, field="the To date")),
        channel=asked["channel"] if asked["channel"] in CHANNELS else None,
        intent=asked["intent"] if asked["intent"] in INTENTS else None,
        text=asked["q"] or None,
        source=asked["source"] if asked["source"] in TOUCH_SOURCES else None,
    )
    return where, errors, person.display_name if person else ""


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
        "source_names": TOUCH_SOURCES,
    }


def _params(where: TouchFilter) -> dict[str, object]:
    return {
        "q": where.text,
        "channel": where.channel,
        "intent": where.intent,
        "since": where.since,
        "until": where.until,
        "person": where.person_id,
        "source": where.source,
    }
