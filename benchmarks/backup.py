"""The full JSON backup of a LinkedIn-maximum network, and its restore.

    python benchmarks/backup.py [--connections 30000] [--messages 200000] [--runs 3]

The network is the one ``import_linkedin.py`` imports (30,000 connections, 200,000
messages), imported once by kith. Each run then times, as a person types them (each its
own process, so its peak memory is its own): ``kith export json -o FILE`` and ``kith import
FILE`` into an empty database; then the restore of the same backup rewritten indented, as
an earlier kith wrote it (a layout the restore reads whole instead of a record at a time).
Baseline, in the same run: plain sqlite3 reading every row of the same tables and writing each
as a line of JSON to a file (what any backup must at least do). The peak resident memory of
each kith process is reported (the largest of the runs): the export used to build the whole
document first, the restore to read it whole.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timing, run_kith, table, timed
from import_linkedin import ME, exported, scale_args
from kith.services.backup import PARTICIPANTS, TABLES


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


def indent(file: Path, out: Path) -> Path:
    """``file`` rewritten as an earlier kith wrote backups (indented by 2), by ``json.tool``
    in a process of its own: Linux keeps a process's peak memory across exec, so had this
    process read it whole, each kith started after would report that 1.3 GB as its own."""
    subprocess.run([sys.executable, "-m", "json.tool", "--indent", "2", file, out], check=True)
    return out


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
        older = Timing("kith import (restore) of the backup indented, read whole", [])
        peaks: dict[str, float] = {}
        for run in range(args.runs):
            file = root / f"backup{run}.json"
            wall, peak = run_kith("--db", str(db), "export", "json", "-o", str(file))
            _record(export, peaks, wall, peak)
            wall, peak = run_kith("--db", str(root / f"restored{run}.db"), "import", str(file))
            _record(restore, peaks, wall, peak)
            indented = indent(file, root / f"indented{run}.json")
            wall, peak = run_kith("--db", str(root / f"older{run}.db"), "import", str(indented))
            _record(older, peaks, wall, peak)
        size = (root / "backup0.json").stat().st_size / 1e6
    print(
        f"# Backup of {args.connections} connections and {args.messages} messages "
        f"({rows} rows; the backup file {size:.0f} MB)"
    )
    print(f"python {platform.python_version()}, {platform.machine()}")
    print()
    print(table([base, export, restore, older], base))
    print()
    for label, peak in peaks.items():
        print(f"peak memory of {label}: {peak:.0f} MB")


def _record(timing: Timing, peaks: dict[str, float], wall: float, peak: float) -> None:
    timing.runs.append(wall)
    peaks[timing.label] = max(peak, peaks.get(timing.label, 0.0))


def _args() -> argparse.Namespace:
    return scale_args(__doc__, 3, "backups and restores")


if __name__ == "__main__":
    main()
