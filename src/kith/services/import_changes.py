"""What an import does to rows that were already in kith, recorded so undo can revert it.

People and interactions an import creates are written in bulk and carry the import's id
(``batch_id``). What it does to people who were already there goes through the ORM: a new
email or tag appended, an empty location filled in, a position added (closing the one
before it), a link, a source record updated, your own name and addresses from the
LinkedIn profile. While an import applies its records, :func:`recording` has the ORM's
insert and update events keep each such change as an ``ImportChange``: a row added (undo
deletes it) or a column changed from one value to another (undo restores the old value,
unless the column has been changed again since: then your later value stays).
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    RowMapping,
    Table,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session, object_session

from kith.models import Base, ImportBatch, ImportChange, Position
from kith.models.base import UTCDateTime

UNTRACKED = frozenset({ImportBatch.__tablename__, ImportChange.__tablename__})
Entry = tuple[str, int, str | None, Any, Any]  # (table, row id, column or None, old, new)


def _plain(value: Any) -> Any:
    """A value as JSON keeps it (dates and datetimes as ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


RECORDING = "kith.import_changes"  # session.info key: the entries of the import running


@contextmanager
def recording(session: Session, owner_id: int, batch_id: int) -> Iterator[None]:
    """Keep what the ORM adds and changes while the block runs, as import ``batch_id``'s."""
    entries: list[Entry] = []
    session.info[RECORDING] = entries
    try:
        yield
        session.flush()  # what is still pending is the import's too
    finally:
        session.info.pop(RECORDING, None)
    if entries:
        rows = [
            {"owner_id": owner_id, "batch_id": batch_id, "table_name": t, "row_id": r,
             "column_name": c, "old": o, "new": n}
            for t, r, c, o, n in entries
        ]  # fmt: skip
        session.execute(insert(ImportChange), rows)


def _entries_of(target: Any) -> list[Entry] | None:
    """The entries of the import recording in ``target``'s session, if one is."""
    session = object_session(target)
    if session is None or target.__table__.name in UNTRACKED:
        return None
    found = session.info.get(RECORDING)
    return found if isinstance(found, list) else None


# Mapper events, once for every model: one dictionary lookup per row flushed when no import
# is recording (the session's own flush events would look at every object it holds, at
# every flush: quadratic in an import that enriches thousands of people).
@event.listens_for(Base, "after_insert", propagate=True)
def _inserted(_mapper: Any, _connection: Any, target: Any) -> None:
    entries = _entries_of(target)
    if entries is not None:
        entries.append((target.__table__.name, target.id, None, None, None))


@event.listens_for(Base, "after_update", propagate=True)
def _updated(_mapper: Any, _connection: Any, target: Any) -> None:
    entries = _entries_of(target)
    if entries is not None:
        entries.extend(_changed(target))


def _changed(obj: Any) -> Iterator[Entry]:
    table = obj.__table__.name
    state = inspect(obj)
    columns = state.mapper.column_attrs
    for key in list(state.committed_state):  # the attributes set since the last flush
        if key not in columns:
            continue
        history = state.attrs[key].history
        if history.added and history.deleted:  # a known old value (loaded, then set)
            old, new = history.deleted[0], history.added[0]
            if old != new:
                yield table, state.identity[0], key, _plain(old), _plain(new)


@dataclass(frozen=True)
class Reverted:
    """Counts of what people see (bookkeeping columns are reverted but not counted)."""

    removed: int  # rows the import added to people already in kith
    restored: int  # values put back as they were
    kept: int  # values changed again since the import: left as they are


def revert(
    session: Session,
    owner_id: int,
    batch_id: int,
    *,
    dry_run: bool,
    leaving: AbstractSet[int] = frozenset(),
) -> Reverted:
    """Undo import ``batch_id``'s recorded changes, newest first (or count them). A change
    to a row of one of the ``leaving`` people (those the import created, about to go) is
    done but not counted: it is not a change to someone already in kith."""
    changes = session.scalars(
        select(ImportChange)
        .where(ImportChange.owner_id == owner_id, ImportChange.batch_id == batch_id)
        .order_by(ImportChange.id.desc())
    ).all()
    removed = restored = kept = 0
    for change in changes:
        table = Base.metadata.tables[change.table_name]
        row = session.execute(select(table).where(table.c.id == change.row_id)).mappings().first()
        if row is None:  # deleted since
            continue
        counted = _visible(change) and not _goes_with(table, row, leaving)
        if change.column_name is None:
            removed += _remove_row(session, table, change.row_id, dry_run) and counted
        elif _plain(row[change.column_name]) == change.new:
            restored += counted
            if not dry_run:
                _restore(session, table, change)
        else:
            kept += counted
    if not dry_run:
        session.execute(
            delete(ImportChange).where(
                ImportChange.owner_id == owner_id, ImportChange.batch_id == batch_id
            )
        )
    return Reverted(removed, restored, kept)


def _visible(change: ImportChange) -> bool:
    """A change people see (counted in the undo's report), not bookkeeping: when a row was
    last updated, and the import's own provenance (reverted all the same)."""
    return change.table_name != "source_records" and change.column_name != "updated_at"


def _goes_with(table: Table, row: RowMapping, leaving: AbstractSet[int]) -> bool:
    """Whether ``row`` is one of the ``leaving`` people or belongs to one (a contact point,
    tag, position, link or suggestion of theirs: found by its references to people)."""
    if table.name == "people":
        return row["id"] in leaving
    refs = (fk.parent.name for fk in table.foreign_keys if fk.column.table.name == "people")
    return any(row[name] in leaving for name in refs)


def _restore(session: Session, table: Table, change: ImportChange) -> None:
    column = table.c[change.column_name or ""]
    value = change.old
    if isinstance(value, str) and isinstance(column.type, UTCDateTime | DateTime):
        value = datetime.fromisoformat(value)
    elif isinstance(value, str) and isinstance(column.type, Date):
        value = date.fromisoformat(value)
    session.execute(update(table).where(table.c.id == change.row_id).values({column.key: value}))


def _remove_row(session: Session, table: Table, row_id: int, dry_run: bool) -> bool:
    """Delete an added row (an organization only while no position is at it); whether it
    counts (an organization does not: the position at it is what people see)."""
    if table.name == "organizations":
        used = session.scalar(
            select(func.count()).select_from(Position).where(Position.organization_id == row_id)
        )
        if not used and not dry_run:
            session.execute(delete(table).where(table.c.id == row_id))
        return False
    if not dry_run:
        session.execute(delete(table).where(table.c.id == row_id))
    return True
