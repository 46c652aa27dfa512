"""Alembic, driven from code: upgrade, current revision, and a backup before upgrading.

Every command checks that the schema is current, so that check does without Alembic
(importing it takes about a tenth of a second): the current revision is read from
``alembic_version`` with plain SQL, and the newest one is the highest-numbered file of
the linear chain in ``migrations/versions`` (a test holds it equal to Alembic's head).
Alembic itself is imported only to upgrade.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from kith.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest revision: migrations are numbered files (``0003_...py``), one chain."""
    numbered = (p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("*_*.py"))
    return max(n for n in numbered if n.isdigit())


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database Alembic never touched."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        found = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        return None if found is None else str(found)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (``kith db upgrade``)."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    return SchemaState(current_revision(engine), head_revision())


def sqlite_path(engine: Engine) -> Path | None:
    url = make_url(engine.url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_sqlite(engine: Engine, dest_dir: Path, stamp: datetime) -> Path:
    """Copy a SQLite database with the online backup API (safe while it is open)."""
    source = sqlite_path(engine)
    if source is None:
        raise DatabaseError(
            "Only SQLite databases can be backed up by kith.",
            hint="Use pg_dump for PostgreSQL.",
        )
    if not source.exists():
        raise DatabaseError(f"There is no database at {source} to back up yet.")
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{source.stem}-{stamp:%Y%m%d-%H%M%S}.db"
    with sqlite3.connect(source) as src, sqlite3.connect(dest) as dst:
        src.backup(dst)
    return dest


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def ensure_schema(engine: Engine, *, auto_upgrade: bool, backup_dir: Path, stamp: datetime) -> None:
    """SQLite upgrades itself (after a backup when it holds data); others must be current."""
    state = schema_state(engine)
    if state.up_to_date:
        return
    path = sqlite_path(engine)
    if path is not None and auto_upgrade:
        if path.exists() and _has_tables(engine):
            backup_sqlite(engine, backup_dir, stamp)
        upgrade(engine)
        return
    if state.current is None and path is None and engine.url.get_backend_name() == "sqlite":
        upgrade(engine)  # an in-memory database is always new
        return
    raise DatabaseError(
        f"The database schema is at {state.current or 'nothing'}, kith needs {state.head}.",
        hint="Run `kith db upgrade` first.",
    )
