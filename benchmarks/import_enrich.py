"""A second address book that matches people already in kith and adds to them.

    python benchmarks/import_enrich.py [--cards 10000] [--matches 3000] [--runs 3]

The usual second import: LinkedIn or a phone's address book first, then Google Contacts,
whose cards are mostly people kith already has. The first book is the 10,000-card vCard of
``import_vcard.py``, imported once into a template database; the second is a Google CSV
(the current header, formats.md §2.2) of ``--matches`` rows, each found by its work email
and bringing a new phone, a label, a note (kept only where the person has none) and, for
one in three, a new employer (which ends the old position). Each run works on a fresh copy
of the template.

Baseline, in the same run: the csv module reads the same file and plain sqlite3 applies the
least an enrichment must do, in one transaction: find each person by email (the same
index kith uses), insert the phone and the label, fill the note where empty and stamp the
person. kith also records what it changed for undo, keeps provenance, reads each person's
positions to end one, and suggests duplicates among the people it touched.
"""

from __future__ import annotations

import argparse
import csv
import platform
import shutil
import sqlite3
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CLOCK, Timing, peak_rss_mb, table, timed
from import_vcard import FIRST
from import_vcard import generate as generate_vcards
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.services.context import Ctx
from kith.services.imports import ImportReport, run_import
from kith.services.owners import ensure_owner

HEADER = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Organization Name",
    "Organization Title",
    "Notes",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
]
V3_SHAPES = 6  # import_vcard writes cards 0-5 of every ten as vCard 3.0, with a work email


def matched_indexes(cards: int, matches: int) -> list[int]:
    """Cards with import_vcard's vCard 3.0 work email (``first.i@example.org``)."""
    found = [i for i in range(cards) if i % 10 < V3_SHAPES]
    if matches > len(found):
        raise SystemExit(f"--matches {matches}: only {len(found)} cards have a work email")
    return found[:: max(1, len(found) // matches)][:matches]


def generate_google_csv(path: Path, cards: int, matches: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in matched_indexes(cards, matches):
            first = FIRST[i % len(FIRST)]
            org = f"NewCo {i % 300}" if i % 3 == 0 else ""
            writer.writerow(
                [
                    first, "", f"Book{i}", org, "Lead" if org else "",
                    f"From the Google book {i}", "* myContacts ::: Friends",
                    "Work", f"{first.lower()}.{i}@example.org",
                    "Mobile", f"+1 617 555 {i % 10000:04d}",
                ]
            )  # fmt: skip


def baseline(path: Path, db: Path) -> int:
    """csv module + sqlite3: each row's person found by email, its phone and label
    inserted, the note filled where empty, the person stamped; one transaction."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    owner = conn.execute("SELECT id FROM owners").fetchone()[0]
    stamp = "2026-11-25 12:00:00.000000"
    done = 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for row in rows:
            found = conn.execute(
                "SELECT person_id FROM contact_points WHERE owner_id = ? AND kind = 'email' "
                "AND normalized = ?",
                (owner, row[8].lower()),
            ).fetchone()
            if found is None:
                continue
            pid = found[0]
            conn.execute(
                "INSERT INTO contact_points (owner_id, person_id, kind, value, normalized) "
                "VALUES (?, ?, 'phone', ?, ?)",
                (owner, pid, row[10], row[10].replace(" ", "")),
            )
            conn.execute(
                "INSERT INTO person_tags (owner_id, person_id, tag) VALUES (?, ?, 'friends')",
                (owner, pid),
            )
            conn.execute(
                "UPDATE people SET notes = coalesce(notes, ?), updated_at = ? WHERE id = ?",
                (row[5], stamp, pid),
            )
            done += 1
    conn.execute("COMMIT")
    conn.close()
    return done


def kith_import(path: Path, db: Path) -> ImportReport:
    engine = make_engine(sqlite_url(db))
    with unit_of_work(make_session_factory(engine)) as session:
        owner = ensure_owner(session, CLOCK)
        report = run_import(Ctx(session, owner.id, CLOCK), path)
    engine.dispose()
    return report


def template(root: Path, cards: int) -> Path:
    """A database holding the first address book (imported by kith, as a user would)."""
    vcf = root / "first.vcf"
    generate_vcards(vcf, cards)
    db = root / "template.db"
    upgrade(make_engine(sqlite_url(db)))
    kith_import(vcf, db)
    return db


def fresh_copy(base: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(base, target)
    return target


def runs_of(label: str, fn: partial[object], base: Path, root: Path, runs: int) -> Timing:
    """``fn(db)`` timed on a fresh copy of ``base`` each run (copied before the clock)."""
    total = Timing(label, [])
    for run in range(runs):
        db = fresh_copy(base, root / f"run{run}.db")
        once, _ = timed(label, partial(fn, db))
        total.runs += once.runs
        total.cpu += once.cpu
    return total


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = template(root, args.cards)
        book = root / "google.csv"
        generate_google_csv(book, args.cards, args.matches)
        plain = runs_of(
            "baseline: csv module + sqlite3 (find by email, insert, update)",
            partial(baseline, book),
            base,
            root,
            args.runs,
        )
        reports: list[ImportReport] = []

        def kith(db: Path) -> None:
            reports.append(kith_import(book, db))

        enriched = runs_of(
            "kith import (matches and enriches)", partial(kith), base, root, args.runs
        )
    report = reports[-1]
    print(
        f"# Enrichment: a Google CSV of {args.matches} people already in kith "
        f"(of {args.cards} cards)"
    )
    print(
        f"python {platform.python_version()}, {platform.machine()}, peak RSS {peak_rss_mb():.0f} MB"
    )
    print()
    print(table([plain, enriched], plain, cpu=True))
    print(f"\nkith merged {report.merged}, created {report.created}, skipped {len(report.skipped)}")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--matches", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=3, help="imports, each on a fresh copy")
    return parser.parse_args()


if __name__ == "__main__":
    main()
