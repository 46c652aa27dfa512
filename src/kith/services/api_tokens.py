"""API tokens (server mode): named keys a member's scripts send to the API instead of a
password, as ``Authorization: Bearer kith_...``.

A token is 32 random bytes, shown once when it is made; kith keeps only its SHA-256 (a
token is far too long to guess, so a fast hash is enough, and a stolen database gives no
token away). A member has as many as they like, each named for what uses it, and revokes
one without touching the others; changing the password leaves them be, removing the
account removes them. Each use is noted (``last_used_at``, at most once an hour) so an
unused token can be found and revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.errors import ConflictError, NotFoundError, UsageError
from kith.models import ApiToken, Owner

PREFIX = "kith_"
NAME_LENGTH = 100
USE_NOTED_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class NewToken:
    id: int
    name: str
    token: str  # shown once: only its hash is kept
    created_at: datetime


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, owner_id: int, name: str, now: datetime) -> NewToken:
    """A new token named ``name`` (unique among the member's tokens)."""
    label = " ".join(name.split())
    if not 1 <= len(label) <= NAME_LENGTH:
        raise UsageError(f"Give the token a name of 1 to {NAME_LENGTH} characters.")
    taken = session.scalar(
        select(ApiToken.id).where(ApiToken.owner_id == owner_id, ApiToken.name == label)
    )
    if taken is not None:
        raise ConflictError(
            f"You already have a token named '{label}'.",
            hint="Name it after what will use it, or revoke the old one first.",
        )
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(owner_id=owner_id, name=label, token_hash=digest(token), created_at=now)
    session.add(row)
    session.flush()
    return NewToken(row.id, label, token, now)


def list_tokens(session: Session, owner_id: int) -> list[ApiToken]:
    """The member's tokens, oldest first."""
    query = select(ApiToken).where(ApiToken.owner_id == owner_id).order_by(ApiToken.id)
    return list(session.scalars(query))


def revoke_token(session: Session, owner_id: int, token_id: int) -> str:
    """Delete one of the member's tokens; returns its name."""
    row = session.get(ApiToken, token_id)
    if row is None or row.owner_id != owner_id:
        raise NotFoundError(
            f"You have no API token {token_id}.", hint="List yours to see their ids."
        )
    name = row.name
    session.delete(row)
    session.flush()
    return name


def owner_of_token(session: Session, token: str, now: datetime) -> Owner | None:
    """The account ``token`` belongs to, or None (unknown or revoked)."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
    if row is None:
        return None
    if row.last_used_at is None or now - row.last_used_at >= USE_NOTED_EVERY:
        row.last_used_at = now
    return session.get(Owner, row.owner_id)
