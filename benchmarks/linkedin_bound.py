"""The leanest LinkedIn import conceivable on kith's schema: a lower bound for any import.

``import_linkedin.py`` times kith against a baseline (the csv module and sqlite3
``executemany`` into two plain tables) and a *floor* (kith's rows replayed, no parsing).
Neither answers the question the 3× target raises: could *any* import of this export into
kith's tables, written in Python, be within 3× the baseline on this machine? This module
times the least work such an import must do and nothing more, so its time is below what any
real import can reach:

- the people are not worked out at all: the rows kith's import wrote for the connections
  (people, contact points, organizations, positions, provenance) are replayed as the floor
  replays them, in the same transaction;
- messages.csv is read with the csv module, and each message costs one tuple unpacking, one
  memo lookup of its sender and recipient, one dict lookup for its conversation and day
  (messages of one conversation on one day are one touch, as in kith), kith's id (crc32 and
  adler32 of conversation, date, sender and text) and two row tuples;
- nothing else: no matching, no report, no skipped rows, no checks of the file; the date
  text is sliced into the stored form instead of parsed;
- the rows go to SQLite through kith's own bulk inserts (``kith.db.bulk.BulkInsert``, on the
  background writer of ``kith.db.writer``, with the import's page cache), with a 0.5 ms
  thread switch interval, the setting under which writes overlapped a parse best in earlier
  measurements.

It checks that it wrote what kith's import wrote: the same interactions (by external id),
each with the same person. Only the benchmark's own export is understood (its 2024 header,
every message sent by or to the user).
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path
from zlib import adler32, crc32

from sqlalchemy import Table
from sqlalchemy.orm import Session

from kith.config import sqlite_url
from kith.db.bulk import BulkInsert, write_cache
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.writer import background_writes
from kith.models import Base, Interaction, Participant

Tables = list[tuple[str, list[tuple[object, ...]]]]
PEOPLE_TABLES = (
    "owners", "import_batches", "import_changes", "organizations", "people",
    "contact_points", "positions", "source_records",
)  # fmt: skip
INTERACTION = (
    "id", "owner_id", "occurred_at", "channel", "intent", "initiator", "summary", "source",
    "external_id", "created_at", "batch_id",
)  # fmt: skip
PARTICIPANT = ("owner_id", "interaction_id", "person_id")
CHUNK = 10_000  # interactions handed to the bulk inserts at a time


def leanest(folder: Path, tables: Tables, db: Path, me_url: str) -> int:
    """The lower bound's import of ``folder`` into ``db`` (kith's schema, empty), given the
    rows kith's import wrote (``tables``); the interactions written."""
    engine = make_engine(sqlite_url(db))  # kith's connection settings (foreign keys, WAL)
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        with (
            unit_of_work(make_session_factory(engine)) as session,
            write_cache(session),
            background_writes(session),
        ):
            _replay_people(session, dict(tables))
            return _messages(folder / "messages.csv", session, _people_by_url(dict(tables)), me_url)
    finally:
        sys.setswitchinterval(before)
        engine.dispose()


def _replay_people(session: Session, tables: dict[str, list[tuple[object, ...]]]) -> None:
    """The rows kith wrote for the connections, each table in its own column order."""
    known = {table.name: table for table in Base.metadata.sorted_tables}
    for name in PEOPLE_TABLES:
        if rows := tables.get(name):
            columns = [row[1] for row in session.connection().exec_driver_sql(
                f"PRAGMA table_info({name})"
            )]  # fmt: skip
            rows_in = BulkInsert(session, known[name], columns)
            rows_in.extend(rows)
            rows_in.flush()


def _people_by_url(tables: dict[str, list[tuple[object, ...]]]) -> dict[object, object]:
    """LinkedIn URL -> person id, from the contact points kith wrote (id, person_id, kind,
    value, ...)."""
    return {row[3]: row[1] for row in tables["contact_points"] if row[2] == "linkedin"}


def _messages(path: Path, session: Session, person: dict[object, object], me_url: str) -> int:
    owner, batch, created = 1, 1, "2026-11-25 12:00:00.000000"
    rows = BulkInsert(session, _table(Interaction), INTERACTION)
    links = BulkInsert(session, _table(Participant), PARTICIPANT, after=(rows,))
    who: dict[tuple[str, str], tuple[str, object]] = {}
    days: set[tuple[str, str]] = set()
    interactions: list[tuple[object, ...]] = []
    participants: list[tuple[object, ...]] = []
    made = 0
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for conv, _, _, sender, _, recipient, date, _, content, _ in reader:
            found = who.get((sender, recipient))
            if found is None:
                mine = sender == me_url
                found = who[sender, recipient] = (
                    "me" if mine else "them",
                    person[recipient if mine else sender],
                )
            day = (conv, date[:10])
            if day in days:
                continue
            days.add(day)
            made += 1
            data = f"{conv}\x1f{date}\x1f{sender}\x1f{content}".encode()
            interactions.append(
                (
                    made, owner, date[:19] + ".000000", "message", "catch_up", found[0],
                    "LinkedIn message", "linkedin", f"message:{crc32(data):08x}{adler32(data):08x}",
                    created, batch,
                )
            )  # fmt: skip
            participants.append((owner, made, found[1]))
            if len(interactions) == CHUNK:
                rows.extend(interactions)
                links.extend(participants)
                interactions, participants = [], []
    rows.extend(interactions)
    links.extend(participants)
    links.flush()  # the interactions first (``after``)
    return made


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def same_as_kith(bound_db: Path, kith_db: Path) -> bool:
    """Whether the bound wrote kith's interactions: the same external ids, each with the
    same person."""
    query = (
        "SELECT i.external_id, p.person_id FROM interactions i "
        "JOIN participants p ON p.interaction_id = i.id"
    )
    found = []
    for db in (bound_db, kith_db):
        conn = sqlite3.connect(db)
        found.append(set(conn.execute(query)))
        conn.close()
    return found[0] == found[1]
