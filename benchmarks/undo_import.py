"""Undo a LinkedIn import at LinkedIn-maximum scale.

    python benchmarks/undo_import.py [--connections 30000] [--messages 200000] [--runs 3]

Imports the export of ``import_linkedin.py`` (30,000 connections, 200,000 messages) once,
then, each run on a fresh copy of that database, times:

- the baseline: plain sqlite3 deleting the same rows in one transaction (the import's
  interactions and people by their ``batch_id``, the foreign keys cascading to
  participants, contact points and positions; then the organizations left empty and the
  import's provenance), no checks, no Python objects;
- the preview `kith db undo-import --dry-run` and the Import page show (what would go and
  who stays, nothing changed);
- the undo itself (``kith.services.import_undo.undo_import``), committed.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CLOCK, Timing, table, timed
from import_linkedin import exported, kith_import, scale_args
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.services.context import Ctx
from kith.services.import_undo import Undo, undo_import
from kith.services.owners import ensure_owner

BASELINE = (
    "DELETE FROM interactions WHERE batch_id = 1",
    "DELETE FROM people WHERE batch_id = 1",
    "DELETE FROM organizations WHERE id NOT IN (SELECT organization_id FROM positions)",
    "DELETE FROM source_records WHERE batch_id = 1",
)


def baseline(db: Path) -> int:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("BEGIN")
    removed = sum(conn.execute(sql).rowcount for sql in BASELINE)
    conn.execute("COMMIT")
    conn.close()
    return removed


def kith_undo(db: Path, *, dry_run: bool) -> Undo:
    engine = make_engine(sqlite_url(db))
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = Ctx(session, ensure_owner(session, CLOCK).id, CLOCK)
        undo = undo_import(ctx, 1, dry_run=dry_run)
    engine.dispose()
    return undo


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = imported(root, args.connections, args.messages)
        timings, removed, result = runs(root, template, args.runs)
    print(
        f"# Undo an import: {args.connections} connections, {args.messages} messages "
        f"(kith removed {result.removed()}; the baseline deleted {removed} rows before cascades)"
    )
    print()
    print(table(timings, timings[0]))


def imported(root: Path, connections: int, messages: int) -> Path:
    """A database holding one import of a generated export (import id 1)."""
    folder = exported(root, connections, messages)
    template = root / "imported.db"
    engine = make_engine(sqlite_url(template))
    upgrade(engine)
    engine.dispose()
    kith_import(folder, template)
    return template


def runs(root: Path, template: Path, count: int) -> tuple[list[Timing], int, Undo]:
    """Each run: the baseline and kith (preview, then undo) on fresh copies of ``template``."""
    base = Timing("baseline: sqlite3 DELETE of the same rows, cascading", [])
    preview = Timing("kith undo --dry-run (what would go, who stays)", [])
    undo = Timing("kith undo (committed)", [])
    removed, result = 0, None
    for run in range(count):
        raw, kith = root / f"run{run}-base.db", root / f"run{run}-kith.db"
        shutil.copy(template, raw)
        shutil.copy(template, kith)
        once, removed = timed(base.label, partial(baseline, raw))
        look, _ = timed(preview.label, partial(kith_undo, kith, dry_run=True))
        done, result = timed(undo.label, partial(kith_undo, kith, dry_run=False))
        base.runs += once.runs
        preview.runs += look.runs
        undo.runs += done.runs
    assert result is not None
    return [base, preview, undo], removed, result


def _args() -> argparse.Namespace:
    return scale_args(__doc__, 3, "undos, each on a fresh copy")


if __name__ == "__main__":
    main()
