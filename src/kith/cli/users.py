"""kith users: accounts for server mode (several people on one kith, each with a login)."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.cli.tokens import app as tokens_app
from kith.core.coach_common import plural
from kith.errors import UsageError

if TYPE_CHECKING:
    from kith.services.accounts import Removal

app = typer.Typer(
    help="Accounts for server mode: once one has a password, the web UI and API ask "
    "everyone to log in, and each sees only their own data.",
    no_args_is_help=True,
)

app.add_typer(tokens_app, name="tokens")

StdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input."
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The login name (lower case).")],
    password_stdin: StdinOpt = False,
) -> None:
    """Add an account with a password (asked twice, not shown)."""
    from kith.services import accounts

    password = _password(password_stdin)
    rt = runtime(ctx)
    with rt.session() as c:
        owner = accounts.add_account(c.session, rt.clock, name, password)
        shown = owner.username
    typer.echo(
        f"Added the account {shown}. The web UI and the API now ask everyone to log in; "
        f"act as {shown} from the command line with `kith --user {shown} ...`."
    )


@app.command("passwd")
def passwd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account.")],
    password_stdin: StdinOpt = False,
) -> None:
    """Set a new password (sessions opened with the old one end)."""
    from kith.services import accounts

    password = _password(password_stdin)
    with runtime(ctx).session() as c:
        accounts.set_password(c.session, name, password)
    typer.echo(f"Changed the password of {name.strip().lower()}; older sessions have ended.")


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """The accounts, whether each has a password, and how many people each keeps."""
    from kith.services import accounts

    with runtime(ctx).session() as c:
        found = accounts.list_accounts(c.session)
    rows = [
        a | {"password": "yes" if a["password"] else "no", "created_at": a["created_at"][:10]}
        for a in found
    ]
    columns = ["username", "password", "people", "created_at"]
    emit(found, fmt, rows=rows, columns=columns, title="Accounts")


@app.command("remove")
def remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (for scripts): remove it.")
    ] = False,
) -> None:
    """Remove an account and everything in it: its people, touches, groups, goals and
    imports. This cannot be undone (back up first with `kith db backup`)."""
    from kith.services import accounts

    with runtime(ctx).session() as c:
        found = accounts.account_contents(c.session, name)
        if not yes:
            _confirm(found)
        removed = accounts.remove_account(c.session, name)
    typer.echo(
        f"Removed the account {removed.username} with {plural(removed.people, 'person', 'people')} "
        f"and {plural(removed.interactions, 'touch', 'touches')}."
    )


def _confirm(found: Removal) -> None:
    if not sys.stdin.isatty():
        raise UsageError(
            f"Removing {found.username} deletes {plural(found.people, 'person', 'people')} and "
            f"{plural(found.interactions, 'touch', 'touches')} for good: add --yes to do it."
        )
    question = (
        f"Remove {found.username} with {plural(found.people, 'person', 'people')} and "
        f"{plural(found.interactions, 'touch', 'touches')}? This cannot be undone."
    )
    if not typer.confirm(question, default=False):
        typer.echo("Nothing was removed.", err=True)
        raise typer.Exit(1)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("No terminal to ask for the password: pipe it in with --password-stdin.")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise UsageError("The two passwords differ: nothing was changed.")
    return first
