"""Checking a kith backup before anything is restored: every record's fields, their
types and lengths, and that every reference points at a record in the backup.

The check reads the backup once, a record at a time (``backup_read``), and keeps only the
ids of each table: a reference to a table already read is checked at once, one to a table
not read yet (people name the import that created them, and each other) when the backup
ends. The first problem raises ``ImportFormatError`` naming the table and record. Problems
with a single record (a type, a missing field, a duplicate id) are raised where they are
read; those between records (references, participants, ``moved``) are raised once every
record has been read, the first in the order a whole-document check would find them (by
table, then record id), so a backup's first problem is named the same however it is read.
``Checker.record`` also converts a record's values, for the restore to write.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
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
    TABLES,
    Table,
)
from kith.services.backup_read import MISSING, Backup

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OWNER_TYPES: dict[str, tuple[type, ...]] = {
    "weekly_budget": (int,),
    "timezone": (str,),
    "my_emails": (list,),
    "settings": (dict,),
}
# the tables an import change may be about
CHANGED_TABLES = frozenset({"owners", *(t.key for t in TABLES)})
# where a problem between records comes in a whole-document check: (step, table, record id,
# column); the steps in the order that check took them
Rank = tuple[int, int, int, int]
_PARTICIPANT_SHAPES, _PARTICIPANT_IDS, _REFERENCES, _ENTITIES, _MOVED, _CHANGES = range(6)
_PARTICIPANTS_ORDER = len(TABLES)  # participants' references: after every table's


class Summary(NamedTuple):
    """What the check learned that the writing needs."""

    owner: dict[str, Any]  # the owner settings, checked
    in_order: bool  # each table's records (and each interaction's participants) by id
    # the tables whose old -> new ids the writing needs after writing them
    mapped: frozenset[str]
    records: int = 0  # of every table: what the writing counts its progress in


class Fields(NamedTuple):
    """How one table's records are checked: its columns but the id, and the keys allowed."""

    columns: list[Check]
    allowed: frozenset[str]
    names: tuple[str, ...]  # of the columns
    converting: tuple[tuple[str, Callable[[Any], Any]], ...]  # columns whose values change

    @staticmethod
    @functools.cache
    def of(key: str) -> Fields:
        table = next(t for t in TABLES if t.key == key)
        columns = [_check(c) for c in table.columns() if c.name != "id"]
        extra = {"participants"} if key == "interactions" else set()
        allowed = frozenset({"id", *(c.name for c in columns), *extra})
        converting = tuple((c.name, c.convert) for c in columns if c.convert in _CHANGING)
        return Fields(columns, allowed, tuple(c.name for c in columns), converting)

    def values(self, record: dict[str, Any]) -> dict[str, Any]:
        """A record that passed the check, converted as ``Checker.record`` converts it,
        with less work (the writing reads every record again): every column, only dates,
        times and numbers converted, nothing checked."""
        values = dict.fromkeys(self.names)
        values.update(record)
        for name, convert in self.converting:
            if values[name] is not None:
                values[name] = convert(values[name])
        return values


