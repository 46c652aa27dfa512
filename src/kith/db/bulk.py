"""Bulk inserts of plain tuples: multi-row statements (or COPY) per chunk, nothing per row.

Imports write hundreds of thousands of rows. Building a dict per row and letting SQLAlchemy
process every parameter cost more than the database work itself, so importers hand tuples
to a :class:`BulkInsert`, already in the driver's form: columns whose type converts values
(dates and datetimes on SQLite, ``UTCDateTime`` everywhere) go through
:meth:`BulkInsert.converter`, which is SQLAlchemy's own bind processor for that column, so
the stored values are exactly what an ORM insert would store.

Each statement inserts up to ``PARAMS_PER_STATEMENT`` values (``VALUES (..), (..), ...``):
SQLite checks constraints and opens a statement journal per statement, so many rows per
statement take 15-20 % less database time than one-row statements run by ``executemany``.
On PostgreSQL (psycopg) a chunk is one ``COPY ... FROM STDIN`` instead: the server parses
no statement of 10,000 parameters, and the client builds none (a LinkedIn export of 200,000
messages: 9.8 s instead of 11.0 s, a second less CPU, ``benchmarks/import_linkedin_pg.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from sqlalchemy import FromClause, Table
from sqlalchemy.orm import Session

from kith.db.writer import How, run_on, writer_of
from kith.models.base import UTCDateTime

Row = tuple[Any, ...]
Converter = Callable[[Any], Any]
CHUNK = 10_000  # rows per executemany: big enough to be fast, small enough to stream
PARAMS_PER_STATEMENT = 10_000  # well within SQLite's (32,766) and PostgreSQL's (65,535) limits
WRITE_CACHE_KIB = 65_536  # SQLite page cache while bulk writing (the default is 2 MiB)


def _same(value: Any) -> Any:
    return value


def _sqlite_utc_text(value: datetime | None) -> str | None:
    """What ``UTCDateTime`` stores on SQLite, in one step instead of SQLAlchemy's two
    (half the cost; 200,000 messages have a time each)."""
    if value is None:
        return None
    if value.tzinfo is UTC:  # what importers give: drop the "+00:00" instead of converting
        return value.isoformat(" ", "microseconds")[:-6]
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


_PROBE = datetime(2024, 12, 16, 18, 24, 37, 123456, tzinfo=UTC)


def _parameter_limit(session: Session) -> int:
    """How many values one statement may bind on this connection."""
    driver = session.connection().connection.dbapi_connection
    if isinstance(driver, sqlite3.Connection):  # an SQLite library may be built with less
        return driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65_535


class BulkInsert:
    """Buffered ``INSERT INTO table (columns)`` of tuples in the session's transaction.

    ``add`` buffers a row and writes a chunk once ``chunk`` rows are waiting; ``flush``
    writes the rest. Rows are written in the order they were added, and the buffers of
    ``after`` (the tables these rows' foreign keys point into) are always written first.
    """

    def __init__(
        self,
        session: Session,
        table: FromClause,
        columns: Sequence[str],
        *,
        after: Sequence[BulkInsert] = (),
        chunk: int = CHUNK,
    ) -> None:
        assert isinstance(table, Table), "bulk inserts go into a table (a model's __table__)"
        self.session, self.table, self.columns, self.chunk = session, table, columns, chunk
        self.after = after
        self.dialect = session.get_bind().dialect
        quote = self.dialect.identifier_preparer
        mark = "?" if self.dialect.paramstyle in ("qmark", "numeric") else "%s"
        names = ", ".join(quote.format_column(table.c[name]) for name in columns)
        self.head = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES "
        self.values = "(" + ", ".join([mark] * len(columns)) + ")"
        limit = min(PARAMS_PER_STATEMENT, _parameter_limit(session))
        self.per_statement = max(1, limit // len(columns))
        self.pending: list[Row] = []
        self.written = 0
        # PostgreSQL through psycopg takes rows by COPY, several times faster than INSERT
        self.copy = (
            f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
            if self.dialect.name == "postgresql" and self.dialect.driver == "psycopg"
            else None
        )

    def converter(self, column: str) -> Converter:
        """The bind processor of ``column`` for this database (identity when it has none)."""
        declared = self.table.c[column].type
        found: Converter | None = declared.dialect_impl(self.dialect).bind_processor(self.dialect)
        if found is None:
            return _same
        if (
            self.dialect.name == "sqlite"
            and isinstance(declared, UTCDateTime)
            and found(_PROBE) == _sqlite_utc_text(_PROBE)  # the same text: checked, not assumed
        ):
            return _sqlite_utc_text
        return found

    def value(self, column: str, value: Any) -> Any:
        """``value`` converted for ``column`` (for constants: convert once, reuse per row)."""
        return self.converter(column)(value)

    def add(self, row: Row) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.chunk:
            self.flush()

    def extend(self, rows: Iterable[Row]) -> None:
        self.pending.extend(rows)
        if len(self.pending) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row now."""
        if not self.pending:
            return
        for parent in self.after:
            parent.flush()
        rows, self.pending = self.pending, []
        self.written += len(rows)
        if self.copy is not None:
            self._execute(self.copy, rows, "copy")
            return
        per = self.per_statement
        whole = len(rows) - len(rows) % per
        if whole:  # the same statement for every full group: prepared once
            groups = [
                tuple(chain.from_iterable(rows[at : at + per])) for at in range(0, whole, per)
            ]
            self._execute(self.sql(per), groups, "many")
        if whole < len(rows):
            rest = tuple(chain.from_iterable(rows[whole:]))
            self._execute(self.sql(len(rows) - whole), rest, "one")

    def _execute(self, sql: str, parameters: Sequence[Any], how: How) -> None:
        """On the background writer's thread when one is active (``kith.db.writer``)."""
        writer = writer_of(self.session)
        if writer is not None:
            writer.submit(sql, parameters, how)
        elif how == "copy":
            run_on(self.session.connection().connection.dbapi_connection, sql, parameters, how)
        else:
            self.session.connection().exec_driver_sql(sql, parameters)

    def sql(self, rows: int) -> str:
        """The insert statement for ``rows`` rows."""
        return self.head + ", ".join([self.values] * rows)


@contextmanager
def write_cache(session: Session, kib: int = WRITE_CACHE_KIB) -> Iterator[None]:
    """On SQLite, a page cache of ``kib`` KiB for this connection meanwhile: inserting into
    indexes of 200,000 rows touches pages all over them, and the default 2 MiB cache keeps
    spilling and rereading them (15 % of the import's database time). Elsewhere nothing."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={-2000 if before is None else int(before)}")
