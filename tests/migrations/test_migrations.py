"""The schema comes from Alembic, and models and migrations never drift apart."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from kith.config import sqlite_url
from kith.db.engine import make_engine
from kith.db.migrate import (
    MIGRATIONS_DIR,
    backup_sqlite,
    current_revision,
    ensure_schema,
    head_revision,
    upgrade,
)
from kith.errors import DatabaseError
from kith.models import Base
from tests.conftest import TODAY


def test_models_and_migrations_never_drift(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_migrated_database_is_at_head(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()


def test_every_table_carries_its_owner(engine: Engine) -> None:
    inspector = inspect(engine)
    tables = set(inspector.get_table_names()) - {"alembic_version", "owners"}
    assert tables, "no tables were migrated"
    missing = [
        t for t in sorted(tables) if "owner_id" not in {c["name"] for c in inspector.get_columns(t)}
    ]
    assert missing == []


def test_migration_chain_is_linear() -> None:
    files = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("*.py"))
    assert files[0].startswith("0001_")
    assert head_revision() == files[-1].split("_", 1)[0]


def test_new_sqlite_database_upgrades_itself(tmp_path: Path) -> None:
    eng = make_engine(sqlite_url(tmp_path / "new.db"))
    ensure_schema(eng, auto_upgrade=True, backup_dir=tmp_path / "backups", stamp=_stamp())
    assert current_revision(eng) == head_revision()
    assert not (tmp_path / "backups").exists()  # nothing to back up in a new database
    eng.dispose()


def test_old_sqlite_schema_is_backed_up_before_upgrading(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    eng = make_engine(sqlite_url(path))
    with eng.begin() as conn:  # a database written by an older kith, before any migration
        conn.exec_driver_sql("CREATE TABLE legacy_notes (body TEXT)")
        conn.exec_driver_sql("INSERT INTO legacy_notes VALUES ('keep me')")
    ensure_schema(eng, auto_upgrade=True, backup_dir=tmp_path / "backups", stamp=_stamp())
    backups = list((tmp_path / "backups").glob("old-*.db"))
    assert len(backups) == 1
    assert current_revision(eng) == head_revision()
    eng.dispose()


def test_stale_schema_without_auto_upgrade_is_a_clear_error(tmp_path: Path) -> None:
    eng = make_engine(sqlite_url(tmp_path / "x.db"))
    try:
        ensure_schema(eng, auto_upgrade=False, backup_dir=tmp_path, stamp=_stamp())
    except DatabaseError as err:
        assert str(err) == (
            f"The database schema is at nothing, kith needs {head_revision()}. "
            "Run `kith db upgrade` first."
        )
    else:
        raise AssertionError("expected DatabaseError")
    eng.dispose()


def test_backup_copies_the_data(tmp_path: Path) -> None:
    eng = make_engine(sqlite_url(tmp_path / "data.db"))
    upgrade(eng)
    dest = backup_sqlite(eng, tmp_path / "b", _stamp())
    copy = make_engine(sqlite_url(dest))
    assert dest.name == "data-20261125-090000.db"
    assert current_revision(copy) == head_revision()
    copy.dispose()
    eng.dispose()


def _stamp():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
