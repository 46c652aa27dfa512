"""Accounts for server mode: several people on one kith, each seeing only their own data.

On your own machine kith has one implicit owner and no password. Once an account is
given a password (``kith users add``), the web UI and the API ask everyone to log in, and
each account sees only its own people, touches and insights (every row carries its owner).
Passwords are kept as argon2id hashes; a session cookie carries a fingerprint of the hash,
so changing a password ends the sessions opened with the old one.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kith.clock import Clock
from kith.errors import ConflictError, NotFoundError, UsageError
from kith.models import Interaction, Owner, Person
from kith.services.owners import DEFAULT_OWNER, ensure_owner

MIN_PASSWORD = 10
MAX_TRACKED = 10_000  # accounts whose failed logins are remembered at once
MAX_PASSWORD = 1024
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,119}$")
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("an unused password for timing")  # checked when the name is unknown


def login_required(session: Session) -> bool:
    """Whether any account has a password: then every page and API call needs a login."""
    return (
        session.scalar(select(Owner.id).where(Owner.password_hash.is_not(None)).limit(1))
        is not None
    )


def add_account(session: Session, clock: Clock, username: str, password: str) -> Owner:
    """A new account with its password (its "me" person too)."""
    name = check_username(username)
    if session.scalar(select(Owner.id).where(Owner.username == name)) is not None:
        raise ConflictError(
            f"There is already an account named '{name}'.",
            hint="Pick another name, or change its password with `kith users passwd`.",
        )
    hashed = _HASHER.hash(check_password(password))
    owner = ensure_owner(session, clock, name)
    owner.password_hash = hashed
    session.flush()
    return owner


def set_password(session: Session, username: str, password: str) -> Owner:
    """Change an account's password (the single-user owner, ``default``, can get one too)."""
    owner = named(session, username)
    owner.password_hash = _HASHER.hash(check_password(password))
    session.flush()
    return owner


def authenticate(session: Session, username: str, password: str) -> Owner | None:
    """The account, when the password is its own; None otherwise (an unknown name takes as
    long to refuse as a wrong password)."""
    owner = session.scalar(select(Owner).where(Owner.username == username.strip().lower()))
    stored = owner.password_hash if owner is not None else None
    try:
        _HASHER.verify(stored or _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return owner if stored else None


def fingerprint(owner: Owner) -> str:
    """Changes whenever the password does: a session cookie carries it."""
    return hashlib.sha256((owner.password_hash or "").encode()).hexdigest()[:16]


def session_owner(session: Session, owner_id: int, print_: str) -> Owner | None:
    """The account a session cookie names, while its password is the one it logged in with."""
    owner = session.get(Owner, owner_id)
    if owner is None or not owner.password_hash or fingerprint(owner) != print_:
        return None
    return owner


@dataclass(frozen=True)
class Removal:
    """What removing an account deleted."""

    username: str
    people: int
    interactions: int


def account_contents(session: Session, username: str) -> Removal:
    """What ``remove_account`` would delete (to ask before doing it)."""
    owner = named(session, username)
    return _contents(session, owner)


def remove_account(session: Session, username: str) -> Removal:
    """Delete the account ``username`` and everything it holds: every row of every table
    carries its owner, and deleting the owner cascades through them (the database follows
    the references, with an index for each; see migration 0004). The single-user owner is
    not an account to remove: it is the network of a kith used without logins."""
    owner = named(session, username)
    if owner.username == DEFAULT_OWNER:
        raise ConflictError(
            f"'{DEFAULT_OWNER}' holds the network of kith used without an account, and "
            "cannot be removed.",
            hint="To start over, move the database file away (`kith db path` shows it); "
            "keep it as a backup.",
        )
    found = _contents(session, owner)
    session.flush()
    session.execute(delete(Owner).where(Owner.id == owner.id))
    session.expunge_all()  # the rows are gone; nothing in the session may refer to them
    return found


def _contents(session: Session, owner: Owner) -> Removal:
    people = session.scalar(
        select(func.count(Person.id)).where(Person.owner_id == owner.id, Person.is_me.is_(False))
    )
    touches = session.scalar(
        select(func.count(Interaction.id)).where(Interaction.owner_id == owner.id)
    )
    return Removal(owner.username, people or 0, touches or 0)


def list_accounts(session: Session) -> list[dict[str, Any]]:
    people = (
        select(Person.owner_id, func.count(Person.id).label("n"))
        .where(Person.is_me.is_(False), Person.merged_into_id.is_(None))
        .group_by(Person.owner_id)
        .subquery()
    )
    rows = session.execute(
        select(Owner.username, Owner.password_hash, Owner.created_at, people.c.n)
        .outerjoin(people, people.c.owner_id == Owner.id)
        .order_by(Owner.username)
    )
    return [
        {
            "username": name,
            "password": bool(hashed),
            "people": count or 0,
            "created_at": created.isoformat(),
        }
        for name, hashed, created, count in rows
    ]


def password_change_errors(
    session: Session, username: str, current: str, new: str
) -> dict[str, str]:
    """Why ``username`` may not change their password from ``current`` to ``new``, by
    field (empty: they may): the current one must be theirs, the new one long enough."""
    if authenticate(session, username, current) is None:
        return {"current_password": "That is not your current password."}
    try:
        check_password(new)
    except UsageError as exc:
        return {"new_password": str(exc)}
    return {}


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name) or name == DEFAULT_OWNER:
        raise UsageError(
            f"'{username}' cannot be an account name: use up to 120 lower-case letters, digits "
            "and . _ @ -, starting with a letter or digit (and not 'default', the name of "
            "the single-user owner)."
        )
    return name


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise UsageError(
            f"A password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters: a few words "
            "you will remember are better than a short one you will not."
        )
    return password


def named(session: Session, username: str) -> Owner:
    """The account ``username`` (any case), or a NotFoundError naming it."""
    owner = session.scalar(select(Owner).where(Owner.username == username.strip().lower()))
    if owner is None:
        raise NotFoundError(
            f"No account named '{username}'.", hint="See the accounts with `kith users list`."
        )
    return owner


@dataclass
class LoginThrottle:
    """Refuses further attempts on an account after ``limit`` failures within ``window``
    (kept in memory: a restart forgets them), so a password cannot be guessed quickly."""

    limit: int = 5
    window: timedelta = timedelta(minutes=15)
    failures: dict[str, deque[datetime]] = field(default_factory=dict)

    def wait(self, username: str, now: datetime) -> timedelta | None:
        """How long this account is locked, or None when an attempt may be made."""
        recent = self.failures.get(username)
        if recent is None or len(self._pruned(recent, now)) < self.limit:
            return None
        return recent[0] + self.window - now

    def failed(self, username: str, now: datetime) -> None:
        if len(self.failures) >= MAX_TRACKED:  # names are the guesser's choice: stay small
            stale = [n for n, t in self.failures.items() if not t or now - t[-1] >= self.window]
            for name in stale:
                del self.failures[name]
            while len(self.failures) >= MAX_TRACKED:
                del self.failures[next(iter(self.failures))]
        self._recent(username, now).append(now)

    def succeeded(self, username: str) -> None:
        self.failures.pop(username, None)

    def _recent(self, username: str, now: datetime) -> deque[datetime]:
        return self._pruned(self.failures.setdefault(username, deque()), now)

    def _pruned(self, kept: deque[datetime], now: datetime) -> deque[datetime]:
        while kept and now - kept[0] >= self.window:
            kept.popleft()
        return kept
