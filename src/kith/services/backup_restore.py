"""Restoring a kith backup: check the whole document first (``backup_check``), then write
it with new ids.

Nothing is written until every record has been checked (types, required fields, and that
every reference points at a record in the backup), so a bad document leaves the database
untouched. New ids come from the database; one old -> new map per table rewrites every
reference, including the ids inside ``merge_records.moved`` and
``source_records.entity_id``.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from sqlalchemy import select, update

from kith.db.bulk import BulkInsert
from kith.db.engine import bump_data_revision, reserve_ids
from kith.errors import ConflictError
from kith.models import Person
from kith.services.backup import (
    DELETED,
    ENTITY_TABLES,
    MOVED_TABLES,
    PARTICIPANTS,
    TABLES,
    Table,
)
from kith.services.backup_check import Checked, Checker
from kith.services.context import Ctx
from kith.services.owners import get_owner, me_person

BATCH = 2000
# people's references to people, and to the import that created them, are filled in after
# every person and import exists
_SELF_REFS = ("introduced_by_id", "merged_into_id", "batch_id")


def restore(ctx: Ctx, data: Any, *, file: str) -> dict[str, int]:
    ensure_empty(ctx)
    checked = Checker(file).document(data)
    return _write(ctx, checked)


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


# ---- writing ---------------------------------------------------------------------------


def _write(ctx: Ctx, checked: Checked) -> dict[str, int]:
    owner = get_owner(ctx)
    for name, value in checked.owner.items():
        if name == "settings" and isinstance(owner.settings, dict) and "instance" in owner.settings:
            value = {**value, "instance": owner.settings["instance"]}  # keep this database's
        setattr(owner, name, value)
    maps: dict[str, dict[int, int]] = {"people": _write_people(ctx, checked.tables["people"])}
    counts = {"people": len(checked.tables["people"]) - 1}
    for table in TABLES[1:]:  # each table's records let go once written
        records = checked.tables.pop(table.key)
        if table.key == "import_changes":  # those whose row is gone since are left out
            records = [rec for rec in records if _changed_row(ctx, rec, maps) is not None]
        rows = [_remap(ctx, table, rec, maps) for rec in records]
        maps[table.key] = _insert(ctx, table, records, rows)
        counts[table.key] = len(rows)
        if table.key == "interactions":
            parts, checked.participants = checked.participants, []
            rows = [_remap(ctx, PARTICIPANTS, p, maps) for p in parts]
            maps["participants"] = _insert(ctx, PARTICIPANTS, parts, rows)
            counts["participants"] = len(rows)
    _fill_self_refs(ctx, checked.tables["people"], maps)
    bump_data_revision(ctx.session, {ctx.owner_id})  # core inserts skip the flush hook
    ctx.session.flush()
    ctx.session.expire_all()
    return counts


def _write_people(ctx: Ctx, records: list[dict[str, Any]]) -> dict[int, int]:
    """The backup's ``me`` becomes this database's ``me``; everyone else is inserted."""
    me = me_person(ctx)
    mapping: dict[int, int] = {}
    others = []
    for rec in records:
        if rec["is_me"]:
            mapping[rec["id"]] = me.id
            for name, value in rec.items():
                if name not in ("id", *_SELF_REFS):
                    setattr(me, name, value)
        else:
            others.append(rec)
    ctx.session.flush()
    rows = [
        {**_row(ctx, rec), **dict.fromkeys(_SELF_REFS)}  # filled in by _fill_self_refs
        for rec in others
    ]
    mapping.update(_insert(ctx, TABLES[0], others, rows))
    return mapping


def _fill_self_refs(
    ctx: Ctx, records: list[dict[str, Any]], maps: dict[str, dict[int, int]]
) -> None:
    people, refs = maps["people"], TABLES[0].refs
    changes = [
        {"id": people[rec["id"]], **{c: _mapped(maps[refs[c]], rec[c]) for c in _SELF_REFS}}
        for rec in records
        if any(rec[c] is not None for c in _SELF_REFS)
    ]
    if changes:
        ctx.session.flush()
        ctx.session.execute(update(Person), changes)


def _mapped(ids: dict[int, int], old: int | None) -> int | None:
    return None if old is None else ids[old]


def _row(ctx: Ctx, rec: dict[str, Any]) -> dict[str, Any]:
    row = {name: value for name, value in rec.items() if name != "id"}
    row["owner_id"] = ctx.owner_id
    return row


def _remap(
    ctx: Ctx, table: Table, rec: dict[str, Any], maps: dict[str, dict[int, int]]
) -> dict[str, Any]:
    row = _row(ctx, rec)
    for column, target in table.refs.items():
        row[column] = _mapped(maps[target], row[column])
    if table.key in ("links", "merge_candidates"):  # stored with a < b
        row["person_a_id"], row["person_b_id"] = sorted((row["person_a_id"], row["person_b_id"]))
    elif table.key == "source_records" and row["entity_type"] != DELETED:
        row["entity_id"] = maps[ENTITY_TABLES[row["entity_type"]]][row["entity_id"]]
    elif table.key == "merge_records":
        row["moved"] = _moved(row["moved"], maps)
    elif table.key == "import_changes":
        row["row_id"] = _changed_row(ctx, rec, maps)
        if row["column_name"] == "batch_id":  # a source record's import, before and after
            batches = maps["import_batches"]
            row["old"], row["new"] = (batches.get(v) for v in (row["old"], row["new"]))
    return row


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


def _insert(
    ctx: Ctx, table: Table, records: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> dict[int, int]:
    """Insert with fresh ids reserved up front; returns old id -> new id. Written as the
    imports write (``BulkInsert``: tuples already in the driver's form, many rows per
    statement); with RETURNING, SQLite gave the new ids in order only one row at a time."""
    if not rows:
        return {}
    new_ids = reserve_ids(ctx.session, table.model.__table__, len(rows))
    names = ["id", *rows[0]]
    bulk = BulkInsert(ctx.session, table.model.__table__, names, chunk=BATCH)
    convert = [bulk.converter(name) for name in names]
    pick = itemgetter(*names[1:])  # by name: every row in the same column order
    for new, row in zip(new_ids, rows, strict=True):
        values = (new, *pick(row)) if len(names) > 2 else (new, pick(row))
        bulk.add(tuple(c(v) for c, v in zip(convert, values, strict=True)))
    bulk.flush()
    return dict(zip((rec["id"] for rec in records), new_ids, strict=True))
