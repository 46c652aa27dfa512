"""Import a LinkedIn-format export at LinkedIn-maximum scale.

    python benchmarks/import_linkedin.py [--connections 30000] [--messages 200000]

Generates an extracted export folder (Connections.csv with the real preamble and header,
messages.csv with the 2024 header, Profile.csv), then in one run times:
the baseline (read the same CSVs with the csv module and insert the rows with sqlite3
executemany into two plain tables), `kith import` of the folder into a fresh SQLite database,
and a second `kith import` of the same folder (must change nothing), ``--runs`` times. Target:
within 3× the baseline. Peak memory is the resident set size of the kith imports (the peak
is reset after the baseline, on Linux).

To show what bounds the import, the same run also times the *floor*: every row the first
import wrote, inserted with sqlite3 executemany into an empty kith database (its indexes,
foreign keys and settings), with no parsing and no Python objects built; the import with
every bulk insert dropped (its Python work alone: parsing, matching, building rows); the
leanest import conceivable (``linkedin_bound.py``: the least any import of this export into
kith's tables must do, a lower bound); and it reports the CPU time of each step (every
thread) and what that CPU time means on this machine's cores.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CLOCK, Timing, peak_rss_mb, table, timed
from kith.config import sqlite_url
from kith.db.bulk import WRITE_CACHE_KIB
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.db.writer import BackgroundWriter
from kith.importers import ImportOptions
from kith.models import Base
from kith.services.context import Ctx
from kith.services.imports import ImportReport, run_import
from kith.services.owners import ensure_owner
from linkedin_bound import leanest, same_as_kith

TABLES = Base.metadata.sorted_tables  # parents before children (foreign keys)

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
CONNECTIONS = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
MESSAGES = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
]
ME = ("Alex Morgan", "https://www.linkedin.com/in/alex-morgan")


def generate(folder: Path, connections: int, messages: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    people = [
        (f"First{i}", f"Last{i}", f"https://www.linkedin.com/in/person-{i}")
        for i in range(connections)
    ]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with (folder / "Connections.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle)
        writer.writerow(CONNECTIONS)
        for i, (first, last, url) in enumerate(people):
            email = f"person{i}@example.org" if i % 7 == 0 else ""
            day = (start - timedelta(days=i % 3000)).strftime("%d %b %Y")
            writer.writerow([first, last, url, email, f"Company {i % 2500}", "Engineer", day])
    with (folder / "messages.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(MESSAGES)
        for m in range(messages):
            first, last, url = people[rng.randrange(connections)]
            mine = m % 2 == 0
            sender, sender_url = ME if mine else (f"{first} {last}", url)
            to = f"{first} {last}" if mine else ME[0]
            to_url = url if mine else ME[1]
            when = start + timedelta(minutes=m * 3)
            writer.writerow(
                [
                    f"conv-{url[-8:]}",
                    "",
                    sender,
                    sender_url,
                    to,
                    to_url,
                    when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "",
                    f"Hello number {m}",
                    "INBOX",
                ]
            )
    (folder / "Profile.csv").write_text(
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
        "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
        "Alex,Morgan,,,,Engineering Manager,,Software,,,,,\n",
        encoding="utf-8",
    )


def baseline(folder: Path, db: Path) -> int:
    """csv module + sqlite3 executemany of the same rows into two plain tables."""
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE c (first TEXT, last TEXT, url TEXT, email TEXT, company TEXT, "
        "position TEXT, connected TEXT)"
    )
    conn.execute(
        "CREATE TABLE m (conv TEXT, title TEXT, sender TEXT, sender_url TEXT, "
        "recipient TEXT, recipient_urls TEXT, date TEXT, subject TEXT, content TEXT, "
        "folder TEXT)"
    )
    with (folder / "Connections.csv").open(encoding="utf-8", newline="") as handle:
        for _ in range(3):
            handle.readline()
        rows = list(csv.reader(handle))[1:]
    conn.executemany("INSERT INTO c VALUES (?,?,?,?,?,?,?)", rows)
    with (folder / "messages.csv").open(encoding="utf-8", newline="") as handle:
        messages = list(csv.reader(handle))[1:]
    conn.executemany("INSERT INTO m VALUES (?,?,?,?,?,?,?,?,?,?)", messages)
    conn.commit()
    conn.close()
    return len(rows) + len(messages)


Tables = list[tuple[str, list[tuple[object, ...]]]]


def written_rows(kith_db: Path) -> Tables:
    """Every row of a kith database, table by table, parents before children."""
    source = sqlite3.connect(kith_db)
    found = [(t.name, source.execute(f"SELECT * FROM {t.name}").fetchall()) for t in TABLES]
    source.close()
    return [(name, rows) for name, rows in found if rows]


def replay(tables: Tables, db: Path) -> int:
    """The database work alone: ``tables`` inserted with sqlite3 executemany into ``db``
    (kith's schema, empty) with kith's foreign keys and settings, in one transaction."""
    target = sqlite3.connect(db, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        target.execute(f"PRAGMA {pragma}")
    target.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
    target.execute("BEGIN")
    for name, rows in tables:
        marks = ", ".join("?" * len(rows[0]))
        target.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
    target.execute("COMMIT")
    target.close()
    return sum(len(rows) for _, rows in tables)


def floor_runs(kith_db: Path, root: Path, runs: int = 3) -> tuple[Timing, int]:
    """``replay`` of what the first kith import wrote, each run into a fresh database
    (made before the clock starts)."""
    tables = written_rows(kith_db)
    floor = Timing("floor: kith's rows written by sqlite3 executemany, no parsing", [])
    written = 0
    for run in range(runs):
        db = root / f"floor{run}.db"
        engine = make_engine(sqlite_url(db))
        upgrade(engine)
        engine.dispose()
        once, written = timed(floor.label, partial(replay, tables, db))
        floor.runs += once.runs
        floor.cpu += once.cpu
    return floor, written


def bound_runs(folder: Path, kith_db: Path, root: Path, runs: int = 3) -> tuple[Timing, bool]:
    """``linkedin_bound.leanest`` of ``folder``, each run into a fresh database (made before
    the clock starts), and whether it wrote the interactions kith's import wrote."""
    tables = written_rows(kith_db)
    bound = Timing("leanest import conceivable (lower bound, linkedin_bound.py)", [])
    same = True
    for run in range(runs):
        db = root / f"bound{run}.db"
        engine = make_engine(sqlite_url(db))
        upgrade(engine)
        engine.dispose()
        once, _ = timed(bound.label, partial(leanest, folder, tables, db, ME[1]))
        bound.runs += once.runs
        bound.cpu += once.cpu
        same = same and same_as_kith(db, kith_db)
    return bound, same


def kith_import(folder: Path, db: Path) -> ImportReport:
    """``folder`` imported into the SQLite file ``db`` (made if new)."""
    if not db.exists() or db.stat().st_size == 0:
        upgrade(make_engine(sqlite_url(db)))
    return import_into(sqlite_url(db), folder)


def import_into(url: str, folder: Path) -> ImportReport:
    """``folder`` imported into the database at ``url`` (its schema up to date)."""
    engine = make_engine(url)
    options = ImportOptions(my_name=ME[0], my_linkedin_url=ME[1])
    with unit_of_work(make_session_factory(engine)) as session:
        owner = ensure_owner(session, CLOCK)
        report = run_import(Ctx(session, owner.id, CLOCK), folder, "linkedin", options=options)
    engine.dispose()
    return report


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = exported(root, args.connections, args.messages)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        base, rows = timed(
            "baseline: csv module + sqlite3 executemany",
            lambda: baseline(folder, root / f"base{rows_id()}.db"),
            3,
        )
        reset_peak = _reset_peak_rss()
        first, again, report, second = kith_runs(folder, root, args.runs)
        kith_peak = peak_rss_mb()
        floor, written = floor_runs(root / "kith0.db", root)
        bound, same = bound_runs(folder, root / "kith0.db", root)
        alone = python_alone(folder, root)
    print(
        f"# LinkedIn import: {args.connections} connections, {args.messages} messages "
        f"({size:.0f} MB of CSV, {rows} rows)"
    )
    peak = f"peak RSS of the kith imports {kith_peak:.0f} MB" if reset_peak else ""
    print(f"python {platform.python_version()}, {platform.machine()}, {peak or 'peak RSS'}")
    if not reset_peak:
        print(f"(whole process, baseline included: {kith_peak:.0f} MB)")
    print()
    print(table([base, floor, bound, alone, first, again], base, cpu=True))
    print(
        f"\nfirst import created {report.created}, skipped {len(report.skipped)}; "
        f"second import created {second.created}, updated {second.updated}; "
        f"the floor wrote {written} rows"
    )
    ratio = first.best / base.best
    print(
        f"import {ratio:.1f}× the baseline (target within 3×): {'met' if ratio <= 3 else 'MISSED'}"
    )
    print(_cpu_bound(base, first))
    print(
        f"its Python work alone (every insert dropped) took {alone.best:.2f} s, "
        f"{alone.best / base.best:.1f}× the baseline"
    )
    wrote = "the same" if same else "NOT the same"
    print(
        f"the leanest import conceivable (linkedin_bound.py; {wrote} interactions and "
        f"participants as kith's) took {bound.best:.2f} s, {bound.best / base.best:.1f}× the "
        "baseline: a lower bound for any import written in Python into kith's tables"
    )


def _cpu_bound(base: Timing, first: Timing) -> str:
    """The least wall time the import's CPU work could take with every core busy."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = first.cpu[first.runs.index(first.best)]
    least = cpu / (cores or 1)
    return (
        f"the import used {cpu:.2f} s of CPU ({cpu / base.best:.1f}× the baseline's wall time); "
        f"on {cores} cores it cannot take less than {least:.2f} s "
        f"({least / base.best:.1f}× the baseline)"
    )


def python_alone(folder: Path, root: Path) -> Timing:
    """A kith import whose bulk inserts are dropped instead of written (the background
    writer's statements are not run): the parsing, matching and row building alone, which
    no overlap with the database can make faster."""
    db = root / "alone.db"
    upgrade(make_engine(sqlite_url(db)))
    real = BackgroundWriter._execute
    BackgroundWriter._execute = lambda self, sql, parameters, how: None  # type: ignore[method-assign]
    try:
        alone, _ = timed(
            "kith import, every insert dropped (its Python work alone)",
            partial(kith_import, folder, db),
        )
    finally:
        BackgroundWriter._execute = real  # type: ignore[method-assign]
    return alone


def kith_runs(
    folder: Path, root: Path, runs: int, fresh: Callable[[int], str] | None = None
) -> tuple[Timing, Timing, ImportReport, ImportReport]:
    """Each run imports into a fresh database, then imports the same folder again.
    ``fresh(run)`` makes it and gives its URL (made before the clock starts); by default
    a new SQLite file under ``root``."""
    first = Timing("kith import (fresh database)", [])
    again = Timing("kith import again (must change nothing)", [])
    for run in range(runs):
        url = fresh(run) if fresh is not None else _new_sqlite(root / f"kith{run}.db")
        once, report = timed(first.label, partial(import_into, url, folder))
        twice, second = timed(again.label, partial(import_into, url, folder))
        first.runs += once.runs
        first.cpu += once.cpu
        again.runs += twice.runs
        again.cpu += twice.cpu
    return first, again, report, second


def _new_sqlite(db: Path) -> str:
    upgrade(make_engine(sqlite_url(db)))
    return sqlite_url(db)


def _reset_peak_rss() -> bool:
    """Start the peak resident set size afresh (Linux), so it measures the kith imports
    alone and not the baseline before them; False where that cannot be done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


_COUNTER = [0]


def rows_id() -> int:
    _COUNTER[0] += 1
    return _COUNTER[0]


def scale_args(description: str | None, runs: int, runs_help: str) -> argparse.Namespace:
    """``--connections``, ``--messages`` and ``--runs``: the options of every benchmark
    built on this export."""
    return scale_parser(description, runs, runs_help).parse_args()


def scale_parser(description: str | None, runs: int, runs_help: str) -> argparse.ArgumentParser:
    """``scale_args``'s parser, for a benchmark that adds options of its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=runs, help=runs_help)
    return parser


def exported(root: Path, connections: int, messages: int) -> Path:
    """A generated export folder under ``root``."""
    folder = root / "export"
    folder.mkdir()
    generate(folder, connections, messages)
    return folder


def _args() -> argparse.Namespace:
    return scale_args(__doc__, 1, "kith imports (each into a fresh database)")


if __name__ == "__main__":
    main()
