"""The calendar feed's token (create, rotate, turn off) and the calendar a token opens,
parsed back with icalendar."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock, fixed_clock
from kith.models import Person
from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import calendar_export, calendar_feed, exports, goals, interactions, people
from kith.services.calendar_feed import FeedNotFoundError, FeedOffError
from kith.services.context import Ctx
from kith.services.owners import ensure_owner


def _overdue_friend(ctx: Ctx, name: str) -> Person:
    person = people.add_person(ctx, PersonCreate(name=name, circle="C5"))
    interactions.log_interaction(
        ctx, InteractionCreate(summary="Lunch", with_people=[str(person.id)], on=date(2025, 1, 10))
    )
    return person


def _summaries(text: str) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(text).walk("VEVENT"))


def _open(ctx: Ctx, token: str, clock: Clock | None = None) -> str:
    return calendar_feed.feed_calendar(ctx.session, clock or ctx.clock, token)


# ---- the token ---------------------------------------------------------------------------


def test_feed_is_off_until_created(ctx: Ctx) -> None:
    status = calendar_feed.feed_status(ctx)
    assert (status.enabled, status.token, status.path) == (False, None, None)


def test_create_makes_a_long_random_token_with_its_address(ctx: Ctx) -> None:
    status, created = calendar_feed.create_feed(ctx)
    assert created and status.enabled
    assert status.token is not None and re.fullmatch(r"[A-Za-z0-9_-]{43}", status.token)
    assert status.path == f"/feed/{status.token}.ics"
    assert calendar_feed.feed_status(ctx) == status


def test_creating_again_keeps_the_existing_token(ctx: Ctx) -> None:
    first, _ = calendar_feed.create_feed(ctx)
    again, created = calendar_feed.create_feed(ctx)
    assert (again, created) == (first, False)


def test_rotate_gives_a_new_token_and_the_old_one_opens_nothing(ctx: Ctx) -> None:
    old, _ = calendar_feed.create_feed(ctx)
    new = calendar_feed.rotate_feed(ctx)
    assert new.enabled and new.token != old.token
    assert old.token is not None and new.token is not None
    with pytest.raises(FeedNotFoundError):
        _open(ctx, old.token)
    assert _open(ctx, new.token).startswith("BEGIN:VCALENDAR")


def test_rotating_a_feed_that_is_off_says_how_to_turn_it_on(ctx: Ctx) -> None:
    with pytest.raises(FeedOffError) as err:
        calendar_feed.rotate_feed(ctx)
    assert str(err.value) == (
        "There is no calendar feed to rotate: it is turned off. "
        "Turn it on with `kith feed create` or on the Settings page."
    )


def test_turning_off_removes_the_token_and_says_whether_one_was_on(ctx: Ctx) -> None:
    status, _ = calendar_feed.create_feed(ctx)
    assert calendar_feed.turn_off_feed(ctx) is True
    assert calendar_feed.feed_status(ctx).enabled is False
    assert status.token is not None
    with pytest.raises(FeedNotFoundError):
        _open(ctx, status.token)
    assert calendar_feed.turn_off_feed(ctx) is False


# ---- the calendar a token opens ------------------------------------------------------------


def test_feed_is_the_export_ics_calendar_with_a_refresh_hint(ctx: Ctx) -> None:
    ben = _overdue_friend(ctx, "Ben Okafor")
    _overdue_friend(ctx, "Dana Weiss")
    goals.add_reminder(ctx, ben, date(2026, 12, 3), "Ask about the conference")
    status, _ = calendar_feed.create_feed(ctx)
    assert status.token is not None
    text = _open(ctx, status.token)
    assert (
        _summaries(text)
        == _summaries(calendar_export.export_ics(ctx))
        == [
            "Get in touch with Ben Okafor",
            "Get in touch with Dana Weiss",
            "Reminder: Ben Okafor - Ask about the conference",
        ]
    )
    cal = Calendar.from_ical(text)
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(hours=6)
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(cal["X-PUBLISHED-TTL"].to_ical().decode()) == "PT6H"


def test_feed_dates_due_touches_by_the_injected_clock(ctx: Ctx) -> None:
    _overdue_friend(ctx, "Dana Weiss")
    status, _ = calendar_feed.create_feed(ctx)
    assert status.token is not None
    for moment in (datetime(2026, 11, 25, 9, tzinfo=UTC), datetime(2027, 2, 1, 9, tzinfo=UTC)):
        cal = Calendar.from_ical(_open(ctx, status.token, fixed_clock(moment)))
        (event,) = cal.walk("VEVENT")
        assert event.decoded("DTSTART") == moment.date()
        assert event.decoded("DTSTAMP") == moment


@pytest.mark.parametrize(
    "token",
    ["", "short", "a" * 43, "é" * 43, "../" * 15, "a" * 500, "A" * 42 + "\x00"],
    ids=["empty", "short", "unknown", "non-ascii", "path", "huge", "nul"],
)
def test_any_other_text_opens_no_feed(ctx: Ctx, token: str) -> None:
    calendar_feed.create_feed(ctx)
    with pytest.raises(FeedNotFoundError) as err:
        _open(ctx, token)
    assert str(err.value) == "No calendar feed has this address."


def test_each_token_opens_only_its_owners_calendar(
    session_factory: sessionmaker[Session], clock: Clock
) -> None:
    with session_factory() as session:
        alice = Ctx(session, ensure_owner(session, clock, "alice").id, clock)
        bob = Ctx(session, ensure_owner(session, clock, "bob").id, clock)
        _overdue_friend(alice, "Ana Lima")
        _overdue_friend(bob, "Ben Okafor")
        alice_feed, _ = calendar_feed.create_feed(alice)
        bob_feed, _ = calendar_feed.create_feed(bob)
        assert alice_feed.token is not None and bob_feed.token is not None
        assert alice_feed.token != bob_feed.token
        assert _summaries(_open(alice, alice_feed.token)) == ["Get in touch with Ana Lima"]
        assert _summaries(_open(alice, bob_feed.token)) == ["Get in touch with Ben Okafor"]
        calendar_feed.rotate_feed(bob)
        assert _summaries(_open(bob, alice_feed.token)) == ["Get in touch with Ana Lima"]
        session.rollback()


def test_the_json_backup_never_carries_the_feed_token(ctx: Ctx) -> None:
    status, _ = calendar_feed.create_feed(ctx)
    backup = json.loads(exports.export_json(ctx))
    assert "calendar_token" not in backup["owner"]
    assert str(status.token) not in json.dumps(backup)


def test_new_tokens_never_start_with_a_character_csv_would_quote() -> None:
    tokens = [calendar_feed.new_token() for _ in range(2000)]
    assert all(t[0].isalnum() for t in tokens)
    assert len(set(tokens)) == len(tokens)
