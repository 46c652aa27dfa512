"""Bulk inserts of plain tuples: one driver ``executemany`` per chunk, nothing per row.

Imports write hundreds of thousands of rows. Building a dict per row and letting SQLAlchemy
process every parameter cost more than the database work itself, so importers hand tuples
to a :class:`BulkInsert`, already in the driver's form: columns whose type converts values
(dates and datetimes on SQLite, ``UTCDateTime`` everywhere) go through
:meth:`BulkInsert.converter`, which is SQLAlchemy's own bind processor for that column, so
the stored values are exactly what an ORM insert would store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import FromClause, Table
from sqlalchemy.orm import Session

Row = tuple[Any, ...]
Converter = Callable[[Any], Any]
CHUNK = 10_000  # rows per executemany: big enough to be fast, small enough to stream


def _same(value: Any) -> Any:
    return value


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
        marks = ", ".join([mark] * len(columns))
        self.sql = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})"
        self.pending: list[Row] = []
        self.written = 0

    def converter(self, column: str) -> Converter:
        """The bind processor of ``column`` for this database (identity when it has none)."""
        col_type = self.table.c[column].type.dialect_impl(self.dialect)
        found = col_type.bind_processor(self.dialect)
        return found if found is not None else _same

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
        self.session.connection().exec_driver_sql(self.sql, rows)
        self.written += len(rows)
