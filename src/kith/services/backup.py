"""The full JSON backup of one owner's data: its format, the export, and (in
``backup_restore``) the restore into an empty database.

Format, version 1::

    {"kith_backup": 1, "schema": "<alembic revision>", "exported_at": "...Z",
     "owner": {"weekly_budget", "timezone", "my_emails", "settings"},
     "people": [...], "contact_points": [...], ..., "merge_records": [...]}

Each table is a list of records ordered by id, one key per column (``owner_id`` left out:
the restore gives every row to the owner restoring it). Ids are kept so references survive;
the restore assigns new ids and rewrites every reference. Dates are ``YYYY-MM-DD``,
datetimes ISO 8601 in UTC ending in ``Z``. Interactions carry their participants as
``"participants": [{"id", "person_id"}]``. The export writes one record per line, which
the restore reads a record at a time (``backup_read``); any other layout restores too, read
whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Column, select

from kith.db.migrate import head_revision
from kith.models import (
    ContactPoint,
    Goal,
    Group,
    GroupActivity,
    ImportBatch,
    ImportChange,
    Interaction,
    Link,
    Membership,
    MergeCandidate,
    MergeRecord,
    Organization,
    Participant,
    Person,
    PersonTag,
    Position,
    Reminder,
    SourceRecord,
)
from kith.services.context import Ctx
from kith.services.owners import get_owner

MARKER = "kith_backup"
FORMAT_VERSION = 1
OWNER_FIELDS = ("weekly_budget", "timezone", "my_emails", "settings")
SKIPPED_COLUMNS = frozenset({"owner_id"})
CHUNK_ROWS = 500  # records read and written at a time


def _owner_value(owner: Any, name: str) -> Any:
    """The owner's settings without the internal cache token (it belongs to one database)."""
    value = getattr(owner, name)
    if name == "settings" and isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "instance"}
    return value


@dataclass(frozen=True)
class Table:
    """One owned table in the backup: its key, model, and which columns point where."""

    key: str
    model: Any
    refs: dict[str, str] = field(default_factory=dict)

    def columns(self) -> list[Column[Any]]:
        return [c for c in self.model.__table__.columns if c.name not in SKIPPED_COLUMNS]


# In restore order: every table comes after the tables it points to, except people, first:
# they point to themselves and to the import that created them, columns the restore fills
# in a second pass.
TABLES: tuple[Table, ...] = (
    Table(
        "people",
        Person,
        {"introduced_by_id": "people", "merged_into_id": "people", "batch_id": "import_batches"},
    ),
    Table("import_batches", ImportBatch),
    Table("contact_points", ContactPoint, {"person_id": "people"}),
    Table("person_tags", PersonTag, {"person_id": "people"}),
    Table("organizations", Organization),
    Table("positions", Position, {"person_id": "people", "organization_id": "organizations"}),
    Table("links", Link, {"person_a_id": "people", "person_b_id": "people"}),
    Table("interactions", Interaction, {"batch_id": "import_batches"}),
    Table("groups", Group),
    Table("memberships", Membership, {"group_id": "groups", "person_id": "people"}),
    Table("group_activities", GroupActivity, {"group_id": "groups", "person_id": "people"}),
    Table("goals", Goal),
    Table("reminders", Reminder, {"person_id": "people"}),
    Table("source_records", SourceRecord, {"batch_id": "import_batches"}),
    Table("merge_candidates", MergeCandidate, {"person_a_id": "people", "person_b_id": "people"}),
    Table("merge_records", MergeRecord, {"kept_id": "people", "merged_id": "people"}),
    # what imports did to rows already there (for undo); ``row_id`` points into the table
    # named by ``table_name`` (``owners``: the owner restoring it)
    Table("import_changes", ImportChange, {"batch_id": "import_batches"}),
)
# tables newer than format 1's first backups: absent means empty
OPTIONAL_TABLES = frozenset({"import_changes"})
PARTICIPANTS = Table(
    "participants", Participant, {"interaction_id": "interactions", "person_id": "people"}
)
# the key a merge record's ``moved`` uses for each table (see kith.services.merge)
MOVED_TABLES = {
    "contact_points": "contact_points",
    "tags": "person_tags",
    "positions": "positions",
    "participants": "participants",
    "memberships": "memberships",
    "group_activities": "group_activities",
    "reminders": "reminders",
    "links": "links",
}
# source_records.entity_type of an imported interaction deleted since: it points nowhere
# (entity_id 0) and keeps a re-import from bringing the interaction back
DELETED = "deleted"
# source_records.entity_type -> the table its entity_id points into
ENTITY_TABLES = {
    "person": "people",
    "interaction": "interactions",
    "organization": "organizations",
    "position": "positions",
    "link": "links",
    "group": "groups",
    "membership": "memberships",
    "goal": "goals",
    "reminder": "reminders",
    "contact_point": "contact_points",
}


