"""The calendar feed: due touches and reminders, subscribable by URL with a secret token.

Each owner has at most one feed token (``owners.calendar_token``). The token is the only
credential of ``/feed/<token>.ics``: whoever knows the address can read the feed, so it is
random (``secrets.token_urlsafe``), can be rotated (the old address stops working at once)
and turned off. The feed's text is the ``kith export ics`` calendar, built by
``kith.services.exports`` for the owner the token belongs to, as of the injected clock.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.clock import Clock
from kith.errors import NotFoundError
from kith.models import Owner
from kith.services.context import Ctx
from kith.services.owners import get_owner

TOKEN_BYTES = 32  # 43 URL-safe characters
FEED_PREFIX = "/feed/"
FEED_SUFFIX = ".ics"
# calendar apps poll on their own schedule; this asks them to look a few times a day
REFRESH_INTERVAL = timedelta(hours=6)
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


class FeedNotFoundError(NotFoundError):
    """No feed has this token (the web answers a bare 404: it names nothing)."""

    def __init__(self) -> None:
        super().__init__("No calendar feed has this address.")


class FeedOffError(NotFoundError):
    """The owner asked to rotate a feed that is turned off."""

    def __init__(self) -> None:
        super().__init__(
            "There is no calendar feed to rotate: it is turned off.",
            hint="Turn it on with `kith feed create` or on the Settings page.",
        )


@dataclass(frozen=True)
class FeedStatus:
    """Whether this owner's feed is on, and its token and address path when it is."""

    enabled: bool
    token: str | None = None

    @property
    def path(self) -> str | None:
        return feed_path(self.token) if self.token else None

    def as_dict(self) -> dict[str, object]:
        return {"enabled": self.enabled, "token": self.token, "path": self.path}


def feed_path(token: str) -> str:
    """``/feed/<token>.ics``: the address of a feed on the web server."""
    return f"{FEED_PREFIX}{token}{FEED_SUFFIX}"


def new_token() -> str:
    """A random token that starts with a letter or digit: a leading "-" would be quoted in CSV
    output (formula-injection guard) and reads like an option on a command line."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if token[0].isalnum():
            return token


# ---- the owner's side: show, create, rotate, turn off ----------------------------------


def feed_status(ctx: Ctx) -> FeedStatus:
    token = get_owner(ctx).calendar_token
    return FeedStatus(enabled=bool(token), token=token or None)


def create_feed(ctx: Ctx) -> tuple[FeedStatus, bool]:
    """Turn the feed on; an existing feed is kept. Returns the feed and whether it is new."""
    current = feed_status(ctx)
    if current.enabled:
        return current, False
    return _set_token(ctx, new_token()), True


def rotate_feed(ctx: Ctx) -> FeedStatus:
    """A new token for an existing feed: the old address stops working now."""
    if not feed_status(ctx).enabled:
        raise FeedOffError()
    return _set_token(ctx, new_token())


def turn_off_feed(ctx: Ctx) -> bool:
    """Remove the feed (its address stops working). Returns whether one was on."""
    was_on = feed_status(ctx).enabled
    _set_token(ctx, None)
    return was_on


def _set_token(ctx: Ctx, token: str | None) -> FeedStatus:
    owner = get_owner(ctx)
    owner.calendar_token = token
    ctx.session.flush()
    return FeedStatus(enabled=token is not None, token=token)


# ---- the subscriber's side: the feed itself --------------------------------------------


def owner_for_token(session: Session, token: str) -> int:
    """The owner whose feed token is ``token``; ``FeedNotFoundError`` for any other text.

    Every stored token is compared in constant time, and all of them are compared, so the
    time taken depends neither on a database index nor on which owner (if any) matches.
    """
    if not _TOKEN_SHAPE.fullmatch(token):
        raise FeedNotFoundError()
    given = token.encode("ascii")
    found: int | None = None
    rows = session.execute(
        select(Owner.id, Owner.calendar_token).where(Owner.calendar_token.is_not(None))
    )
    for owner_id, stored in rows:
        if hmac.compare_digest(str(stored).encode("utf-8"), given):
            found = owner_id
    if found is None:
        raise FeedNotFoundError()
    return found


def feed_calendar(session: Session, clock: Clock, token: str) -> str:
    """The iCalendar text of the feed ``token`` opens: that owner's due touches and open
    reminders as of ``clock``'s today (the same calendar as ``kith export ics``)."""
    from kith.services import calendar_export  # the insight engine, only when a feed is served

    ctx = Ctx(session=session, owner_id=owner_for_token(session, token), clock=clock)
    return calendar_export.export_ics(ctx, refresh=REFRESH_INTERVAL)
