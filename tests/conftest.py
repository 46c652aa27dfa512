"""Fixtures: a real, migrated database (SQLite file, or PostgreSQL when
KITH_TEST_DATABASE_URL is set), a fixed clock, and an in-process CLI runner."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from kith.cli import main
from kith.clock import Clock, fixed_clock
from kith.config import sqlite_url
from kith.core import graph_store
from kith.db.engine import make_engine, make_session_factory
from kith.db.migrate import upgrade
from kith.models import Base
from kith.services.context import Ctx
from kith.services.owners import ensure_owner

TODAY = date(2026, 11, 25)
PG_URL = os.environ.get("KITH_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_engine() -> Iterator[Engine | None]:
    if not PG_URL:
        yield None
        return
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    upgrade(engine)
    yield engine
    engine.dispose()


def _truncate(engine: Engine) -> None:
    """Empty every table. Connections left open by an earlier test's app are closed first,
    so a transaction they forgot can never block the TRUNCATE."""
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        conn.execute(text("SET LOCAL lock_timeout = '20s'"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db_url(tmp_path: Path, _sqlite_template: Path, _pg_engine: Engine | None) -> Iterator[str]:
    """A fresh, migrated, empty database for each test."""
    if _pg_engine is not None:
        assert PG_URL is not None
        _truncate(_pg_engine)
        yield PG_URL
        return
    path = tmp_path / "kith.db"
    shutil.copy(_sqlite_template, path)
    yield sqlite_url(path)


@pytest.fixture(autouse=True)
def _no_graph_store_left_behind() -> Iterator[None]:
    """The CLI and the web app point the graph analysis at their data folder (a process
    setting); each test starts and ends without one."""
    graph_store.use_store(None)
    yield
    graph_store.use_store(None)


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(datetime(2026, 11, 25, 15, 30, tzinfo=UTC))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def ctx(session_factory: sessionmaker[Session], clock: Clock) -> Iterator[Ctx]:
    """A service context in one open transaction (committed at the end so CLI calls see it)."""
    session = session_factory()
    owner = ensure_owner(session, clock)
    yield Ctx(session=session, owner_id=owner.id, clock=clock)
    session.rollback()
    session.close()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class Cli:
    """Runs `kith ...` in-process against the test database with a fixed clock."""

    def __init__(self, db_url: str, clock: Clock) -> None:
        self.db_url = db_url
        self.clock = clock

    def __call__(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(["--db", self.db_url, *args], clock=self.clock)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return Result(code, out.getvalue(), err.getvalue())

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, f"kith {' '.join(args)} failed: {result.stderr}"
        return result


@pytest.fixture
def cli(db_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    monkeypatch.setenv("KITH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    return Cli(db_url, clock)