def export_backup(ctx: Ctx) -> dict[str, Any]:
    """Everything this owner has, as JSON-ready data (see the module docstring)."""
    return cast(dict[str, Any], json.loads("".join(backup_chunks(ctx))))


def backup_chunks(ctx: Ctx) -> Iterator[str]:
    """The backup as JSON text, written as it is read: one record per line, a few hundred
    lines per chunk, rows fetched a chunk at a time. Memory stays flat however large the
    network (building the whole document first took 1.4 GB for 30,000 people and 200,000
    interactions). The restore reads this layout a line at a time (``backup_read``): a
    change here needs a change there, or restores fall back to reading the whole file."""
    ctx.session.flush()
    owner = get_owner(ctx)
    head = {
        MARKER: FORMAT_VERSION,
        "schema": head_revision(),
        "exported_at": to_json_value(ctx.now()),
        "owner": {name: _owner_value(owner, name) for name in OWNER_FIELDS},
    }
    yield "{\n" + "".join(f"  {_json(key)}: {_json(value)},\n" for key, value in head.items())
    for position, table in enumerate(TABLES):
        rows = _with_participants(ctx, table) if table.key == "interactions" else _rows(ctx, table)
        yield from _list(table.key, rows, last=position == len(TABLES) - 1)
    yield "}\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _list(key: str, rows: Iterator[dict[str, Any]], *, last: bool) -> Iterator[str]:
    """``"key": [...]`` with a record per line, in chunks of ``CHUNK_ROWS`` records."""
    lines = [f"  {_json(key)}: ["]
    joint = "\n    "
    for row in rows:
        lines.append(joint + _json(row))
        joint = ",\n    "
        if len(lines) >= CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    lines.append(("]" if joint == "\n    " else "\n  ]") + ("\n" if last else ",\n"))
    yield "".join(lines)


def _rows(ctx: Ctx, table: Table, order: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
    """The owner's rows of ``table`` as JSON-ready records, by id (or ``order``), fetched a
    chunk at a time (a server-side cursor on PostgreSQL)."""
    columns = table.columns()
    query = (
        select(*columns)
        .where(table.model.owner_id == ctx.owner_id)
        .order_by(*(order or (table.model.id,)))
        .execution_options(yield_per=CHUNK_ROWS)
    )
    names = [c.name for c in columns]
    for row in ctx.session.execute(query):
        yield {name: to_json_value(value) for name, value in zip(names, row, strict=True)}


def _with_participants(ctx: Ctx, table: Table) -> Iterator[dict[str, Any]]:
    """Interactions, each with its participants: both read in interaction order and
    joined as they go."""
    order = (Participant.interaction_id, Participant.id)
    participants = _rows(ctx, PARTICIPANTS, order)
    pending = next(participants, None)
    for interaction in _rows(ctx, table):
        while pending is not None and pending["interaction_id"] < interaction["id"]:
            pending = next(participants, None)  # of no interaction of this owner's
        mine: list[dict[str, Any]] = []
        while pending is not None and pending["interaction_id"] == interaction["id"]:
            del pending["interaction_id"]
            mine.append(pending)
            pending = next(participants, None)
        interaction["participants"] = mine
        yield interaction


def to_json_value(value: Any) -> Any:
    """Datetimes as ISO 8601 UTC with ``Z``, dates as ISO; everything else unchanged."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def restore_backup(ctx: Ctx, data: Any, *, file: str) -> dict[str, int]:
    """Restore a backup, already read whole, into an empty database; returns rows restored
    per table.

    Raises ``ConflictError`` when this owner already has data and ``ImportFormatError``
    (naming the table and record) when the document is not a valid backup; both before
    anything is written. The caller owns the transaction. ``data`` is consumed: its tables
    are taken out as they are written, so a large backup is not held twice.
    """
    from kith.services.backup_restore import restore  # it needs this module's table specs

    return restore(ctx, data, file=file)


def restore_backup_file(ctx: Ctx, path: Path, *, load: Callable[[Path], Any]) -> dict[str, int]:
    """Restore a backup file, as ``restore_backup`` does. A file in the layout
    ``backup_chunks`` writes is read a record at a time, twice (checked, then written): the
    memory needed grows with its ids, not with its size. Any other layout (an older kith's
    indented backup, a hand edit) is read whole by ``load``, which also reports invalid
    JSON."""
    from kith.services.backup_restore import restore_file

    return restore_file(ctx, path, load=load)
