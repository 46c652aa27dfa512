"""Accounts of server mode: argon2 hashes, who may log in, and the brake on guessing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kith.errors import ConflictError, NotFoundError, UsageError
from kith.services import accounts
from kith.services.context import Ctx
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
