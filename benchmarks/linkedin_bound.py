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
- the rows go to SQLite in multi-row ``INSERT`` statements of up to 10,000 values on a
  second thread (the GIL is released while SQLite works), with a 0.5 ms thread switch
  interval, the setting under which writes overlapped a parse best in earlier measurements.

It checks that it wrote what kith's import wrote: the same interactions (by external id),
each with the same person. Only the benchmark's own export is understood (its 2024 header,
every message sent by or to the user).
"""

from __future__ import annotations

import csv
import queue
import sqlite3
import sys
import threading
from itertools import chain
from pathlib import Path
from zlib import adler32, crc32

from kith.db.bulk import WRITE_CACHE_KIB

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
PER_STATEMENT = 10_000  # values, as kith's BulkInsert
CHUNK = 10_000  # interactions handed to the writer at a time


class Writer:
    """Multi-row inserts run on a second thread, on the same connection and transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.todo: queue.Queue[tuple[str, list[tuple[object, ...]]] | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.todo.get()) is not None:
            self.conn.executemany(*item)

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
        per = max(1, PER_STATEMENT // len(columns))
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        marks = "(" + ", ".join("?" * len(columns)) + ")"
        whole = len(rows) - len(rows) % per
        if whole:
            flat = [tuple(chain.from_iterable(rows[at : at + per])) for at in range(0, whole, per)]
            self.todo.put((head + ", ".join([marks] * per), flat))
        if whole < len(rows):
            rest = tuple(chain.from_iterable(rows[whole:]))
            self.todo.put((head + ", ".join([marks] * (len(rows) - whole)), [rest]))

    def finish(self) -> None:
        self.todo.put(None)
        self.thread.join()


def leanest(folder: Path, tables: Tables, db: Path, me_url: str) -> int:
    """The lower bound's import of ``folder`` into ``db`` (kith's schema, empty), given the
    rows kith's import wrote (``tables``); the interactions written."""
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        conn.execute("BEGIN")
        writer = Writer(conn)
        people = dict(tables)
        for name in PEOPLE_TABLES:
            rows = people.get(name)
            if rows:
                writer.insert(name, _columns(conn, name), rows)
        made = _messages(folder / "messages.csv", writer, _people_by_url(people), me_url)
        writer.finish()
        conn.execute("COMMIT")
    finally:
        sys.setswitchinterval(before)
        conn.close()
    return made


def _columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))


def _people_by_url(tables: dict[str, list[tuple[object, ...]]]) -> dict[object, object]:
    """LinkedIn URL -> person id, from the contact points kith wrote (id, person_id, kind,
    value, ...)."""
    return {row[3]: row[1] for row in tables["contact_points"] if row[2] == "linkedin"}


def _messages(path: Path, writer: Writer, person: dict[object, object], me_url: str) -> int:
    owner, batch, created = 1, 1, "2026-11-25 12:00:00.000000"
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
                writer.insert("interactions", INTERACTION, interactions)
                writer.insert("participants", PARTICIPANT, participants)
                interactions, participants = [], []
    if interactions:
        writer.insert("interactions", INTERACTION, interactions)
        writer.insert("participants", PARTICIPANT, participants)
    return made


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
