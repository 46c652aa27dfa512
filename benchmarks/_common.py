"""Shared helpers for the benchmarks: scale databases, timers, baselines, memory."""

from __future__ import annotations

import gc
import itertools
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from kith.clock import fixed_clock
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.demo import generate
from kith.services.context import Ctx
from kith.services.demo import load_demo
from kith.services.owners import ensure_owner

TODAY = date(2026, 11, 25)
CLOCK = fixed_clock(datetime(2026, 11, 25, 12, tzinfo=UTC))
CACHE = Path(__file__).resolve().parent / ".cache"
KITH = [sys.executable, "-m", "kith"]
T = TypeVar("T")


def scale_db(people: int, links_per_person: int, activity: float, seed: int = 7) -> Path:
    """A demo database at scale, built once and reused (benchmarks/.cache is not committed)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"demo-{people}-{links_per_person}-{activity}-{seed}.db"
    if path.exists():
        engine = make_engine(sqlite_url(path))
        upgrade(engine)  # a database cached before a later migration
        engine.dispose()
        return path
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    engine = make_engine(sqlite_url(tmp))
    upgrade(engine)
    data = generate(people, seed, TODAY, links_per_person=links_per_person, activity=activity)
    with unit_of_work(make_session_factory(engine)) as session:
        owner = ensure_owner(session, CLOCK)
        load_demo(Ctx(session, owner.id, CLOCK), data=data)
    engine.dispose()
    tmp.rename(path)
    return path


def psycopg_url(url: str) -> str:
    """A SQLAlchemy ``postgresql+psycopg://`` URL as psycopg itself takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def empty_postgres(url: str) -> None:
    """The PostgreSQL database at ``url`` emptied (its ``public`` schema dropped and made
    again) and given kith's schema."""
    import psycopg

    with psycopg.connect(psycopg_url(url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def open_ctx(path: Path) -> tuple[Ctx, Callable[[], None]]:
    engine = make_engine(sqlite_url(path))
    session = make_session_factory(engine)()
    owner = ensure_owner(session, CLOCK)
    ctx = Ctx(session, owner.id, CLOCK)

    def close() -> None:
        session.rollback()
        session.close()
        engine.dispose()

    return ctx, close


@dataclass
class Timing:
    label: str
    runs: list[float]
    cpu: list[float] = field(default_factory=list)  # process CPU seconds per run, all threads

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(label: str, fn: Callable[[], T], repeat: int = 1) -> tuple[Timing, T]:
    runs: list[float] = []
    cpu: list[float] = []
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        used = cpu_seconds()
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - used)
    return Timing(label, runs, cpu), result


def cpu_seconds() -> float:
    """CPU time of this process so far, user and system, every thread included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def raw_scan(path: Path, queries: list[str]) -> int:
    """The baseline: plain sqlite3 reading the same columns, no ORM, no Python objects."""
    rows = 0
    with sqlite3.connect(path) as conn:
        for query in queries:
            for _ in conn.execute(query):
                rows += 1
    return rows


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(timings: list[Timing], baseline: Timing | None = None, *, cpu: bool = False) -> str:
    """A Markdown table; with ``cpu``, also the CPU time of the fastest run."""
    head = "| step | best | median | runs | × baseline |"
    rule = "|---|---|---|---|---|"
    if cpu:
        head, rule = head + " CPU of the best run |", rule + "---|"
    lines = [head, rule]
    for t in timings:
        ratio = f"{t.best / baseline.best:.1f}×" if baseline else ""
        line = f"| {t.label} | {_fmt(t.best)} | {_fmt(t.median)} | {len(t.runs)} | {ratio} |"
        if cpu:
            line += f" {_fmt(t.cpu[t.runs.index(t.best)])} |"
        lines.append(line)
    return "\n".join(lines)


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


FIRST_NAMES = (
    "Ana", "Ben", "Chen", "Dara", "Emil", "Fatima", "Gita", "Hugo", "Iris", "José", "Kofi",
    "Lena", "Marco", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tamar", "Umar",
    "Vera", "Wiktor", "Ximena", "Yusuf", "Zara", "Aiko", "Bruno", "Clara", "Diego", "Elif",
    "Farid", "Greta", "Hana", "Ivan", "Jonas", "Kemal", "Lucia", "Mateo", "Nora", "Oskar",
    "Paula", "Rafael", "Sofia", "Tomas", "Uma", "Viktor", "Wen", "Yara", "Zoltan",
)  # fmt: skip
LAST_NAMES = (
    "Lima", "Okafor", "Wei", "Kowalski", "Müller", "Haddad", "Farouk", "Tanaka", "Ruiz",
    "Andersen", "Barros", "Costa", "Dubois", "Eriksson", "Fischer", "Garcia", "Horvat",
    "Ibrahim", "Jensen", "Kim", "Larsen", "Moreau", "Nakamura", "Oliveira", "Petrov",
    "Quinn", "Rossi", "Schmidt", "Takahashi", "Usman", "Varga", "Weber", "Xu", "Yilmaz",
    "Zimmer", "Abbott", "Brennan", "Chowdhury", "Delgado", "Esposito", "Fontaine", "Gallo",
    "Hughes", "Iyer", "Jovanovic", "Kaur", "Lindqvist", "Mensah", "Novak", "Ortega",
    "Pereira", "Rahman", "Santos", "Toth", "Ueda", "Vasquez", "Walsh", "Yamamoto", "Zhou",
    "Bauer",
)  # fmt: skip


def full_name(index: int) -> str:
    """A person's name, distinct for each of the first 3,000 indexes, as varied as a real
    network's (generated names such as "Person12 Example" are all near-duplicates of
    each other and make kith's duplicate suggestions, not the import, the measure)."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    return f"{first} {LAST_NAMES[index // len(FIRST_NAMES) % len(LAST_NAMES)]}"


def run_kith(*args: str) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one kith command in its own process."""
    start = time.perf_counter()
    child = subprocess.Popen([*KITH, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own resource use
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        assert child.stderr is not None
        raise SystemExit(f"kith {' '.join(args)} failed:\n{child.stderr.read().decode()}")
    child.returncode = 0
    return wall, usage.ru_maxrss / 1024


def kith_runs(label: str, runs: int, command: Callable[[int], list[str]]) -> tuple[Timing, float]:
    """``runs`` kith commands, each in its own process (``command(run)``: its arguments):
    their timing and the largest peak memory (MB) of any of them."""
    timing, peak = Timing(label, []), 0.0
    for run in range(runs):
        wall, rss = run_kith(*command(run))
        timing.runs.append(wall)
        peak = max(peak, rss)
    return timing, peak


def write_rows(db: Path, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> int:
    """A baseline's last step: ``rows`` inserted by sqlite3 executemany into a new plain
    table of these ``columns`` (TEXT) in ``db``."""
    conn = sqlite3.connect(db)
    conn.execute(f"CREATE TABLE baseline ({', '.join(f'{c} TEXT' for c in columns)})")
    conn.executemany(f"INSERT INTO baseline VALUES ({', '.join('?' * len(columns))})", rows)
    conn.commit()
    conn.close()
    return len(rows)


def import_against(
    baseline: tuple[str, Callable[[Path], int]], file: Path, title: str, runs: int, *options: str
) -> None:
    """Print how ``kith import FILE`` (with ``options``; ``runs`` times, each in its own
    process into a new database) compares with ``baseline`` (its label, and the function,
    given a new database, returning the records it read; timed twice) in the same run, and
    kith's peak memory."""
    root, (label, read) = file.parent, baseline
    fresh = itertools.count()
    base, rows = timed(f"baseline: {label}", lambda: read(root / f"base{next(fresh)}.db"), 2)
    kith, peak = kith_runs(
        "kith import (fresh database, own process)",
        runs,
        lambda run: ["--db", str(root / f"kith{run}.db"), "import", str(file), *options],
    )
    print(f"# {title}, {rows} read by the baseline")
    print(f"python {platform.python_version()}, {platform.machine()}")
    print()
    print(table([base, kith], base))
    print(f"\npeak RSS of kith import: {peak:.0f} MB")
