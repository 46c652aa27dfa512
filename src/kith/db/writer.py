"""Bulk inserts on a second thread, while Python builds the next rows.

An import spends about as long waiting for the database as it spends in Python, and the
drivers release the GIL while the database works (``sqlite3`` around each step, psycopg
while it waits on the server). Inside :func:`background_writes`, :class:`BulkInsert`
hands its statements to a single worker thread, in order, on the session's own driver
connection and in its transaction, and the importer goes on parsing and resolving.

Nothing else may use the connection while the worker does: every statement SQLAlchemy is
about to run on it (a query, an ORM flush, a savepoint release) first waits until the
worker has written everything handed to it (a ``before_cursor_execute`` hook), and so does
leaving the block. A failed write is raised in the importer's thread at its next
statement or at the end of the block; later writes are then dropped, and the caller's
transaction (one savepoint per import) is rolled back as for any other error.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

WRITER_KEY = "kith.background_writer"
DEPTH = 2  # statements waiting at most: the importer stays at most this far ahead

# (sql, parameters, how): "one" statement, "many" parameter sets of it (executemany), or
# "copy": the rows of a PostgreSQL ``COPY ... FROM STDIN``
How = Literal["one", "many", "copy"]
Job = tuple[str, Sequence[Any], How]


class BackgroundWriter:
    """One thread running statements on one driver connection, in submission order."""

    def __init__(self, dbapi_connection: Any, depth: int = DEPTH) -> None:
        self.dbapi_connection = dbapi_connection
        self.jobs: queue.Queue[Job | None] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.discarding = False  # the caller failed: what is still queued is not written
        self.thread = threading.Thread(target=self._run, name="kith-writer", daemon=True)
        self.thread.start()

    def submit(self, sql: str, parameters: Sequence[Any], how: How) -> None:
        """Queue one statement (``how`` it takes ``parameters``: see ``Job``); blocks while
        ``depth`` are already waiting. Raises the error of an earlier write."""
        self._raise()
        self.jobs.put((sql, parameters, how))

    def drain(self) -> None:
        """Wait until every queued statement has run; raise the first that failed."""
        self.jobs.join()
        self._raise()

    def discard(self) -> None:
        """Skip whatever is still queued (the caller is rolling back)."""
        self.discarding = True

    def close(self) -> None:
        """Stop the thread once the queue is empty (errors are left to ``drain``)."""
        self.jobs.put(None)
        self.thread.join()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None and not self.discarding:  # else rolled back anyway
                    self._execute(*job)
            except BaseException as exc:  # handed to the importer's thread
                self.error = exc
            finally:
                self.jobs.task_done()

    def _execute(self, sql: str, parameters: Sequence[Any], how: How) -> None:
        run_on(self.dbapi_connection, sql, parameters, how)


def run_on(dbapi_connection: Any, sql: str, parameters: Sequence[Any], how: How) -> None:
    """Run ``sql`` on a driver connection, ``how`` it takes ``parameters`` (see ``Job``)."""
    cursor = dbapi_connection.cursor()
    try:
        if how == "copy":
            with cursor.copy(sql) as copy:
                for row in parameters:
                    copy.write_row(row)
        elif how == "many":
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
    finally:
        cursor.close()


def writer_of(session: Session) -> BackgroundWriter | None:
    """The background writer active for ``session``, if any."""
    found = session.info.get(WRITER_KEY)
    return found if isinstance(found, BackgroundWriter) else None


@contextmanager
def background_writes(session: Session) -> Iterator[None]:
    """Bulk inserts of ``session`` run on a second thread meanwhile; everything is written
    (or the first failure raised) when the block ends."""
    if writer_of(session) is not None:  # nested: the outer block already does it
        yield
        return
    connection: Connection = session.connection()
    writer = BackgroundWriter(connection.connection.dbapi_connection)

    def wait(*_args: Any) -> None:
        writer.drain()

    event.listen(connection, "before_cursor_execute", wait)
    session.info[WRITER_KEY] = writer
    try:
        yield
        writer.drain()
    except BaseException:
        writer.discard()
        raise
    finally:
        del session.info[WRITER_KEY]
        event.remove(connection, "before_cursor_execute", wait)
        writer.close()
