"""kith db ... and kith config show."""

from __future__ import annotations

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.db import migrate
from kith.errors import DatabaseError

db_app = typer.Typer(help="The database: upgrade, back up, locate.", no_args_is_help=True)
config_app = typer.Typer(help="Show the settings in force.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to date (needed explicitly on PostgreSQL)."""
    rt = runtime(ctx)
    if rt.settings.is_sqlite:
        rt.settings.data_dir.mkdir(parents=True, exist_ok=True)
    before = migrate.schema_state(rt.engine)
    if before.up_to_date:
        typer.echo(f"The database is up to date (revision {before.head}).")
        return
    if before.current is not None and migrate.sqlite_path(rt.engine) is not None:
        path = migrate.backup_sqlite(rt.engine, rt.settings.data_dir / "backups", rt.clock.now())
        typer.echo(f"Backed up to {path}.")
    migrate.upgrade(rt.engine)
    typer.echo(f"Upgraded from {before.current or 'an empty database'} to {before.head}.")


@db_app.command("backup")
def backup(ctx: typer.Context) -> None:
    """Copy the SQLite database into the backups folder."""
    rt = runtime(ctx)
    path = migrate.backup_sqlite(rt.engine, rt.settings.data_dir / "backups", rt.clock.now())
    typer.echo(f"Backed up to {path}.")


@db_app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the database is."""
    rt = runtime(ctx)
    file = migrate.sqlite_path(rt.engine)
    if file is None and not rt.settings.is_sqlite:
        typer.echo(rt.settings.masked()["database_url"])
    elif file is None:
        raise DatabaseError("This is an in-memory database: it has no path.")
    else:
        typer.echo(str(file))


@config_app.command("show")
def show(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """Show the settings in force (secrets masked)."""
    shown = runtime(ctx).settings.masked()
    rows = [{"setting": k, "value": v} for k, v in shown.items()]
    emit(shown, fmt, rows=rows, columns=["setting", "value"])
