"""kith db ... and kith config show|preferences|set."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.core.numbers import whole_number
from kith.db import migrate
from kith.errors import DatabaseError, UsageError
from kith.services.preferences import CIRCLES, Preferences, preferences, update_preferences

if TYPE_CHECKING:
    from kith.services.import_undo import Undo

db_app = typer.Typer(
    help="The database: upgrade, back up, locate, and the imports made.", no_args_is_help=True
)
config_app = typer.Typer(
    help="The settings in force, and your preferences: weekly budget, your own email "
    "addresses, how often each circle is due.",
    no_args_is_help=True,
)


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


@db_app.command("imports")
def imports(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 20,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The imports you made: when, which file, what each created and updated."""
    from kith.services.import_history import changed, in_words, past_imports

    with runtime(ctx).session() as c:
        found = past_imports(c, limit)
    rows = [
        item
        | {
            "imported_at": item["imported_at"][:16].replace("T", " "),
            "created": in_words(item["created"]),
            "updated": in_words(changed(item)),
            "undone": (item["undone"] or {}).get("at", "")[:10],
        }
        for item in found
    ]
    columns = ["id", "imported_at", "file", "kind", "created", "updated", "skipped"]
    if any(item["undone"] for item in found):
        columns.append("undone")
    emit(found, fmt, rows=rows, columns=columns, title="Your imports, newest first")


@db_app.command("undo-import")
def undo_import(
    ctx: typer.Context,
    import_id: Annotated[int, typer.Argument(help="The import's id (see `kith db imports`).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be removed; change nothing.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (for scripts): undo it.")
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Undo an import: remove the people and interactions it created. People you have
    used since (a touch, a group, an edit...) stay; importing the file again brings the
    rest back."""
    from kith.services.import_undo import undo_import as undo

    with runtime(ctx).session() as c:
        preview = undo(c, import_id, dry_run=True)
        if not dry_run and not yes:
            _confirm_undo(preview)
        result = preview if dry_run else undo(c, import_id)
    if fmt is OutputFormat.json:
        emit(result.to_dict(), fmt)
        return
    typer.echo(f"Import {result.batch_id} ({result.file}): {result.headline()}")
    for line in result.kept_words():
        typer.echo(line)


def _confirm_undo(preview: Undo) -> None:
    what = f"import {preview.batch_id} ({preview.file})"
    if not sys.stdin.isatty():
        raise UsageError(
            f"Undoing {what}: {preview.headline()} Add --yes to do it "
            "(or --dry-run to see what stays)."
        )
    for line in preview.kept_words():
        typer.echo(line)
    removing = f" and remove {preview.removed()}" if preview.removes_anything else ""
    if not typer.confirm(f"Undo {what}{removing}?", default=False):
        typer.echo("Nothing was removed.", err=True)
        raise typer.Exit(1)


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


@config_app.command("preferences")
def show_preferences(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """Show your preferences (change them with `kith config set`)."""
    with runtime(ctx).session() as c:
        found = preferences(c)
    _emit_preferences(found, fmt, "")


@config_app.command("set")
def set_preferences(
    ctx: typer.Context,
    weekly_budget: Annotated[
        int | None, typer.Option("--weekly-budget", help="Touches a week the plan aims for.")
    ] = None,
    my_email: Annotated[
        list[str] | None,
        typer.Option(
            "--my-email",
            help="Your own address (repeatable): replaces the list. Mails from these are yours.",
        ),
    ] = None,
    no_my_emails: Annotated[
        bool, typer.Option("--no-my-emails", help="Forget every address of yours.")
    ] = False,
    cadence: Annotated[
        list[str] | None,
        typer.Option(
            "--cadence",
            help="CIRCLE=DAYS (repeatable), e.g. C15=30: how often that circle is due.",
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Change your preferences; what you leave out stays as it is."""
    if my_email and no_my_emails:
        raise UsageError("Give --my-email or --no-my-emails, not both.")
    emails = [] if no_my_emails else my_email
    if weekly_budget is None and emails is None and not cadence:
        raise UsageError(
            "Nothing to change.",
            hint="Give --weekly-budget, --my-email, --no-my-emails or --cadence CIRCLE=DAYS.",
        )
    cadences = dict(_cadence(text) for text in cadence or ())
    with runtime(ctx).session() as c:
        found = update_preferences(
            c, weekly_budget=weekly_budget, my_emails=emails, cadence_days=cadences or None
        )
    _emit_preferences(found, fmt, "Preferences saved.")


def _cadence(text: str) -> tuple[str, int]:
    circle, _, days = text.partition("=")
    number = whole_number(days)
    if number is None:
        raise UsageError(
            f"--cadence {text}: expected CIRCLE=DAYS.", hint="For example --cadence C15=30."
        )
    return circle.strip(), number


def _emit_preferences(found: Preferences, fmt: OutputFormat, note: str) -> None:
    rows = [
        {"preference": "weekly budget", "value": f"{found.weekly_budget} touches a week"},
        {"preference": "my emails", "value": ", ".join(found.my_emails) or "(none)"},
        *(
            {"preference": CIRCLES[circle], "value": f"due every {days} days"}
            for circle, days in found.cadence_days.items()
        ),
    ]
    emit(found.as_dict(), fmt, rows=rows, columns=["preference", "value"], text=note or None)
