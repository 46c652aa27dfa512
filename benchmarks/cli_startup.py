"""How long a `kith` command takes from the shell, on a small database.

    python benchmarks/cli_startup.py [--runs 7]

Each command runs as its own process, as a person types it: `kith --help`, `kith people
list`, `kith log` and `kith due` on a database of 20 people. The baseline, timed in the same
run, is the smallest program that does the same kind of work: a Python process that opens
the same SQLite file with sqlite3 and reads the people. What is left over is kith's own
start: importing its modules and checking the schema.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timing, table

PEOPLE = 20


def _kith(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kith", "--db", str(db), *args]


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _timed(label: str, command: list[str], runs: int) -> Timing:
    _run(command)  # warm the file cache and Python's bytecode cache
    return Timing(label, [_run(command) for _ in range(runs)])


def _database(folder: Path) -> Path:
    db = folder / "kith.db"
    subprocess.run(_kith(db, "db", "upgrade"), check=True, stdout=subprocess.DEVNULL)
    for n in range(PEOPLE):
        subprocess.run(
            _kith(db, "people", "add", f"Person {n}"), check=True, stdout=subprocess.DEVNULL
        )
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        db = _database(Path(tmp))
        read = "execute('SELECT * FROM people').fetchall()"
        scan = f"import sqlite3; sqlite3.connect({str(db)!r}).{read}"
        base = _timed(
            "baseline: python + sqlite3 reading the people", [sys.executable, "-c", scan], runs
        )
        steps = [
            _timed("kith --help", _kith(db, "--help"), runs),
            _timed("kith people list", _kith(db, "people", "list"), runs),
            _timed("kith log (one touch)", _kith(db, "log", "Coffee", "--with", "Person 1"), runs),
            _timed("kith due", _kith(db, "due"), runs),
        ]
    print(f"# kith from the shell: {PEOPLE} people, {runs} runs each (median and best)\n")
    print(table([base, *steps], base))
    overhead = statistics.median(steps[1].runs) - statistics.median(base.runs)
    print(f"\nkith's own start (people list minus the baseline, medians): {overhead * 1000:.0f} ms")


if __name__ == "__main__":
    main()
