"""The owner of the data and the "me" person; single-user mode has one implicit owner."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.clock import Clock
from kith.errors import NotFoundError
from kith.models import Owner, Person
from kith.services.context import Ctx

DEFAULT_OWNER = "default"


def ensure_owner(session: Session, clock: Clock, username: str = DEFAULT_OWNER) -> Owner:
    """The owner named ``username``, created with its "me" person when missing."""
    owner = session.scalar(select(Owner).where(Owner.username == username))
    if owner is None:
        owner = Owner(
            username=username,
            weekly_budget=10,
            timezone="UTC",
            my_emails=[],
            settings={"instance": secrets.token_hex(8)},  # keys caches of this owner
            created_at=clock.now(),
        )
        session.add(owner)
        session.flush()
    ensure_me(session, owner.id, clock)
    return owner


def ensure_owner_id(session: Session, clock: Clock, username: str = DEFAULT_OWNER) -> int:
    """``ensure_owner(...).id`` in one light query when the owner and "me" exist (every
    request asks)."""
    row = session.execute(
        select(Owner.id, Person.id)
        .outerjoin(Person, (Person.owner_id == Owner.id) & Person.is_me.is_(True))
        .where(Owner.username == username)
    ).first()
    if row is not None and row[1] is not None:
        return int(row[0])
    return ensure_owner(session, clock, username).id


def account_id(session: Session, username: str) -> int:
    """The id of the account named ``username`` (``kith --user``); never created here."""
    found = session.scalar(select(Owner.id).where(Owner.username == username.strip().lower()))
    if found is None:
        raise NotFoundError(
            f"No account named '{username}'.", hint="See the accounts with `kith users list`."
        )
    return int(found)


def ensure_me(session: Session, owner_id: int, clock: Clock) -> Person:
    me = session.scalar(select(Person).where(Person.owner_id == owner_id, Person.is_me))
    if me is None:
        now = clock.now()
        me = Person(
            owner_id=owner_id,
            display_name="Me",
            name_key="me",
            is_me=True,
            created_at=now,
            updated_at=now,
        )
        session.add(me)
        session.flush()
    return me


def get_owner(ctx: Ctx) -> Owner:
    owner = ctx.session.get(Owner, ctx.owner_id)
    assert owner is not None
    return owner


def me_person(ctx: Ctx) -> Person:
    return ensure_me(ctx.session, ctx.owner_id, ctx.clock)
