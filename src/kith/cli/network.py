"""kith career ... and kith link: career history and who knows whom."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.schemas.common import parse_optional_date
from kith.services import network, people

career_app = typer.Typer(help="Record where people worked and work now.", no_args_is_help=True)


@career_app.command("add")
def career_add(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Id, email, LinkedIn URL, name or 'me'.")],
    org: Annotated[str, typer.Option("--org", help="Organization.")],
    title: Annotated[str | None, typer.Option("--title", help="Job title.")] = None,
    industry: Annotated[str | None, typer.Option("--industry", help="Industry.")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="Start, YYYY-MM[-DD].")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="End, YYYY-MM[-DD]; omit if current.")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Add a position; a new current one closes the person's previous current one."""
    start = parse_optional_date(from_, "--from", allow_month=True)
    end = parse_optional_date(to, "--to", allow_month=True)
    with runtime(ctx).session() as c:
        found = people.resolve_person(c, person)
        network.add_position(
            c, found, org=org, title=title, industry=industry, started_on=start, ended_on=end
        )
        positions = network.read_positions(c, found.id)
        name, pid = found.display_name, found.id
    if fmt is OutputFormat.table:
        typer.echo(f"Added {title + ' at ' if title else ''}{org} to {name}'s career.")
    else:
        emit({"person": name, "person_id": pid, "positions": positions}, fmt, rows=positions)


@career_app.command("end")
def career_end(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Id, email, LinkedIn URL, name or 'me'.")],
    org: Annotated[str, typer.Option("--org", help="Organization they left.")],
    on: Annotated[str | None, typer.Option("--on", help="Date they left (default today).")] = None,
) -> None:
    """Mark that someone left an organization."""
    when = parse_optional_date(on, "--on", allow_month=True)
    with runtime(ctx).session() as c:
        found = people.resolve_person(c, person)
        pos = network.end_position(c, found, org=org, on=when)
        typer.echo(f"{found.display_name} left {pos.organization.name} on {pos.ended_on}.")


def link(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person.")],
    b: Annotated[str, typer.Argument(help="Someone they know.")],
    kind: Annotated[
        str, typer.Option("--kind", help="knows, knows_well, introduced, colleague or family.")
    ] = "knows",
    since: Annotated[str | None, typer.Option("--since", help="Since when (YYYY-MM-DD).")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Record that two people know each other (who knows whom)."""
    when = parse_optional_date(since, "--since")
    with runtime(ctx).session() as c:
        pa = people.resolve_person(c, a)
        pb = people.resolve_person(c, b)
        made = network.add_link(c, pa.id, pb.id, kind=kind, since=when)
        result = {
            "id": made.id,
            "kind": made.kind,
            "person": pa.display_name,
            "person_id": pa.id,
            "other": pb.display_name,
            "other_id": pb.id,
        }
    if fmt is OutputFormat.table:
        typer.echo(
            f"Linked {pa.display_name} and {pb.display_name} ({made.kind.replace('_', ' ')})."
        )
    else:
        emit(result, fmt, rows=[result])
