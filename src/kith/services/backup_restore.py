"""Restoring a kith backup: check all of it first (``backup_check``), then write it with
new ids.

Nothing is written until every record has been checked (types, required fields, and that
every reference points at a record in the backup), so a bad backup leaves the database
untouched. So the backup is read twice: the check reads it and keeps each table's ids; the
writing reads it again and writes it a chunk of records at a time, with new ids from the
database and one old -> new map per table to rewrite every reference, including the ids
inside ``merge_records.moved`` and ``source_records.entity_id``.

A file in kith's own layout is read a record at a time both times (``backup_read``): the
memory a restore needs grows with those ids, not with the file (105 MB of backup took
600 MB read whole). Any other layout (an older kith's indented backup, a hand edit) is read
whole, by the caller's ``load``, and restored from memory as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from sqlalchemy import select, update

from kith.db.bulk import BulkInsert
from kith.db.engine import IdSequence, bump_data_revision
from kith.errors import ConflictError, ImportFormatError
from kith.importers.reading import ReadProgress, Throttled
from kith.models import Person
from kith.services.backup import (
    DELETED,
    ENTITY_TABLES,
    MOVED_TABLES,
    PARTICIPANTS,
    TABLES,
    Table,
)
from kith.services.backup_check import Checker, Fields, Summary
from kith.services.backup_read import (
    MISSING,
    Backup,
    LayoutError,
    LoadedBackup,
    StreamedBackup,
)
from kith.services.context import Ctx
from kith.services.import_apply import ImportProgress
from kith.services.owners import get_owner, me_person

BATCH = 2000  # records written at a time
LINES_BETWEEN_LOOKS = 1000  # lines read between two looks at how far the file is read
# people's references to people, and to the import that created them, are filled in after
# every person and import exists
_SELF_REFS = ("introduced_by_id", "merged_into_id", "batch_id")
T = TypeVar("T")


def restore(ctx: Ctx, data: Any, *, file: str) -> dict[str, int]:
    """Restore a whole document already read (``data`` is consumed as it is written)."""
    ensure_empty(ctx)
    return _restore_loaded(ctx, data, file)


def restore_file(
    ctx: Ctx,
    path: Path,
    *,
    load: Callable[[Path], Any],
    reading: ReadProgress | None = None,
    progress: ImportProgress | None = None,
) -> dict[str, int]:
    """Restore a backup file: read a record at a time when kith wrote it, else read whole
    by ``load`` (which also names the line where invalid JSON breaks). ``reading`` is told
    how many of its bytes the check has read, then ``progress`` how many records are
    written, of how many."""
    ensure_empty(ctx)
    seen = _signature(path)
    try:
        summary = _check_file(path, reading)
    except LayoutError:
        return _restore_loaded(ctx, load(path), path.name, progress)
    if _signature(path) != seen:
        raise _changed(path)
    with path.open("rb") as handle:
        try:
            counts = Writer(ctx, summary, progress).write(StreamedBackup(handle))
        except LayoutError:
            raise _changed(path) from None
    if _signature(path) != seen:  # the caller's transaction takes back what was written
        raise _changed(path)
    return counts


def _restore_loaded(
    ctx: Ctx, data: Any, file: str, progress: ImportProgress | None = None
) -> dict[str, int]:
    summary = Checker(file).check(LoadedBackup(data))
    return Writer(ctx, summary, progress).write(LoadedBackup(data, writing=True))


def _check_file(path: Path, reading: ReadProgress | None = None) -> Summary:
    """The check, a record at a time; ``LayoutError`` if the file is not laid out as kith
    writes it, or its records are not in id order (the order new ids are given in)."""
    with path.open("rb") as handle:
        backup = StreamedBackup(lines_told(handle, reading))
        try:
            summary = Checker(path.name).check(backup)
        except ImportFormatError:
            backup.drain()  # invalid JSON further on is reported first, as when read whole
            raise
    if not summary.in_order:
        raise LayoutError("records out of id order")
    return summary


def lines_told(handle: BinaryIO, reading: ReadProgress | None) -> Iterator[bytes]:
    """The lines of ``handle``, telling ``reading`` how many of its bytes are read."""
    if reading is None:
        yield from handle
        return
    reads = Throttled(reading, os.fstat(handle.fileno()).st_size)
    for count, line in enumerate(handle):
        yield line
        if count % LINES_BETWEEN_LOOKS == 0:
            reads.at(handle.tell())
    reads.end()


def _signature(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns


def _changed(path: Path) -> ImportFormatError:
    return ImportFormatError(
        "the file changed while it was being restored.",
        file=path.name,
        hint="Restore it again once nothing writes to it.",
    )


def ensure_empty(ctx: Ctx) -> None:
    """Only the implicit ``me`` person (with nothing attached) may exist."""
    hint = "Use --db with a new file."
    people = ctx.session.scalar(
        select(Person.id).where(Person.owner_id == ctx.owner_id, Person.is_me.is_(False)).limit(1)
    )
    if people is not None:
        raise ConflictError(
            "This database already holds people; restore a backup only into an empty database.",
            hint=hint,
        )
    for table in (*TABLES[1:], PARTICIPANTS):
        model = table.model
        if ctx.session.scalar(select(model.id).where(model.owner_id == ctx.owner_id).limit(1)):
            label = table.key.replace("_", " ")
            raise ConflictError(
                f"This database already holds {label}; restore a backup only into an "
                "empty database.",
                hint=hint,
            )


# ---- writing --------------------------------------------------------------------------


class Writer:
    """The second pass: each table's records read again (all passed the check), written a
    chunk at a time with new ids, their references rewritten."""

    def __init__(self, ctx: Ctx, summary: Summary, progress: ImportProgress | None = None) -> None:
        self.ctx, self.summary, self.progress = ctx, summary, progress
        self.done = 0  # records written, for ``progress``
        self.maps: dict[str, dict[int, int]] = {}  # old id -> new id, of each table written
        self.counts: dict[str, int] = {}
        # people's references to people and imports: (id, *_SELF_REFS), filled in at the end
        self.self_refs: list[tuple[int, ...]] = []

    def write(self, backup: Backup) -> dict[str, int]:
        self.owner(self.summary.owner)
        for table in TABLES:
            raw = backup.records(table.key)
            values = Fields.of(table.key).values
            records = map(values, () if raw is MISSING else raw)
            if table.key == "people":
                self.people(records)
            else:
                self.table(table, records)
        _fill_self_refs(self.ctx, self.self_refs, self.maps)
        bump_data_revision(self.ctx.session, {self.ctx.owner_id})  # core inserts skip the hook
        self.ctx.session.flush()
        self.ctx.session.expire_all()
        return self.counts

    def _wrote(self, records: int) -> None:
        self.done += records
        if self.progress is not None:
            self.progress(min(self.done, self.summary.records), self.summary.records)

    def owner(self, settings: dict[str, Any]) -> None:
        owner = get_owner(self.ctx)
        for name, value in settings.items():
            kept = owner.settings
            if name == "settings" and isinstance(kept, dict) and "instance" in kept:
                value = {**value, "instance": kept["instance"]}  # keep this database's
            setattr(owner, name, value)

    def people(self, records: Iterator[dict[str, Any]]) -> None:
        """The backup's ``me`` becomes this database's ``me``; everyone else is inserted,
        their references to people and imports filled in once those exist."""
        me = me_person(self.ctx)
        rows = _Rows(self.ctx, TABLES[0])
        for chunk in _chunks(records, BATCH):
            others = []
            for rec in chunk:
                refs = tuple(rec[c] for c in _SELF_REFS)
                if any(ref is not None for ref in refs):
                    self.self_refs.append((rec["id"], *refs))
                if rec["is_me"]:
                    rows.mapping[rec["id"]] = me.id
                    for name, value in rec.items():
                        if name not in ("id", *_SELF_REFS):
                            setattr(me, name, value)
                else:
                    rec.update(dict.fromkeys(_SELF_REFS), owner_id=self.ctx.owner_id)
                    others.append(rec)
            rows.add(others)
            self._wrote(len(chunk))
        rows.flush()
        self.ctx.session.flush()
        self.maps["people"], self.counts["people"] = rows.mapping, rows.count

    def table(self, table: Table, records: Iterator[dict[str, Any]]) -> None:
        """Any other table; interactions each chunk followed by their participants."""
        rows = _Rows(self.ctx, table, keep=table.key in self.summary.mapped)
        parts = None
        if table.key == "interactions":
            parts = _Rows(self.ctx, PARTICIPANTS, keep="participants" in self.summary.mapped)
            self.maps["interactions"] = rows.mapping  # the chunk's, for its participants
        for chunk in _chunks(records, BATCH):
            if table.key == "import_changes":  # those whose row is gone since are left out
                chunk = [rec for rec in chunk if _changed_row(self.ctx, rec, self.maps) is not None]
            found = _participants(chunk) if parts is not None else []
            rows.add([_remap(self.ctx, table, rec, self.maps) for rec in chunk])
            if parts is not None:
                rows.flush()  # the interactions these participants are in, first
                parts.add([_remap(self.ctx, PARTICIPANTS, p, self.maps) for p in found])
            self._wrote(len(chunk))
        rows.flush()
        self.maps[table.key], self.counts[table.key] = rows.mapping, rows.count
        if parts is not None:
            parts.flush()
            self.maps["participants"], self.counts["participants"] = parts.mapping, parts.count


def _participants(interactions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The participants of these interactions, taken out of them, each naming its own."""
    return [
        {**part, "interaction_id": rec["id"]}
        for rec in interactions
        for part in rec.pop("participants", ())
    ]


