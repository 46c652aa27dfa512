"""Exports of a network at LinkedIn-maximum scale (30,000 people, 300,000 links).

    python benchmarks/export.py [--people 30000] [--runs 3]

Times, in one run, on the dashboard benchmark's cached demo database: the baseline (sqlite3
reading the columns the contact exports hold, and the csv module writing one row per person
with their emails, phones and tags joined); the vCard export (``kith export vcard``: one card
per person with a RELATED line per link); the CSV export with the insights already computed
(as the web UI finds them: its Export page is served by the process that keeps them) and
cold (as ``kith export csv`` in a new process: the circle column needs everyone's tie
strength); and the iCalendar file of due touches, cold. Each kith export returns the text
it would write.
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import sqlite3
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timing, open_ctx, peak_rss_mb, scale_db, table, timed
from kith.core import alter_graph
from kith.services import exports, insights
from kith.services.context import Ctx

PEOPLE = (
    "SELECT id, display_name, location, notes, birthday, closeness, circle_pin, updated_at "
    "FROM people WHERE is_me = 0 AND merged_into_id IS NULL AND archived = 0 "
    "ORDER BY name_key, id"
)
POINTS = "SELECT person_id, kind, value FROM contact_points ORDER BY id"
TAGS = "SELECT person_id, tag FROM person_tags ORDER BY person_id, tag"
LINKS = "SELECT person_a_id, person_b_id, kind FROM links ORDER BY id"


def baseline(path: Path) -> int:
    """sqlite3 reads what a contact export holds; csv writes a row per person."""
    db = sqlite3.connect(path)
    points: dict[int, list[str]] = {}
    for pid, _kind, value in db.execute(POINTS):
        points.setdefault(pid, []).append(value)
    tags: dict[int, list[str]] = {}
    for pid, tag in db.execute(TAGS):
        tags.setdefault(pid, []).append(tag)
    links = sum(1 for _ in db.execute(LINKS))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for pid, name, location, notes, birthday, closeness, pin, updated in db.execute(PEOPLE):
        writer.writerow(
            (
                pid, name, "; ".join(points.get(pid, ())), "; ".join(tags.get(pid, ())),
                location or "", notes or "", birthday or "", closeness or "", pin or "", updated,
            )
        )  # fmt: skip
    db.close()
    return len(out.getvalue()) + links


def exported(ctx: Ctx, kind: str, *, cold: bool) -> int:
    """The length of the text ``kind`` exports; ``cold``: nothing computed beforehand."""
    if cold:
        insights.clear_cache()
        alter_graph.forget_analyses()
    return len(exports.export(ctx, kind).text)


def main() -> None:
    args = _args()
    path = scale_db(args.people, 10, 3.3)
    ctx, close = open_ctx(path)
    base, _ = timed("baseline: sqlite3 read + csv module", lambda: baseline(path), args.runs)
    steps: list[Timing] = [base]
    sizes: dict[str, int] = {}
    for label, kind, cold, runs in (
        ("vCard export (RELATED per link)", "vcard", False, args.runs),
        ("CSV export, insights already computed (web)", "csv", False, args.runs),
        ("CSV export, cold (CLI: circles need tie strength)", "csv", True, 1),
        ("iCalendar of due touches, cold (CLI)", "ics", True, 1),
    ):
        if not cold:
            insights.computed(ctx).circles  # noqa: B018 (warms the cache, as a server has it)
        step, sizes[label] = timed(label, partial(exported, ctx, kind, cold=cold), runs)
        steps.append(step)
    close()
    print(f"# exports: {args.people} people (the dashboard benchmark's demo database)")
    print(f"python {platform.python_version()}, {platform.machine()}, ", end="")
    print(f"peak RSS {peak_rss_mb():.0f} MB\n")
    print(table(steps, base))
    print()
    for label, size in sizes.items():
        print(f"{label}: {size / 1e6:.1f} MB of text")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args()


if __name__ == "__main__":
    main()
