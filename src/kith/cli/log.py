"""kith log: record an interaction in seconds."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.schemas.common import parse_optional_date
from kith.schemas.interactions import InteractionCreate
from kith.services import interactions


def log(
    ctx: typer.Context,
    summary: Annotated[
        str, typer.Argument(help="What happened, e.g. 'Coffee, talked about her move'.")
    ],
    with_: Annotated[
        list[str], typer.Option("--with", "-w", help="Who (id, email or name; repeatable).")
    ],
    channel: Annotated[
        str,
        typer.Option(
            "--channel",
            "-c",
            help="in_person, video, call, event, email, message, social_comment or group_post.",
        ),
    ] = "message",
    intent: Annotated[
        str,
        typer.Option("--intent", "-i", help="give, ask, connect, catch_up, follow_up or thanks."),
    ] = "catch_up",
    initiator: Annotated[
        str, typer.Option("--initiator", help="Who reached out: me, them or mutual.")
    ] = "me",
    on: Annotated[
        str | None, typer.Option("--on", help="Date (YYYY-MM-DD), default today.")
    ] = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="How an ask went: helped, declined, no_reply.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Private note.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Log an interaction with one or more people."""
    data = InteractionCreate(
        summary=summary,
        with_people=with_,
        channel=channel,
        intent=intent,
        initiator=initiator,
        on=parse_optional_date(on, "--on"),
        outcome=outcome,
        note=note,
    )
    with runtime(ctx).session() as c:
        made = interactions.log_interaction(c, data)
        shown = interactions.read_by_id(c, made.id)
    if fmt is OutputFormat.table:
        names = ", ".join(p.person for p in shown.people)
        typer.echo(
            f"Logged {shown.intent.replace('_', ' ')} ({shown.channel.replace('_', ' ')}) "
            f"with {names} on {shown.on} (interaction {shown.id})."
        )
    else:
        emit(shown, fmt, rows=[shown])
