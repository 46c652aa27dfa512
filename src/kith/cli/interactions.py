"""kith interactions: find a logged touch, correct it, or delete it."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Annotated, Any

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.core.types import CHANNELS, INTENTS
from kith.errors import UsageError
from kith.schemas.common import check_choice, parse_optional_date
from kith.schemas.interactions import InteractionRead, InteractionUpdate
from kith.services import interaction_edits, interactions, people
from kith.services.interactions import TOUCH_SOURCES, TouchFilter, touch_history

app = typer.Typer(
    help="Your logged interactions: list them, correct one, or delete one.",
    no_args_is_help=True,
)

COLUMNS = ["id", "on", "people", "channel", "intent", "initiator", "summary"]
CHANNEL_HELP = f"Only this channel: {', '.join(CHANNELS)}."
INTENT_HELP = f"Only this intent: {', '.join(INTENTS)}."
SOURCE_HELP = (
    f"Only from here: {', '.join(TOUCH_SOURCES)} (manual: logged by you; the others: what "
    "an import or the demo brought)."
)
Id = Annotated[int, typer.Argument(help="The interaction's id (see `kith interactions list`).")]


@app.command("list")
def list_(
    ctx: typer.Context,
    with_: Annotated[
        str | None, typer.Option("--with", "-w", help="Only those with this person.")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Words in the summary or note.")
    ] = None,
    channel: Annotated[str | None, typer.Option("--channel", "-c", help=CHANNEL_HELP)] = None,
    intent: Annotated[str | None, typer.Option("--intent", "-i", help=INTENT_HELP)] = None,
    source: Annotated[str | None, typer.Option("--source", help=SOURCE_HELP)] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only on or before this date (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000, help="At most N.")] = 20,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List interactions, newest first, with their ids (narrowed by the options given)."""
    where = TouchFilter(
        since=parse_optional_date(since, "--since"),
        until=parse_optional_date(until, "--until"),
        channel=check_choice(channel, CHANNELS, "--channel") if channel else None,
        intent=check_choice(intent, INTENTS, "--intent") if intent else None,
        text=search,
        source=check_choice(source, tuple(TOUCH_SOURCES), "--source") if source else None,
    )
    with runtime(ctx).session() as c:
        if with_:
            where = replace(where, person_id=people.resolve_person(c, with_).id)
        found = touch_history(c, where, limit)
    title = f"Interactions: {len(found.items)} of {found.total}"
    emit(found.items, fmt, rows=[_row(i) for i in found.items], columns=COLUMNS, title=title)


@app.command("edit")
def edit(
    ctx: typer.Context,
    interaction_id: Id,
    summary: Annotated[str | None, typer.Option("--summary", help="What happened.")] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option("--with", "-w", help="Who took part (repeatable; replaces everyone)."),
    ] = None,
    channel: Annotated[str | None, typer.Option("--channel", "-c", help="How.")] = None,
    intent: Annotated[str | None, typer.Option("--intent", "-i", help="Why.")] = None,
    initiator: Annotated[
        str | None, typer.Option("--initiator", help="Who reached out: me, them or mutual.")
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date (YYYY-MM-DD).")] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", help="How an ask went: helped, declined, no_reply; none clears."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Private note ('' clears it).")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Correct an interaction (only the options you give change)."""
    given: dict[str, Any] = {
        "summary": summary,
        "with_people": with_ or None,
        "channel": channel,
        "intent": intent,
        "initiator": initiator,
        "on": parse_optional_date(on, "--on"),
    }
    changes = {key: value for key, value in given.items() if value is not None}
    if outcome is not None:
        changes["outcome"] = None if outcome.strip().lower() == "none" else outcome
    if note is not None:
        changes["note"] = note
    if not changes:
        raise typer.BadParameter("Nothing to change: give at least one option (see --help).")
    with runtime(ctx).session() as c:
        interaction_edits.update_interaction(c, interaction_id, InteractionUpdate(**changes))
        shown = interactions.read_by_id(c, interaction_id)
    if fmt is OutputFormat.table:
        typer.echo(f"Changed interaction {shown.id}: {_describe(shown)}.")
    else:
        emit(shown, fmt, rows=[_row(shown)], columns=COLUMNS)


@app.command("delete")
def delete(
    ctx: typer.Context,
    interaction_id: Id,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an interaction (an imported one is not imported again)."""
    with runtime(ctx).session() as c:
        shown = interactions.read_by_id(c, interaction_id)
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError(
                    "Deleting asks for confirmation: run it in a terminal, or add --yes."
                )
            typer.confirm(f"Delete interaction {shown.id}: {_describe(shown)}?", abort=True)
        interaction_edits.delete_interaction(c, interaction_id)
    typer.echo(f"Deleted interaction {shown.id}: {_describe(shown)}.")


def _describe(shown: InteractionRead) -> str:
    names = ", ".join(p.person for p in shown.people)
    kind = f"{shown.intent.replace('_', ' ')} ({shown.channel.replace('_', ' ')})"
    return f"{shown.summary} - {kind} with {names} on {shown.on}"


def _row(shown: InteractionRead) -> dict[str, Any]:
    return {
        "id": shown.id,
        "on": shown.on,
        "people": ", ".join(p.person for p in shown.people),
        "channel": shown.channel,
        "intent": shown.intent,
        "initiator": shown.initiator,
        "summary": shown.summary,
    }
