"""kith users tokens: API tokens an account's scripts send instead of its password."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime

app = typer.Typer(
    help="API tokens: scripts send one as `Authorization: Bearer <token>` instead of a "
    "password (server mode).",
    no_args_is_help=True,
)
Account = Annotated[str, typer.Argument(help="The account.")]


@app.command("add")
def add(
    ctx: typer.Context,
    account: Account,
    name: Annotated[str, typer.Argument(help="What will use it (a script, a laptop).")],
) -> None:
    """Make a token and print it, this once: kith keeps only its hash."""
    from kith.services import accounts, api_tokens

    rt = runtime(ctx)
    with rt.session() as c:
        owner = accounts.named(c.session, account)
        made = api_tokens.create_token(c.session, owner.id, name, rt.clock.now())
        username = owner.username
    typer.echo(made.token)
    typer.echo(
        f"API token '{made.name}' (id {made.id}) for {username}: copy it now, it is not shown "
        "again. Send it as `Authorization: Bearer <token>`.",
        err=True,
    )


@app.command("list")
def list_(ctx: typer.Context, account: Account, fmt: FormatOpt = OutputFormat.table) -> None:
    """An account's tokens: their names, when made and last used (never the tokens)."""
    from kith.services import accounts, api_tokens

    with runtime(ctx).session() as c:
        owner = accounts.named(c.session, account)
        username = owner.username
        found = [
            {
                "id": t.id,
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            }
            for t in api_tokens.list_tokens(c.session, owner.id)
        ]
    rows = [
        t
        | {
            "created_at": str(t["created_at"])[:10],
            "last_used_at": str(t["last_used_at"] or "")[:10],
        }
        for t in found
    ]
    columns = ["id", "name", "created_at", "last_used_at"]
    emit(found, fmt, rows=rows, columns=columns, title=f"API tokens of {username}")


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    account: Account,
    token_id: Annotated[int, typer.Argument(help="The token's id (see `list`).")],
) -> None:
    """Revoke a token: calls with it are refused at once."""
    from kith.services import accounts, api_tokens

    with runtime(ctx).session() as c:
        owner = accounts.named(c.session, account)
        name = api_tokens.revoke_token(c.session, owner.id, token_id)
    typer.echo(f"Revoked the API token '{name}'.")
