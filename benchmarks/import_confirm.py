"""The Import page's "Import for real" after its dry run, with and without the dry run's
reading kept (``kith.web.kept_parses``).

    python benchmarks/import_confirm.py [--mails 60000] [--events 20000] [--runs 1]

Generates the mailbox of ``import_mbox.py`` (a Gmail mailbox of 60,000 mails) and the
calendar of ``import_ical.py`` (20,000 events). For each, in one run and on the upload
layout the web UI uses: the dry run (which keeps what it read), writing what it kept, then
the import that confirms it using the kept reading, against the baseline of the same
import reading the file again (what "Import for real" did before), each into a fresh
database. Both imports must save the same records.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_ical
import import_mbox
from _common import CLOCK, Timing, table, timed
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.services.context import Ctx
from kith.services.imports import ImportReport, run_imports
from kith.services.owners import ensure_owner
from kith.services.parse_cache import ParseCache
from kith.web.kept_parses import KeptParses, kept_path

UPLOAD_ID = "0" * 32


def _import(db: Path, upload: Path, dry_run: bool, kept: ParseCache | None) -> ImportReport:
    engine = make_engine(sqlite_url(db))
    with unit_of_work(make_session_factory(engine)) as session:
        owner = ensure_owner(session, CLOCK)
        (report,) = run_imports(Ctx(session, owner.id, CLOCK), upload, dry_run=dry_run, parsed=kept)
    engine.dispose()
    return report


def _fresh(root: Path, name: str) -> Path:
    """An empty kith database (made before the clock starts)."""
    db = root / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = make_engine(sqlite_url(db))
    upgrade(engine)
    engine.dispose()
    return db


def confirm_runs(root: Path, source: Path, runs: int) -> list[Timing]:
    """Dry run, keeping; import using it; the baseline import reading again."""
    upload = root / "uploads" / UPLOAD_ID / source.name
    upload.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, upload)
    steps = [
        Timing(f"{source.name}: dry run (keeps what it read)", []),
        Timing(f"{source.name}: what it read written beside the upload", []),
        Timing(f"{source.name}: baseline, the import reading the file again", []),
        Timing(f"{source.name}: **the import using the dry run's reading**", []),
    ]
    for _ in range(runs):
        kept = KeptParses(upload)
        dry, again, using = (_fresh(root, name) for name in ("dry", "again", "kept"))
        work: list[Callable[[], object]] = [
            partial(_import, dry, upload, True, kept),
            kept.write,
            partial(_import, again, upload, False, None),
            partial(_import, using, upload, False, KeptParses(upload)),
        ]
        reports = []
        for step, do in zip(steps, work, strict=True):
            once, result = timed(step.label, do)
            step.runs += once.runs
            step.cpu += once.cpu
            reports.append(result)
        if reports[2].created != reports[3].created:
            raise SystemExit(f"{source.name}: the kept reading saved other records")
    size = kept_path(upload).stat().st_size / 1e6
    steps[1].label += f" ({size:.0f} MB)"
    return steps


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        box, calendar = root / "All mail.mbox", root / "calendar.ics"
        import_mbox.generate(box, args.mails)
        import_ical.generate(calendar, args.events)
        steps = confirm_runs(root, box, args.runs) + confirm_runs(root, calendar, args.runs)
    print(f"# Import for real after a dry run: {args.mails} mails, {args.events} events\n")
    for at in (0, 4):
        print(table(steps[at : at + 4], steps[at + 2]))
        print()


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mails", type=int, default=60_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=1)
    return parser.parse_args()


if __name__ == "__main__":
    main()
