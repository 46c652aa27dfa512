"""The schema comes from Alembic, and models and migrations never drift apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from kith.config import sqlite_url
from kith.db.engine import make_engine
from kith.db.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
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
    dialect = engine.dialect.name

    def on_this_database(item: Any, name: Any, kind: str, reflected: bool, other: Any) -> bool:
        """An index declared for another database only (``ddl_if``) is not expected here;
        Alembic's comparison does not read that condition itself."""
        only = getattr(item, "_ddl_if", None)
        return only is None or only.dialect in (None, dialect)

    with engine.connect() as conn:
        options = {"compare_type": True, "include_object": on_this_database}
        diff = compare_metadata(MigrationContext.configure(conn, opts=options), Base.metadata)
    assert diff == []


def test_the_person_index_of_participants_is_postgresql_only(engine: Engine) -> None:
    names = {str(index["name"]) for index in inspect(engine).get_indexes("participants")}
    assert ("ix_participants_person_id" in names) == (engine.dialect.name == "postgresql")
    people = {str(index["name"]) for index in inspect(engine).get_indexes("people")}
    assert {"ix_people_introduced_by_id", "ix_people_merged_into_id"} <= people


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
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script.get_heads() == [head_revision()]  # what Alembic upgrades to
    revisions = [rev.revision for rev in script.walk_revisions()]
    assert revisions == [f.split("_", 1)[0] for f in reversed(files)]  # one file each


def test_current_revision_reads_the_version_table(engine: Engine, tmp_path: Path) -> None:
    assert current_revision(engine) == head_revision()
    empty = make_engine(sqlite_url(tmp_path / "empty.db"))
    assert current_revision(empty) is None
    empty.dispose()


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


def _indexes(engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {
        table: sorted(str(index["name"]) for index in inspector.get_indexes(table))
        for table in sorted(inspector.get_table_names())
    }


def test_the_lean_index_migration_goes_down_and_up_again(tmp_path: Path) -> None:
    eng = make_engine(sqlite_url(tmp_path / "round.db"))
    upgrade(eng)
    at_head = _indexes(eng)
    command.downgrade(alembic_config(str(eng.url)), "0002")
    before = _indexes(eng)
    assert "ix_participants_person_id" in before["participants"]
    assert "ix_interactions_external" in before["interactions"]
    assert "ix_interactions_owner_id" in before["interactions"]
    upgrade(eng)
    assert _indexes(eng) == at_head
    assert "ix_interactions_owner_id" not in at_head["interactions"]
    assert at_head["participants"] == [
        "ix_participants_interaction_id",
        "ix_participants_owner_person",
    ]
    eng.dispose()
