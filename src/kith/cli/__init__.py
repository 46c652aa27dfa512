"""The `kith` command line: a thin shell over the services."""

from __future__ import annotations

import functools
import sys
from typing import Annotated, Any

import typer
import typer.main

from kith.cli import admin, feed, goals, groups, interactions, log, network, people, serve, users
from kith.cli._runtime import build_runtime
from kith.clock import Clock
from kith.errors import KithError

app = typer.Typer(
    name="kith",
    help="kith: keep in touch before you need to. Local-first personal networking.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file path or URL (default: KITH_DATABASE_URL, "
            "else kith.db in the data folder).",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            envvar="KITH_USER",
            help="Act as this account (server mode; default: the single-user owner).",
        ),
    ] = None,
) -> None:
    preset = ctx.obj
    runtime = build_runtime(db, debug)
    runtime.username = user
    if isinstance(preset, Clock):  # tests inject the clock (a process edge)
        runtime.clock = preset
    ctx.obj = runtime
    ctx.call_on_close(runtime.close)


app.add_typer(people.app, name="people")
app.add_typer(network.career_app, name="career")
app.command("link")(network.link)
app.command("log")(log.log)
app.add_typer(interactions.app, name="interactions")
app.add_typer(groups.app, name="groups")
app.add_typer(goals.app, name="goals")
app.add_typer(goals.reminders_app, name="reminders")
app.add_typer(admin.db_app, name="db")
app.add_typer(admin.config_app, name="config")
app.add_typer(feed.app, name="feed")
app.command("serve")(serve.serve)
app.add_typer(users.app, name="users")


def _register_optional() -> None:
    """Command groups that live in their own modules."""
    from kith.cli import demo, exports, imports, insights

    app.command("demo")(demo.demo)
    for name, command in (
        ("ties", insights.ties),
        ("due", insights.due),
        ("plan", insights.plan),
        ("habits", insights.habits),
        ("gaps", insights.gaps),
        ("health", insights.health),
        ("leads", insights.leads),
        ("reconnect", insights.reconnect),
        ("brokers", insights.brokers),
        ("map", insights.network_map),
    ):
        app.command(name)(command)
    groups.app.command("suggest")(insights.groups_suggest)
    app.command("import")(imports.import_)
    app.command("export")(exports.export)
    app.add_typer(imports.merges_app, name="merges")


_register_optional()


@functools.cache
def _command() -> Any:
    """The click command tree, built once per process (building it is slow)."""
    return typer.main.get_command(app)


def main(argv: list[str] | None = None, clock: Clock | None = None) -> None:
    """Entry point: errors print as one line and a non-zero exit code, never a traceback.

    Usage errors (a missing option, a wrong type) are reported by Typer itself (exit 2).
    """
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        _command()(args=args, prog_name="kith", obj=clock)
    except KithError as err:
        _fail(f"Error: {err}", err.exit_code, debug)
    except Exception as err:  # the last line of defence: never print people's data
        _fail(
            f"Error: unexpected {type(err).__name__}. Run again with --debug for details, "
            "and please report it.",
            70,
            debug,
        )


def _fail(message: str, code: int, debug: bool) -> None:
    if debug:
        raise
    typer.echo(message, err=True)
    sys.exit(code)
