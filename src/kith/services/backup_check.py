"""Checking a kith backup before anything is restored: every record's fields, their
types and lengths, and that every reference points at a record in the backup. The first
problem raises ``ImportFormatError`` naming the table and record; a backup that passes is
returned with its values converted (``Checked``), for ``backup_restore`` to write.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, NoReturn

from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, String

from kith.db.migrate import alembic_config, head_revision
from kith.errors import ImportFormatError
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

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OWNER_TYPES: dict[str, tuple[type, ...]] = {
    "weekly_budget": (int,),
    "timezone": (str,),
    "my_emails": (list,),
    "settings": (dict,),
}
# the tables an import change may be about
CHANGED_TABLES = frozenset({"owners", *(t.key for t in TABLES)})


@dataclass
class Checked:
    """A backup that passed every check, values converted to Python types."""

    owner: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    participants: list[dict[str, Any]] = field(default_factory=list)


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
        if table.key not in data and table.key not in OPTIONAL_TABLES:
            self.fail(f'the backup has no "{table.key}" table')
        # taken out of the document as it is checked: the raw records are freed as their
        # checked copies are made (a large backup is not held twice); absent from a backup
        # made before the table existed: empty
        raw = data.pop(table.key, [])
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
