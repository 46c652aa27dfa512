"""Removing a member's account from a server-mode database.

    python benchmarks/remove_account.py [--members 40] [--people 1000] [--runs 3]
                                        [--database-url URL]

On SQLite (the default) the database of ``server_load.py`` is reused (``--members``
accounts, each with a demo network of ``--people`` people; built once in benchmarks/.cache)
and each run works on a fresh copy. With ``--database-url postgresql+psycopg://...`` (an
empty database: its tables are dropped and made again) the members are loaded there once
and each run removes another member. In the same run it times the baseline: reading every
row the member holds, table by table (``SELECT * ... WHERE owner_id = ?``), and on SQLite
also the floor: deleting those rows with foreign keys off, table by table, which follows no
reference. `kith users remove` must follow every reference to each deleted person.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CLOCK, TODAY, Timing, table, timed
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.demo import generate
from kith.models import Base
from kith.services import accounts
from kith.services.context import Ctx
from kith.services.demo import load_demo
from server_load import members_db, password_of

OWNED = [t.name for t in Base.metadata.sorted_tables if "owner_id" in t.c]


def remove(engine: Engine, member: int) -> int:
    with unit_of_work(make_session_factory(engine)) as session:
        return accounts.remove_account(session, f"member{member}").people


def owner_of(engine: Engine, member: int) -> int:
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT id FROM owners WHERE username = :u"), {"u": f"member{member}"}
        ).scalar_one()
        return int(found)


def scan(engine: Engine, owner: int) -> int:
    """The baseline: every row the member holds, read table by table."""
    rows = 0
    with engine.connect() as conn:
        for name in OWNED:
            query = text(f"SELECT * FROM {name} WHERE owner_id = :o")
            rows += len(conn.execute(query, {"o": owner}).all())
    return rows


def floor(db: Path, owner: int) -> int:
    """SQLite: the member's rows deleted table by table with foreign keys off."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    deleted = 0
    for name in reversed(OWNED):  # children first
        deleted += conn.execute(f"DELETE FROM {name} WHERE owner_id = ?", (owner,)).rowcount
    conn.execute("DELETE FROM owners WHERE id = ?", (owner,))
    conn.execute("COMMIT")
    conn.close()
    return deleted


def load_members(engine: Engine, members: int, people: int) -> None:
    factory = make_session_factory(engine)
    for member in range(members):
        with unit_of_work(factory) as session:
            owner = accounts.add_account(session, CLOCK, f"member{member}", password_of(member))
            load_demo(Ctx(session, owner.id, CLOCK), data=generate(people, member + 1, TODAY))


def sqlite_runs(args: argparse.Namespace) -> list[Timing]:
    source = members_db(args.members, args.people)
    work = Path(tempfile.mkdtemp())
    base, gone, least = (
        Timing("baseline: read the member's rows, table by table", []),
        Timing("kith users remove (every reference followed)", []),
        Timing("floor: delete the member's rows with foreign keys off", []),
    )
    try:
        for run in range(args.runs):
            db = work / f"run{run}.db"
            shutil.copyfile(source, db)
            engine = make_engine(sqlite_url(db))
            upgrade(engine)  # a database cached before migration 0004
            owner = owner_of(engine, 0)
            _add(base, "baseline", lambda e=engine, o=owner: scan(e, o))
            _add(gone, "remove", lambda e=engine: remove(e, 0))
            engine.dispose()
            shutil.copyfile(source, db)
            _add(least, "floor", lambda d=db, o=owner: floor(d, o))
    finally:
        shutil.rmtree(work)
    return [base, gone, least]


def postgres_runs(args: argparse.Namespace) -> list[Timing]:
    engine = make_engine(args.database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    upgrade(engine)
    load_members(engine, args.members, args.people)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    base = Timing("baseline: read the member's rows, table by table", [])
    gone = Timing("kith users remove (every reference followed)", [])
    for run in range(args.runs):
        owner = owner_of(engine, run)
        _add(base, "baseline", lambda o=owner: scan(engine, o))
        _add(gone, "remove", lambda r=run: remove(engine, r))
    with engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM owners")).scalar_one()
    engine.dispose()
    print(f"accounts left after the runs: {left}")
    return [base, gone]


def _add(into: Timing, label: str, work: Callable[[], object]) -> None:
    once, _ = timed(label, work)
    into.runs += once.runs
    into.cpu += once.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    postgres = bool(args.database_url and args.database_url.startswith("postgresql"))
    rows = postgres_runs(args) if postgres else sqlite_runs(args)
    where = "PostgreSQL" if postgres else "SQLite"
    print(f"# removing one member of {args.members}, each with {args.people} people ({where})")
    print(table(rows, rows[0]))


if __name__ == "__main__":
    main()
