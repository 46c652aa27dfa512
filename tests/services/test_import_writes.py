"""Bulk writes of imports store exactly what ORM inserts would, in foreign-key order, also
from the background writer's thread."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kith.db.bulk import WRITE_CACHE_KIB, BulkInsert, write_cache
from kith.db.writer import BackgroundWriter, background_writes, writer_of
from kith.models import ContactPoint, Interaction, Person
from kith.services.context import Ctx

ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
MOMENTS = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from(ZONES),
)
FLAGS = ("is_me", "is_kin", "do_not_contact", "ended", "archived")
COLUMNS = (
    "id", "owner_id", "occurred_at", "channel", "intent", "initiator", "summary", "source",
    "created_at",
)  # fmt: skip


def _interactions(ctx: Ctx) -> BulkInsert:
    return BulkInsert(ctx.session, Interaction.__table__, COLUMNS)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=MOMENTS)
def test_a_bulk_datetime_is_what_the_column_type_would_bind(ctx: Ctx, moment: datetime) -> None:
    bulk = _interactions(ctx)
    column_type = Interaction.__table__.c.occurred_at.type
    generic = column_type.dialect_impl(bulk.dialect).bind_processor(bulk.dialect)
    assert generic is not None
    assert bulk.converter("occurred_at")(moment) == generic(moment)


def test_bulk_rows_read_back_and_compare_like_orm_rows(ctx: Ctx) -> None:
    bulk = _interactions(ctx)
    when, now = bulk.converter("occurred_at"), bulk.value("created_at", ctx.now())
    start = datetime(2024, 12, 16, 18, 24, 37, 500, tzinfo=UTC)
    for n in range(5):
        moment = start + timedelta(hours=n)
        row = (900 + n, ctx.owner_id, when(moment), "message", "catch_up", "me", "hi")
        bulk.add((*row, "linkedin", now))
    bulk.flush()
    cutoff = start + timedelta(hours=2)
    later = ctx.session.scalars(
        select(Interaction).where(Interaction.occurred_at >= cutoff).order_by(Interaction.id)
    ).all()
    assert [i.occurred_at for i in later] == [cutoff + timedelta(hours=n) for n in range(3)]
    assert {i.created_at for i in later} == {ctx.now()}


def test_rows_wait_for_the_rows_their_foreign_keys_point_to(ctx: Ctx) -> None:
    session = ctx.session
    people = BulkInsert(
        session,
        Person.__table__,
        ("id", "owner_id", "display_name", "name_key", "created_at", "updated_at", *FLAGS),
    )
    points = BulkInsert(
        session,
        ContactPoint.__table__,
        ("owner_id", "person_id", "kind", "value", "normalized"),
        after=(people,),
        chunk=2,
    )
    now = people.value("created_at", ctx.now())
    no = [people.value(flag, False) for flag in FLAGS]
    for n in range(3):
        people.add((500 + n, ctx.owner_id, f"Person {n}", f"person {n}", now, now, *no))
        points.add((ctx.owner_id, 500 + n, "email", f"p{n}@example.org", f"p{n}@example.org"))
    points.flush()
    stored = session.execute(select(ContactPoint.person_id, Person.display_name).join(Person))
    assert sorted(stored) == [(500, "Person 0"), (501, "Person 1"), (502, "Person 2")]
    assert people.written + points.written == 6


TEXTS = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=200
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    summary=st.one_of(
        TEXTS, st.sampled_from(["\\N", "a\tb", "line\nline\r\n", "back\\slash", "\\."])
    ),
    notes=st.none() | TEXTS,
)
def test_any_text_is_stored_as_given_also_by_copy(
    ctx: Ctx, summary: str, notes: str | None
) -> None:
    """Tabs, line ends, backslashes, a lone ``\\N`` or ``\\.``: what COPY's text format
    escapes (PostgreSQL) and plain parameters carry (SQLite) reads back unchanged."""
    savepoint = ctx.session.begin_nested()  # each example on its own
    bulk = BulkInsert(ctx.session, Interaction.__table__, (*COLUMNS, "notes"))
    when, now = bulk.converter("occurred_at"), bulk.value("created_at", ctx.now())
    moment = when(datetime(2025, 1, 1, tzinfo=UTC))
    bulk.add((7, ctx.owner_id, moment, "message", "catch_up", "me", summary, "x", now, notes))
    bulk.flush()
    stored = ctx.session.execute(select(Interaction.summary, Interaction.notes)).one()
    savepoint.rollback()
    assert tuple(stored) == (summary, notes)


def _cache_size(ctx: Ctx) -> int | None:
    connection = ctx.session.connection()
    if connection.dialect.name != "sqlite":
        return None
    size = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    assert isinstance(size, int)
    return size


def test_the_write_cache_lasts_only_while_writing(ctx: Ctx) -> None:
    before = _cache_size(ctx)
    sqlite = before is not None
    with write_cache(ctx.session):
        assert _cache_size(ctx) == (-WRITE_CACHE_KIB if sqlite else None)
    assert _cache_size(ctx) == before


def test_rows_beyond_one_statement_all_arrive_in_order(ctx: Ctx) -> None:
    interactions = _interactions(ctx)
    count = 2 * interactions.per_statement + 3  # two full statements and a short one
    when, now = interactions.converter("occurred_at"), interactions.value("created_at", ctx.now())
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(count):
        moment = when(start + timedelta(minutes=n))
        row = (n + 1, ctx.owner_id, moment, "message", "catch_up", "me", f"#{n}")
        interactions.add((*row, "linkedin", now))
    interactions.flush()
    stored = ctx.session.execute(select(Interaction.summary).order_by(Interaction.occurred_at))
    assert [summary for (summary,) in stored] == [f"#{n}" for n in range(count)]
    assert interactions.written == count


def _row(ctx: Ctx, bulk: BulkInsert, n: int) -> tuple[object, ...]:
    when, now = bulk.converter("occurred_at"), bulk.value("created_at", ctx.now())
    moment = when(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
    return (n, ctx.owner_id, moment, "message", "catch_up", "me", f"#{n}", "linkedin", now)


def test_background_writes_run_on_a_second_thread_and_are_all_there_after(
    ctx: Ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    interactions = _interactions(ctx)
    threads: list[str] = []
    execute = BackgroundWriter._execute

    def observed(self: BackgroundWriter, *args: Any, **kwargs: Any) -> None:
        threads.append(threading.current_thread().name)
        execute(self, *args, **kwargs)

    monkeypatch.setattr(BackgroundWriter, "_execute", observed)
    with background_writes(ctx.session):
        assert writer_of(ctx.session) is not None
        for n in range(1, 2 * interactions.per_statement + 4):
            interactions.add(_row(ctx, interactions, n))
        interactions.flush()
    assert writer_of(ctx.session) is None
    stored = ctx.session.scalar(select(func.count()).select_from(Interaction))
    assert stored == interactions.written == 2 * interactions.per_statement + 3
    # SQLite: the full statements, then the rest; PostgreSQL: the rows in one COPY
    jobs = 1 if interactions.copy is not None else 2
    assert (interactions.copy is not None) == (ctx.session.get_bind().dialect.name == "postgresql")
    assert threads == ["kith-writer"] * jobs
    assert threading.current_thread().name != "kith-writer"


def test_a_query_inside_background_writes_sees_every_row_handed_over(ctx: Ctx) -> None:
    interactions = _interactions(ctx)
    with background_writes(ctx.session):
        for n in range(1, 8):
            interactions.add(_row(ctx, interactions, n))
            interactions.flush()
            count = ctx.session.scalar(select(func.count()).select_from(Interaction))
            assert count == n


def test_a_failed_background_write_is_raised_to_the_caller_and_rolls_back(ctx: Ctx) -> None:
    interactions = _interactions(ctx)
    savepoint = ctx.session.begin_nested()
    with pytest.raises(IntegrityError), background_writes(ctx.session):
        interactions.add(_row(ctx, interactions, 1))
        interactions.flush()
        interactions.add(_row(ctx, interactions, 1))  # the same primary key again
        interactions.flush()
        for n in range(2, 5):  # dropped: the transaction is lost anyway
            interactions.add(_row(ctx, interactions, n))
            interactions.flush()
    savepoint.rollback()
    assert ctx.session.scalar(select(func.count()).select_from(Interaction)) == 0
    assert writer_of(ctx.session) is None


IntegrityError = (sqlite3.IntegrityError, psycopg.errors.IntegrityError)
