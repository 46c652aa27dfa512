"""Engine and session factories. Nothing connects at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 5}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    event.listen(factory, "before_flush", _bump_data_revision)
    return factory


def bump_data_revision(session: Session, owner_ids: set[int]) -> None:
    """Mark owners' data as changed, so cached insights are recomputed."""
    from kith.models import Owner

    if owner_ids:
        session.execute(
            update(Owner)
            .where(Owner.id.in_(owner_ids))
            .values(data_revision=Owner.data_revision + 1)
            .execution_options(synchronize_session=False)
        )


def _bump_data_revision(session: Session, _context: Any, _instances: Any) -> None:
    owners: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        owner_id = getattr(obj, "owner_id", None)
        if isinstance(owner_id, int):
            owners.add(owner_id)
    bump_data_revision(session, owners)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def refresh_planner_stats(session: Session) -> None:
    """On SQLite, ``ANALYZE``: statistics for the query planner, in the session's transaction.

    Without them SQLite assumes ``owner_id = ?`` is selective and reads a whole table through
    an owner index (then sorts it), where one owner holds every row and a plain scan in
    table order is three times faster: loading 30,000 people's network took 5.1 s instead of
    6-7 s. The statistics are ratios (rows per key), so they stay true as the data grows;
    kith refreshes them after imports and the demo, which change the data wholesale (0.2 s at
    30,000 people). PostgreSQL keeps its own (autovacuum)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("ANALYZE"))


def reserve_ids(session: Session, table: Any, count: int) -> list[int]:
    """``count`` fresh primary keys for a bulk insert with explicit ids.

    PostgreSQL draws them from the table's sequence (so later inserts never collide);
    SQLite continues from the current maximum (the write transaction holds the lock).
    """
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return [int(r[0]) for r in rows]
    top = session.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(top + 1, top + 1 + count))


class IdSequence:
    """Fresh primary keys for one table's bulk inserts, block after block.

    PostgreSQL draws every block from the table's sequence. SQLite continues the first
    block from the table's maximum and each later one from the block before, without a
    query (a query would wait for the background writer, :mod:`kith.db.writer`, and the
    import's transaction holds the write lock). Only for a table that nothing but this
    sequence's user inserts into meanwhile.
    """

    def __init__(self, session: Session, table: Any) -> None:
        self.session, self.table = session, table
        self.local = session.get_bind().dialect.name != "postgresql"
        self.next: int | None = None

    def take(self, count: int) -> list[int]:
        if not self.local or self.next is None:
            ids = reserve_ids(self.session, self.table, count)
            self.next = ids[-1] + 1 if ids else self.next
            return ids
        ids = list(range(self.next, self.next + count))
        self.next += count
        return ids
