"""Restoring a kith backup: check the whole document first, then write it with new ids.

Nothing is written until every record has been checked (types, required fields, and that
every reference points at a record in the backup), so a bad document leaves the database
untouched. New ids come from the database; one old -> new map per table rewrites every
reference, including the ids inside ``merge_records.moved`` and
``source_records.entity_id``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any, NamedTuple, NoReturn

from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    select,
    update,
)

from kith.db.bulk import BulkInsert
from kith.db.engine import bump_data_revision, reserve_ids
from kith.db.migrate import alembic_config, head_revision
from kith.errors import ConflictError, ImportFormatError
from kith.models import Person
from kith.models.base import UTCDateTime
from kith.services.backup import (
    DELETED,
    ENTITY_TABLES,
    FORMAT_VERSION,
    MARKER,
    MOVED_TABLES,
    OPTIONAL_TABLES,
    OWNER_FIELDS,
    PARTICIPANTS,
    TABLES,
    Table,
)
from kith.services.context import Ctx
from kith.services.owners import get_owner, me_person

BATCH = 2000
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OWNER_TYPES: dict[str, tuple[type, ...]] = {
    "weekly_budget": (int,),
    "timezone": (str,),
    "my_emails": (list,),
    "settings": (dict,),
}
# the tables an import change may be about
CHANGED_TABLES = frozenset({"owners", *(t.key for t in TABLES)})
# people's references to people, and to the import that created them, are filled in after
# every person and import exists
_SELF_REFS = ("introduced_by_id", "merged_into_id", "batch_id")


@dataclass
class Checked:
    """A backup that passed every check, values converted to Python types."""

    owner: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    participants: list[dict[str, Any]] = field(default_factory=list)


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


@functools.cache
def known_revisions() -> frozenset[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(rev.revision for rev in script.walk_revisions())


# ---- checking --------------------------------------------------------------------------


class Checker:
    """Checks a backup document; the first problem raises ``ImportFormatError``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.ids: dict[str, set[int]] = {}

    def fail(self, message: str, hint: str | None = None) -> NoReturn:
        """Raise for the first problem: a sentence after "Could not read `file`: "."""
        raise ImportFormatError(message + ".", file=self.file, hint=hint)

    def document(self, data: Any) -> Checked:
        if not isinstance(data, dict) or MARKER not in data:
            self.fail(
                'this is not a kith backup (it has no "kith_backup" marker)',
                hint="Make one with `kith export json`.",
            )
        version = data[MARKER]
        if version != FORMAT_VERSION or isinstance(version, bool):
            self.fail(
                f"unknown backup version {json.dumps(version)}; this kith reads version "
                f"{FORMAT_VERSION}",
                hint="Upgrade kith, then restore.",
            )
        self.schema(data.get("schema"))
        checked = Checked(owner=self.owner(data.get("owner")))
        for table in TABLES:
            checked.tables[table.key] = self.records(table, data)
        checked.participants = self.participants(checked.tables["interactions"])
        self.references(checked)
        return checked

    def schema(self, value: Any) -> None:
        if not isinstance(value, str) or not value:
            self.fail('the backup has no "schema" revision')
        if value not in known_revisions():
            self.fail(
                f"the backup comes from a newer kith (schema {value}); this kith knows up to "
                f"{head_revision()}",
                hint="Upgrade kith, then restore.",
            )

    def owner(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail('the backup has no "owner" settings')
        for name in OWNER_FIELDS:
            if name not in value:
                self.fail(f"owner settings have no '{name}'")
            kinds = _OWNER_TYPES[name]
            if not isinstance(value[name], kinds) or isinstance(value[name], bool):
                self.fail(f"owner setting '{name}' has the wrong type")
        if not all(isinstance(e, str) for e in value["my_emails"]):
            self.fail("owner setting 'my_emails' must be a list of addresses")
        return {name: value[name] for name in OWNER_FIELDS}

    def records(self, table: Table, data: dict[str, Any]) -> list[dict[str, Any]]:
        if table.key not in data and table.key in OPTIONAL_TABLES:
            data = {**data, table.key: []}  # a backup from before the table existed
        if table.key not in data:
            self.fail(f'the backup has no "{table.key}" table')
        raw = data[table.key]
        if not isinstance(raw, list):
            self.fail(f'"{table.key}" is not a list of records')
        columns = [_check(c) for c in table.columns() if c.name != "id"]
        allowed = {"id", *(c.name for c in columns)}
        if table.key == "interactions":
            allowed.add("participants")
        out = [self.record(table.key, columns, allowed, rec, n) for n, rec in enumerate(raw)]
        self.collect_ids(table.key, [r["id"] for r in out])
        return sorted(out, key=lambda r: int(r["id"]))

    def collect_ids(self, key: str, ids: list[int]) -> None:
        seen: set[int] = set()
        for rid in ids:
            if rid in seen:
                self.fail(f"{key} has two records with id {rid}")
            seen.add(rid)
        self.ids[key] = seen

    def record(
        self, key: str, columns: list[Check], allowed: set[str], record: Any, n: int
    ) -> dict[str, Any]:
        if not isinstance(record, dict):
            self.fail(f"{key} record #{n + 1} is not an object")
        rid = record.get("id")
        if type(rid) is not int:
            self.fail(f"{key} record #{n + 1} has no valid id")
        if not allowed.issuperset(record):
            unknown = sorted(set(record) - allowed)
            self.fail(f"{key} record {rid} has an unknown field '{unknown[0]}'")
        values: dict[str, Any] = {"id": rid}
        for column in columns:
            raw = record.get(column.name)
            if raw is None:
                if column.required:
                    self.missing(f"{key} record {rid}", column, record)
                values[column.name] = None
                continue
            converted = column.convert(raw)
            if converted is _INVALID or (
                column.length is not None
                and isinstance(converted, str)
                and len(converted) > column.length
            ):
                self.invalid(f"{key} record {rid}", column, raw)
            values[column.name] = converted
        if "participants" in allowed:
            values["participants"] = record.get("participants", [])
        return values

    def missing(self, where: str, column: Check, record: dict[str, Any]) -> NoReturn:
        if column.name not in record:
            self.fail(f"{where} has no '{column.name}'")
        self.fail(f"{where}: '{column.name}' must not be empty")

    def invalid(self, where: str, column: Check, value: Any) -> NoReturn:
        if column.convert(value) is not _INVALID:
            self.fail(f"{where}: '{column.name}' is longer than {column.length} characters")
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        self.fail(f"{where}: '{column.name}' should be {column.expected}, not {shown}")

    def participants(self, interactions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for interaction in interactions:
            where = f"interactions record {interaction['id']}"
            items = interaction.pop("participants")
            if not isinstance(items, list):
                self.fail(f"{where}: 'participants' is not a list")
            for item in items:
                if (
                    not isinstance(item, dict)
                    or set(item) != {"id", "person_id"}
                    or not all(_is_int(v) for v in item.values())
                ):
                    self.fail(f"{where}: each participant needs just an 'id' and a 'person_id'")
                found.append({**item, "interaction_id": interaction["id"]})
        self.collect_ids("participants", [p["id"] for p in found])
        return sorted(found, key=lambda p: int(p["id"]))

    def references(self, checked: Checked) -> None:
        tables = [(t, checked.tables[t.key]) for t in TABLES]
        for table, records in [*tables, (PARTICIPANTS, checked.participants)]:
            for rec in records:
                for column, target in table.refs.items():
                    self.reference(f"{table.key} record {rec['id']}", column, rec[column], target)
        for rec in checked.tables["source_records"]:
            self.entity(rec)
        for rec in checked.tables["merge_records"]:
            self.moved(rec)
        for rec in checked.tables["import_changes"]:
            if rec["table_name"] not in CHANGED_TABLES:
                self.fail(f"import_changes record {rec['id']}: unknown table '{rec['table_name']}'")
        mine = [p["id"] for p in checked.tables["people"] if p["is_me"]]
        if len(mine) != 1:
            self.fail(f'the backup needs exactly one "me" person (is_me true), not {len(mine)}')

    def reference(self, where: str, column: str, value: int | None, target: str) -> None:
        if value is not None and value not in self.ids[target]:
            self.fail(
                f"{where}: '{column}' points to {target} record {value}, which is not in the backup"
            )

    def entity(self, rec: dict[str, Any]) -> None:
        where = f"source_records record {rec['id']}"
        if rec["entity_type"] == DELETED:  # an imported interaction deleted since
            return
        table = ENTITY_TABLES.get(rec["entity_type"])
        if table is None:
            self.fail(f"{where}: unknown entity type '{rec['entity_type']}'")
        self.reference(where, "entity_id", rec["entity_id"], table)

    def moved(self, rec: dict[str, Any]) -> None:
        moved = rec["moved"]
        where = f"merge_records record {rec['id']}"
        if not isinstance(moved, dict):
            self.fail(f"{where}: 'moved' should be an object of id lists")
        for name, ids in moved.items():
            if name not in MOVED_TABLES:
                self.fail(f"{where}: 'moved' names an unknown table '{name}'")
            if not isinstance(ids, list) or not all(_is_int(i) for i in ids):
                self.fail(f"{where}: 'moved' {name} should be a list of ids")


_INVALID = object()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Check(NamedTuple):
    """How one column's values are checked and converted (made once per table)."""

    name: str
    required: bool
    expected: str  # what a valid value is, for the error
    convert: Callable[[Any], Any]  # the stored value, or ``_INVALID``
    length: int | None


def _check(column: Column[Any]) -> Check:
    expected, convert = _converter(column)
    length = getattr(column.type, "length", None)
    return Check(column.name, not column.nullable, expected, convert, length)


def _converter(column: Column[Any]) -> tuple[str, Callable[[Any], Any]]:
    """(what is expected, value -> the converted value or ``_INVALID``)."""
    kind = column.type
    if isinstance(kind, UTCDateTime | DateTime):
        return "a UTC date and time (ISO 8601)", _datetime
    if isinstance(kind, Date):
        return "a date (YYYY-MM-DD)", _day
    if isinstance(kind, Boolean):
        return "true or false", lambda v: v if type(v) is bool else _INVALID
    if isinstance(kind, Integer):
        return "a whole number", lambda v: v if type(v) is int else _INVALID
    if isinstance(kind, Float):
        return "a number", lambda v: float(v) if type(v) in (int, float) else _INVALID
    if isinstance(kind, String):
        return "text", lambda v: v if isinstance(v, str) else _INVALID
    if isinstance(kind, JSON) and column.table.name == "import_changes":
        return "a JSON value", lambda v: v  # a column's value before or after an import: any
    if isinstance(kind, JSON):
        return "a list or an object", lambda v: v if isinstance(v, list | dict) else _INVALID
    raise TypeError(f"no backup conversion for {kind!r}")  # a new column type: add it above


def _day(value: Any) -> Any:
    return _date(value) if isinstance(value, str) and _DAY.match(value) else _INVALID


def _date(value: str) -> Any:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return _INVALID


def _datetime(value: Any) -> Any:
    if not isinstance(value, str):
        return _INVALID
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _INVALID
    return _INVALID if moment.tzinfo is None else moment.astimezone(UTC)


# ---- writing ---------------------------------------------------------------------------


def _write(ctx: Ctx, checked: Checked) -> dict[str, int]:
    owner = get_owner(ctx)
    for name, value in checked.owner.items():
        if name == "settings" and isinstance(owner.settings, dict) and "instance" in owner.settings:
            value = {**value, "instance": owner.settings["instance"]}  # keep this database's
        setattr(owner, name, value)
    maps: dict[str, dict[int, int]] = {"people": _write_people(ctx, checked.tables["people"])}
    counts = {"people": len(checked.tables["people"]) - 1}
    for table in TABLES[1:]:
        records = checked.tables[table.key]
        if table.key == "import_changes":  # those whose row is gone since are left out
            records = [rec for rec in records if _changed_row(ctx, rec, maps) is not None]
        rows = [_remap(ctx, table, rec, maps) for rec in records]
        maps[table.key] = _insert(ctx, table, records, rows)
        counts[table.key] = len(rows)
        if table.key == "interactions":
            parts = checked.participants
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
