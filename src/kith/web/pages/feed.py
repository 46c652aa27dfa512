"""The calendar feed (``kith.services.calendar_feed``): ``/feed/<token>.ics`` for calendar
apps, and the Settings buttons that turn it on, rotate its address and turn it off.

The feed needs no session or CSRF token: the secret in its address is the credential. A
wrong token gets the same 404 as any address that does not exist.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException

from kith.clock import Clock
from kith.db.engine import unit_of_work
from kith.services import calendar_feed
from kith.services.calendar_feed import FeedNotFoundError, FeedOffError
from kith.services.context import Ctx
from kith.web.deps import CsrfDep, CtxDep
from kith.web.render import NO_STORE, redirect  # the calendar changes daily: no copies

router = APIRouter(include_in_schema=False)

FEED_ROUTE = "calendar_feed"
SECTION = "/settings#calendar-feed"


@router.api_route("/feed/{token}.ics", methods=["GET", "HEAD"], name=FEED_ROUTE)
def calendar(request: Request, token: str) -> Response:
    factory: sessionmaker[Session] = request.app.state.session_factory
    clock: Clock = request.app.state.clock
    with unit_of_work(factory) as session:
        try:
            text = calendar_feed.feed_calendar(session, clock, token)
        except FeedNotFoundError:
            raise HTTPException(404, headers=NO_STORE) from None
    return Response(text, media_type="text/calendar; charset=utf-8", headers=NO_STORE)


@router.post("/settings/feed", dependencies=[CsrfDep])
def create(request: Request, ctx: CtxDep) -> Response:
    _feed, created = calendar_feed.create_feed(ctx)
    if created:
        return redirect(
            request, SECTION, "Your calendar feed is on: add its address to your calendar app."
        )
    return redirect(
        request, SECTION, "Your calendar feed was already on; its address is unchanged."
    )


@router.post("/settings/feed/rotate", dependencies=[CsrfDep])
def rotate(request: Request, ctx: CtxDep) -> Response:
    try:
        calendar_feed.rotate_feed(ctx)
    except FeedOffError:
        return redirect(
            request, SECTION, "The calendar feed is off: there is no link to rotate.", kind="error"
        )
    message = "New link made: the old one no longer works. Subscribe again with the new one."
    return redirect(request, SECTION, message)


@router.post("/settings/feed/off", dependencies=[CsrfDep])
def turn_off(request: Request, ctx: CtxDep) -> Response:
    was_on = calendar_feed.turn_off_feed(ctx)
    message = (
        "Calendar feed turned off: its link no longer works."
        if was_on
        else "The calendar feed was already off."
    )
    return redirect(request, SECTION, message)


def feed_view(request: Request, ctx: Ctx) -> dict[str, Any]:
    """What the Settings page shows: whether the feed is on, and its full address."""
    status = calendar_feed.feed_status(ctx)
    url = str(request.url_for(FEED_ROUTE, token=status.token)) if status.token else None
    return {"enabled": status.enabled, "url": url}