class _Rows:
    """One table's rows, inserted as they come with fresh ids reserved a chunk at a time.
    Written as the imports write (``BulkInsert``: tuples already in the driver's form, many
    rows per statement); with RETURNING, SQLite gave the new ids in order only one row at a
    time. ``mapping`` is old id -> new id: of every row if ``keep`` (a later record points
    to them), else of the last chunk only (a dict of 200,000 ids is about 30 MB)."""

    def __init__(self, ctx: Ctx, table: Table, *, keep: bool = True) -> None:
        model = table.model.__table__
        names = [c.name for c in table.columns() if c.name != "id"] + ["owner_id"]
        self.ids = IdSequence(ctx.session, model)
        self.bulk = BulkInsert(ctx.session, model, ["id", *names], chunk=BATCH)
        self.pick = itemgetter(*names)  # by name: every row in the same column order
        dialect = ctx.session.get_bind().dialect
        # the driver's form: only for the columns that have one (dates, JSON, ...)
        self.convert = [
            (at, self.bulk.converter(name))
            for at, name in enumerate(names, start=1)
            if model.c[name].type.dialect_impl(dialect).bind_processor(dialect) is not None
        ]
        self.mapping: dict[int, int] = {}
        self.keep, self.count = keep, 0

    def add(self, rows: list[dict[str, Any]]) -> None:
        """Rows with their old ``id``, each given a new one."""
        new_ids = self.ids.take(len(rows))
        for new, row in zip(new_ids, rows, strict=True):
            values = [new, *self.pick(row)]
            for at, convert in self.convert:
                values[at] = convert(values[at])
            self.bulk.add(tuple(values))
        if not self.keep:
            self.mapping.clear()
        self.mapping.update(zip((row["id"] for row in rows), new_ids, strict=True))
        self.count += len(rows)

    def flush(self) -> None:
        self.bulk.flush()


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _fill_self_refs(
    ctx: Ctx, people: list[tuple[int, ...]], maps: dict[str, dict[int, int]]
) -> None:
    """People's references to people and to the import that created them, now that every
    person and import has its new id; a chunk at a time (30,000 at once took 33 MB)."""
    refs = TABLES[0].refs
    changes = (
        {
            "id": maps["people"][old],
            **{c: _mapped(maps[refs[c]], v) for c, v in zip(_SELF_REFS, values, strict=True)},
        }
        for old, *values in people
    )
    ctx.session.flush()
    for chunk in _chunks(changes, BATCH):
        ctx.session.execute(update(Person), chunk)


