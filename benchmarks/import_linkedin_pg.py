"""The LinkedIn import of ``import_linkedin.py``, into PostgreSQL (a hosted kith).

    python benchmarks/import_linkedin_pg.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/kith_bench

The database given must exist and is emptied (its ``public`` schema dropped and made
again) before every kith import. The same run times the baselines: reading the same CSVs
with the csv module and inserting the rows into two plain tables of that database, by
psycopg ``executemany`` and by ``COPY`` (the fastest plain way in), and the import's
baseline of ``import_linkedin.py`` (sqlite3 executemany) for comparison.
"""

from __future__ import annotations

import argparse
import csv
import platform
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timing, empty_postgres, psycopg_url, table, timed
from import_linkedin import (
    CONNECTIONS,
    MESSAGES,
    baseline,
    exported,
    kith_runs,
    scale_parser,
)

Insert = Callable[[psycopg.Cursor[tuple[object, ...]], str, list[list[str]]], None]


def _rows(folder: Path) -> tuple[list[list[str]], list[list[str]]]:
    with (folder / "Connections.csv").open(encoding="utf-8", newline="") as handle:
        for _ in range(3):
            handle.readline()
        connections = list(csv.reader(handle))[1:]
    with (folder / "messages.csv").open(encoding="utf-8", newline="") as handle:
        messages = list(csv.reader(handle))[1:]
    return connections, messages


def _executemany(
    cursor: psycopg.Cursor[tuple[object, ...]], name: str, rows: list[list[str]]
) -> None:
    marks = ", ".join(["%s"] * len(rows[0]))
    cursor.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)


def _copy(cursor: psycopg.Cursor[tuple[object, ...]], name: str, rows: list[list[str]]) -> None:
    with cursor.copy(f"COPY {name} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def pg_baseline(url: str, folder: Path, insert: Insert) -> int:
    """csv module + psycopg into two plain tables, made afresh, in one transaction."""
    with psycopg.connect(psycopg_url(url)) as conn, conn.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_c, bench_m")
        cursor.execute(
            f"CREATE TABLE bench_c ({', '.join(f'c{i} text' for i in range(len(CONNECTIONS)))})"
        )
        cursor.execute(
            f"CREATE TABLE bench_m ({', '.join(f'm{i} text' for i in range(len(MESSAGES)))})"
        )
        connections, messages = _rows(folder)
        insert(cursor, "bench_c", connections)
        insert(cursor, "bench_m", messages)
    return len(connections) + len(messages)


def _emptied(url: str, _run: int) -> str:
    empty_postgres(url)
    return url


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = exported(root, args.connections, args.messages)
        steps: list[Timing] = []
        for label, insert in (
            ("baseline: csv module + psycopg executemany", _executemany),
            ("baseline: csv module + psycopg COPY", _copy),
        ):
            steps.append(timed(label, partial(pg_baseline, args.postgres, folder, insert), 3)[0])
        sqlite_base, _ = timed(
            "import_linkedin.py's baseline: csv module + sqlite3 executemany",
            partial(baseline, folder, root / "base.db"),
        )
        fresh = partial(_emptied, args.postgres)
        first, again, report, second = kith_runs(folder, root, args.runs, fresh)
    scale = f"{args.connections} connections, {args.messages} messages"
    print(f"# LinkedIn import into PostgreSQL: {scale}")
    with psycopg.connect(psycopg_url(args.postgres)) as conn:
        found = conn.execute("SHOW server_version").fetchone()
    server = found[0] if found else "?"
    print(f"python {platform.python_version()}, {platform.machine()}, PostgreSQL {server}\n")
    print(table([*steps, sqlite_base, first, again], steps[0], cpu=True))
    print(
        f"\nfirst import created {report.created}; second created {second.created}, "
        f"updated {second.updated}"
    )


def _args() -> argparse.Namespace:
    parser = scale_parser(__doc__, 2, "kith imports (each into the emptied database)")
    parser.add_argument("--postgres", required=True, help="URL of an existing database to empty")
    return parser.parse_args()


if __name__ == "__main__":
    main()
