"""SQLite gets planner statistics after an import, so whole-table reads scan the table.

Without statistics SQLite takes ``owner_id = ?`` for selective and reads a whole table
through an owner index, then sorts it; with one owner holding every row, a scan in table
order is about three times faster (docs/benchmarks.md). Always a SQLite file: PostgreSQL
keeps its own statistics.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from kith.clock import Clock
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.services.context import Ctx
from kith.services.imports import run_import
from kith.services.owners import ensure_owner

DATA = Path(__file__).resolve().parents[1] / "data" / "linkedin"
WHOLE_TABLE = "SELECT interaction_id, person_id FROM participants WHERE owner_id = 1 ORDER BY id"


def _plan(path: Path) -> list[str]:
    engine = make_engine(sqlite_url(path))
    with engine.connect() as conn:
        rows = conn.execute(text(f"EXPLAIN QUERY PLAN {WHOLE_TABLE}")).all()
    engine.dispose()
    return [row[-1] for row in rows]


def _import(path: Path, clock: Clock, *, dry_run: bool = False) -> None:
    engine = make_engine(sqlite_url(path))
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = Ctx(session, ensure_owner(session, clock).id, clock)
        run_import(ctx, DATA / "lni__Messages_nonstandard.csv", dry_run=dry_run)
    engine.dispose()


def test_an_import_leaves_statistics_that_make_whole_table_reads_scan(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "kith.db"
    upgrade(make_engine(sqlite_url(path)))
    before = _plan(path)
    assert any("USING INDEX" in step for step in before)  # the owner index, then a sort
    _import(path, clock, dry_run=True)
    assert _plan(path) == before  # a dry run leaves no trace, statistics included
    _import(path, clock)
    assert _plan(path) == ["SCAN participants"]