def _mapped(ids: dict[int, int], old: int | None) -> int | None:
    return None if old is None else ids[old]


def _remap(
    ctx: Ctx, table: Table, rec: dict[str, Any], maps: dict[str, dict[int, int]]
) -> dict[str, Any]:
    """The record as a row of this owner, its references rewritten to the new ids (in
    place: each record is read afresh for the writing)."""
    rec["owner_id"] = ctx.owner_id
    for column, target in table.refs.items():
        rec[column] = _mapped(maps[target], rec[column])
    if table.key in ("links", "merge_candidates"):  # stored with a < b
        rec["person_a_id"], rec["person_b_id"] = sorted((rec["person_a_id"], rec["person_b_id"]))
    elif table.key == "source_records" and rec["entity_type"] != DELETED:
        rec["entity_id"] = maps[ENTITY_TABLES[rec["entity_type"]]][rec["entity_id"]]
    elif table.key == "merge_records":
        rec["moved"] = _moved(rec["moved"], maps)
    elif table.key == "import_changes":
        rec["row_id"] = _changed_row(ctx, rec, maps)
        if rec["column_name"] == "batch_id":  # a source record's import, before and after
            batches = maps["import_batches"]
            rec["old"], rec["new"] = (batches.get(v) for v in (rec["old"], rec["new"]))
    return rec


def _changed_row(ctx: Ctx, rec: dict[str, Any], maps: dict[str, dict[int, int]]) -> int | None:
    """The new id of the row an import change is about (None: no longer in the backup)."""
    if rec["table_name"] == "owners":
        return ctx.owner_id
    return maps.get(rec["table_name"], {}).get(rec["row_id"])


def _moved(moved: dict[str, list[int]], maps: dict[str, dict[int, int]]) -> dict[str, list[int]]:
    """New ids of what a merge moved. An id whose row is gone (e.g. a membership left
    later) is dropped: undo skips it anyway, and kept it could hit an unrelated new row."""
    out: dict[str, list[int]] = {}
    for name, ids in moved.items():
        known = maps[MOVED_TABLES[name]]
        out[name] = [known[i] for i in ids if i in known]
    return out
