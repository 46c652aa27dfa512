"""Settings, the database session and errors for every command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import typer
from sqlalchemy import Engine

from kith.clock import Clock, fixed_clock, system_clock
from kith.config import Settings, database_url_from
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import ensure_schema
from kith.schemas.common import parse_date
from kith.services.context import Ctx
from kith.services.graph_files import use_graph_files
from kith.services.owners import account_id, ensure_owner


@dataclass
class Runtime:
    """Built once per invocation by the root callback and stored on the Typer context."""

    settings: Settings
    clock: Clock = field(default_factory=system_clock)
    username: str | None = None  # --user: an account of server mode
    _engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.settings.resolved_database_url)
        return self._engine

    def prepare(self) -> None:
        """Create the data folder and bring the schema up to date (SQLite upgrades itself)."""
        if self.settings.is_sqlite:
            self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_schema(
            self.engine,
            auto_upgrade=self.settings.auto_upgrade,
            backup_dir=self.settings.data_dir / "backups",
            stamp=self.clock.now(),
        )
        use_graph_files(self.settings)

    @contextmanager
    def session(self, as_of: date | None = None) -> Iterator[Ctx]:
        """One unit of work: commits when the command succeeds, rolls back otherwise."""
        self.prepare()
        clock = fixed_clock(as_of) if as_of else self.clock
        factory = make_session_factory(self.engine)
        with unit_of_work(factory) as session:
            owner = ensure_owner(session, clock) if self.username is None else None
            owner_id = owner.id if owner else account_id(session, self.username or "")
            yield Ctx(session=session, owner_id=owner_id, clock=clock)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def runtime(ctx: typer.Context) -> Runtime:
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, Runtime):
        obj = Runtime(Settings())
        root.obj = obj
    return obj


def build_runtime(db: str | None, debug: bool) -> Runtime:
    overrides: dict[str, object] = {}
    if db:
        overrides["database_url"] = database_url_from(db)
    if debug:
        overrides["debug"] = True
    settings = Settings(**overrides)  # type: ignore[arg-type]
    return Runtime(settings)


def as_of_date(value: str | None) -> date | None:
    return parse_date(value, "--as-of") if value else None