@functools.cache
def known_revisions() -> frozenset[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(rev.revision for rev in script.walk_revisions())


# ---- checking --------------------------------------------------------------------------


class Checker:
    """Checks a backup in one pass; the first problem raises ``ImportFormatError``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.ids: dict[str, set[int]] = {}  # of each table read so far
        self.participant_ids: set[int] = set()
        # references to a table not read yet: (rank, table, column, value, target)
        self.pending: list[tuple[Rank, str, str, int, str]] = []
        self.first: tuple[Rank, str] | None = None  # the first problem between records
        self.mine = 0  # people with is_me
        self.in_order = True
        # what a later record points to: the targets of every reference, and the tables
        # named by source records, merges' moved ids and import changes
        self.mapped = {target for table in TABLES for target in table.refs.values()}

    def fail(self, message: str, hint: str | None = None) -> NoReturn:
        """Raise for the first problem: a sentence after "Could not read `file`: "."""
        raise ImportFormatError(message + ".", file=self.file, hint=hint)

    def defer(self, rank: Rank, message: str) -> None:
        """A problem between records: raised once every record is read, the first by rank."""
        if self.first is None or rank < self.first[0]:
            self.first = (rank, message)

    def check(self, backup: Backup) -> Summary:
        owner = self.head(backup.head)
        for order, table in enumerate(TABLES):
            self.table(order, table, backup.records(table.key))
        backup.end()
        for rank, key, column, value, target in self.pending:
            self.reference(rank, key, column, value, target)
        if self.first is not None:
            self.fail(self.first[1])
        if self.mine != 1:
            self.fail(f'the backup needs exactly one "me" person (is_me true), not {self.mine}')
        records = sum(len(ids) for ids in self.ids.values())
        return Summary(owner, self.in_order, frozenset(self.mapped), records)

    def head(self, data: Any) -> dict[str, Any]:
        """The format version, schema and owner settings; returns the settings."""
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
        return self.owner(data.get("owner"))

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

    def table(self, order: int, table: Table, raw: Any) -> None:
        """Every record of one table, then its ids, kept for the references to it."""
        fields = Fields.of(table.key)
        ids: set[int] = set()
        twice: int | None = None  # raised once the table is read, as a whole check would
        last = None
        for n, record in enumerate(self.listed(table.key, raw)):
            checked = self.record(table.key, fields, record, n)
            rid = checked["id"]
            if rid in ids and twice is None:
                twice = rid
            self.in_order = self.in_order and (last is None or rid > last)
            last = rid
            ids.add(rid)
            self.between(order, table, checked)
        if twice is not None:
            self.fail(f"{table.key} has two records with id {twice}")
        self.ids[table.key] = ids

    def listed(self, key: str, raw: Any) -> Iterator[Any]:
        if raw is MISSING and key not in OPTIONAL_TABLES:
            self.fail(f'the backup has no "{key}" table')
        if raw is MISSING:  # absent from a backup made before the table existed: empty
            return iter(())
        if not isinstance(raw, list | Iterator):
            self.fail(f'"{key}" is not a list of records')
        return iter(raw)

    def record(self, key: str, fields: Fields, record: Any, n: int) -> dict[str, Any]:
        """One record checked, its values converted (an interaction's participants as
        they are: ``participants`` checks them)."""
        if not isinstance(record, dict):
            self.fail(f"{key} record #{n + 1} is not an object")
        rid = record.get("id")
        if type(rid) is not int:
            self.fail(f"{key} record #{n + 1} has no valid id")
        if not fields.allowed.issuperset(record):
            unknown = sorted(set(record) - fields.allowed)
            self.fail(f"{key} record {rid} has an unknown field '{unknown[0]}'")
        values: dict[str, Any] = {"id": rid}
        for column in fields.columns:
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
        if "participants" in fields.allowed:
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

    # ---- between records: raised once every record is read -----------------------------

    def between(self, order: int, table: Table, rec: dict[str, Any]) -> None:
        """What one record says about others: its references, and what each table adds."""
        rid = rec["id"]
        for n, (column, target) in enumerate(table.refs.items()):
            self.reference((_REFERENCES, order, rid, n), table.key, column, rec[column], target)
        if table.key == "people":
            self.mine += bool(rec["is_me"])
        elif table.key == "interactions":
            self.participants(rid, rec["participants"])
        elif table.key == "source_records":
            self.entity(rec)
        elif table.key == "merge_records":
            self.moved(rec)
        elif table.key == "import_changes":
            self.change(rec)

    def reference(self, rank: Rank, key: str, column: str, value: int | None, target: str) -> None:
        """Checked now if ``target`` has been read, else once every table has."""
        if value is None:
            return
        ids = self.ids.get(target)
        if ids is None:
            self.pending.append((rank, key, column, value, target))
        elif value not in ids:
            self.defer(
                rank,
                f"{key} record {rank[2]}: '{column}' points to {target} record {value}, which "
                "is not in the backup",
            )

    def participants(self, interaction: int, items: Any) -> None:
        """An interaction's participants: their shape, unique ids, and the people they name."""
        where = f"interactions record {interaction}"
        if not isinstance(items, list):
            self.defer(
                (_PARTICIPANT_SHAPES, 0, interaction, 0), f"{where}: 'participants' is not a list"
            )
            return
        for item in items:
            if (
                not isinstance(item, dict)
                or set(item) != {"id", "person_id"}
                or not all(_is_int(v) for v in item.values())
            ):
                message = f"{where}: each participant needs just an 'id' and a 'person_id'"
                self.defer((_PARTICIPANT_SHAPES, 0, interaction, 0), message)
                return
        last = None
        for n, item in enumerate(items):
            pid = item["id"]
            if pid in self.participant_ids:
                rank = (_PARTICIPANT_IDS, 0, interaction, n)
                self.defer(rank, f"participants has two records with id {pid}")
            self.participant_ids.add(pid)
            self.in_order = self.in_order and (last is None or pid > last)
            last = pid
            # its interaction_id is the interaction it is in
            rank = (_REFERENCES, _PARTICIPANTS_ORDER, pid, 1)
            self.reference(rank, "participants", "person_id", item["person_id"], "people")

    def entity(self, rec: dict[str, Any]) -> None:
        """What a source record stands for (an imported interaction deleted since: none)."""
        where = f"source_records record {rec['id']}"
        if rec["entity_type"] == DELETED:
            return
        rank = (_ENTITIES, 0, rec["id"], 0)
        table = ENTITY_TABLES.get(rec["entity_type"])
        if table is None:
            self.defer(rank, f"{where}: unknown entity type '{rec['entity_type']}'")
            return
        self.reference(rank, "source_records", "entity_id", rec["entity_id"], table)
        self.mapped.add(table)

    def change(self, rec: dict[str, Any]) -> None:
        """What an import did to a row already there: in a table kith knows."""
        if rec["table_name"] not in CHANGED_TABLES:
            message = f"import_changes record {rec['id']}: unknown table '{rec['table_name']}'"
            self.defer((_CHANGES, 0, rec["id"], 0), message)
        self.mapped.add(rec["table_name"])

    def moved(self, rec: dict[str, Any]) -> None:
        moved = rec["moved"]
        where = f"merge_records record {rec['id']}"
        rank = (_MOVED, 0, rec["id"], 0)
        if not isinstance(moved, dict):
            self.defer(rank, f"{where}: 'moved' should be an object of id lists")
            return
        for name, ids in moved.items():
            if name not in MOVED_TABLES:
                self.defer(rank, f"{where}: 'moved' names an unknown table '{name}'")
                return
            if not isinstance(ids, list) or not all(_is_int(i) for i in ids):
                self.defer(rank, f"{where}: 'moved' {name} should be a list of ids")
                return
            self.mapped.add(MOVED_TABLES[name])


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
        return "a number", _float
    if isinstance(kind, String):
        return "text", lambda v: v if isinstance(v, str) else _INVALID
    if isinstance(kind, JSON) and column.table.name == "import_changes":
        return "a JSON value", lambda v: v  # a column's value before or after an import: any
    if isinstance(kind, JSON):
        return "a list or an object", lambda v: v if isinstance(v, list | dict) else _INVALID
    raise TypeError(f"no backup conversion for {kind!r}")  # a new column type: add it above


def _float(value: Any) -> Any:
    return float(value) if type(value) in (int, float) else _INVALID


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


# the conversions that change a valid value (the others only check its type)
_CHANGING = (_datetime, _day, _float)
