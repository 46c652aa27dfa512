"""The full JSON backup of a LinkedIn-maximum network, and its restore.

    python benchmarks/backup.py [--connections 30000] [--messages 200000] [--runs 3]

The network is the one ``import_linkedin.py`` imports (30,000 connections, 200,000
messages), imported once by kith. Each run then times, as a person types them (each its
own process, so its peak memory is its own): ``kith export json -o FILE`` and ``kith import
FILE`` into an empty database. Baseline, in the same run: plain sqlite3 reading every row of
the same tables and writing each as a line of JSON to a file (what any backup must at least
do). The peak resident memory of each kith process is reported (the largest of the runs): the
export used to build the whole document first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timing, table, timed
from import_linkedin import ME, exported, scale_args
from kith.services.backup import PARTICIPANTS, TABLES

KITH = [sys.executable, "-m", "kith"]


def baseline(db: Path, out: Path) -> int:
    """sqlite3: every row of the backup's tables, each written as a JSON line."""
    conn = sqlite3.connect(db)
    rows = 0
    with out.open("w", encoding="utf-8") as handle:
        for spec in (*TABLES, PARTICIPANTS):
            cursor = conn.execute(f"SELECT * FROM {spec.key} ORDER BY id")
            names = [d[0] for d in cursor.description]
            for row in cursor:
                handle.write(json.dumps(dict(zip(names, row, strict=True))) + "\n")
                rows += 1
    conn.close()
    return rows


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


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = exported(root, args.connections, args.messages)
        db = root / "network.db"
        run_kith("--db", str(db), "import", str(folder), "--my-linkedin", ME[1])
        base, rows = timed(
            "baseline: sqlite3 rows written as JSON lines",
            lambda: baseline(db, root / "base.jsonl"),
            args.runs,
        )
        export, restore = Timing("kith export json", []), Timing("kith import (restore)", [])
        peaks: dict[str, float] = {}
        for run in range(args.runs):
            file = root / f"backup{run}.json"
            wall, peak = run_kith("--db", str(db), "export", "json", "-o", str(file))
            export.runs.append(wall)
            peaks[export.label] = max(peak, peaks.get(export.label, 0.0))
            target = root / f"restored{run}.db"
            wall, peak = run_kith("--db", str(target), "import", str(file))
            restore.runs.append(wall)
            peaks[restore.label] = max(peak, peaks.get(restore.label, 0.0))
        size = (root / "backup0.json").stat().st_size / 1e6
    print(
        f"# Backup of {args.connections} connections and {args.messages} messages "
        f"({rows} rows; the backup file {size:.0f} MB)"
    )
    print(f"python {platform.python_version()}, {platform.machine()}")
    print()
    print(table([base, export, restore], base))
    print()
    for label, peak in peaks.items():
        print(f"peak memory of {label}: {peak:.0f} MB")


def _args() -> argparse.Namespace:
    return scale_args(__doc__, 3, "backups and restores")


if __name__ == "__main__":
    main()
