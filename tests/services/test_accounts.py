"""Accounts of server mode: argon2 hashes, who may log in, and the brake on guessing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kith.errors import ConflictError, NotFoundError, UsageError
from kith.models import Base, Owner
from kith.services import accounts
from kith.services.context import Ctx
from kith.services.demo import load_demo
from kith.services.owners import ensure_owner

PASSWORD = "correct horse battery"


def test_an_account_keeps_only_an_argon2_hash_and_checks_it(ctx: Ctx) -> None:
    assert accounts.login_required(ctx.session) is False  # one implicit owner, no password
    alice = accounts.add_account(ctx.session, ctx.clock, " Alice ", PASSWORD)
    assert alice.username == "alice"
    assert alice.password_hash is not None and alice.password_hash.startswith("$argon2id$")
    assert PASSWORD not in alice.password_hash
    assert accounts.login_required(ctx.session) is True
    assert accounts.authenticate(ctx.session, "ALICE", PASSWORD) is alice
    assert accounts.authenticate(ctx.session, "alice", PASSWORD + "!") is None
    assert accounts.authenticate(ctx.session, "nobody", PASSWORD) is None
    assert accounts.authenticate(ctx.session, "default", "") is None  # no password: no login


def test_names_and_passwords_are_checked(ctx: Ctx) -> None:
    with pytest.raises(UsageError, match="cannot be an account name"):
        accounts.add_account(ctx.session, ctx.clock, "Al Ice", PASSWORD)
    with pytest.raises(UsageError, match="cannot be an account name"):
        accounts.add_account(ctx.session, ctx.clock, "default", PASSWORD)
    with pytest.raises(UsageError, match="needs 10 to 1024 characters"):
        accounts.add_account(ctx.session, ctx.clock, "alice", "short")
    accounts.add_account(ctx.session, ctx.clock, "alice", PASSWORD)
    with pytest.raises(ConflictError, match="already an account named 'alice'"):
        accounts.add_account(ctx.session, ctx.clock, "alice", PASSWORD)
    with pytest.raises(NotFoundError, match="No account named 'bob'"):
        accounts.set_password(ctx.session, "bob", PASSWORD)


def test_a_new_password_ends_the_sessions_of_the_old(ctx: Ctx) -> None:
    alice = accounts.add_account(ctx.session, ctx.clock, "alice", PASSWORD)
    print_ = accounts.fingerprint(alice)
    assert accounts.session_owner(ctx.session, alice.id, print_) is alice
    accounts.set_password(ctx.session, "alice", "another long password")
    assert accounts.session_owner(ctx.session, alice.id, print_) is None
    assert accounts.authenticate(ctx.session, "alice", "another long password") is alice


def test_accounts_are_listed_with_how_many_people_each_keeps(ctx: Ctx) -> None:
    ensure_owner(ctx.session, ctx.clock)
    accounts.add_account(ctx.session, ctx.clock, "alice", PASSWORD)
    listed = {
        a["username"]: (a["password"], a["people"]) for a in accounts.list_accounts(ctx.session)
    }
    assert listed == {"alice": (True, 0), "default": (False, 0)}


def test_five_failures_lock_the_account_for_a_while() -> None:
    throttle = accounts.LoginThrottle()
    start = datetime(2026, 11, 25, 12, tzinfo=UTC)
    for minute in range(5):
        assert throttle.wait("alice", start + timedelta(minutes=minute)) is None
        throttle.failed("alice", start + timedelta(minutes=minute))
    assert throttle.wait("alice", start + timedelta(minutes=5)) == timedelta(minutes=10)
    assert throttle.wait("bob", start + timedelta(minutes=5)) is None  # per account
    assert throttle.wait("alice", start + timedelta(minutes=15)) is None  # the first expired
    throttle.succeeded("alice")
    assert throttle.failures == {}


def test_the_throttle_remembers_a_bounded_number_of_names() -> None:
    throttle = accounts.LoginThrottle()
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    for n in range(accounts.MAX_TRACKED + 50):
        throttle.failed(f"guess{n}", now)
    assert len(throttle.failures) == accounts.MAX_TRACKED
    assert f"guess{accounts.MAX_TRACKED + 49}" in throttle.failures


def _owned_rows(ctx: Ctx, owner_id: int) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        if "owner_id" in table.c:
            query = select(func.count()).select_from(table).where(table.c.owner_id == owner_id)
            counts[table.name] = ctx.session.scalar(query) or 0
    return counts


def test_removing_an_account_deletes_everything_it_holds_and_nothing_else(ctx: Ctx) -> None:
    alice = accounts.add_account(ctx.session, ctx.clock, "alice", PASSWORD)
    bob = accounts.add_account(ctx.session, ctx.clock, "bob", PASSWORD)
    alice_id, bob_id = alice.id, bob.id
    load_demo(Ctx(ctx.session, alice_id, ctx.clock), people=40, seed=3)
    load_demo(Ctx(ctx.session, bob_id, ctx.clock), people=30, seed=4)
    before = _owned_rows(ctx, alice_id)
    assert before["people"] > 40 and before["interactions"] > 50 and before["links"] > 0
    kept = _owned_rows(ctx, bob_id)
    assert accounts.account_contents(ctx.session, "alice").people == 40
    removed = accounts.remove_account(ctx.session, "Alice")
    assert (removed.username, removed.people) == ("alice", 40)
    assert removed.interactions == before["interactions"]
    ctx.session.flush()
    assert set(_owned_rows(ctx, alice_id).values()) == {0}
    assert _owned_rows(ctx, bob_id) == kept
    assert ctx.session.get(Owner, alice_id) is None
    assert accounts.authenticate(ctx.session, "alice", PASSWORD) is None
    assert [a["username"] for a in accounts.list_accounts(ctx.session)] == ["bob", "default"]
    again = accounts.add_account(ctx.session, ctx.clock, "alice", PASSWORD)  # the name is free
    assert set(_owned_rows(ctx, again.id).values()) <= {0, 1}  # only the new "me"


def test_the_single_user_network_and_unknown_accounts_are_not_removed(ctx: Ctx) -> None:
    ensure_owner(ctx.session, ctx.clock)
    with pytest.raises(ConflictError, match="'default' holds the network of kith used"):
        accounts.remove_account(ctx.session, "default")
    with pytest.raises(NotFoundError, match="No account named 'carol'"):
        accounts.remove_account(ctx.session, "carol")
