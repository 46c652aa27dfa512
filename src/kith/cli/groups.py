"""kith groups: communities you join and the people who contribute there."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.schemas.common import parse_optional_date
from kith.services import groups, people

app = typer.Typer(
    help="Groups and communities: join, observe contributors, reach out.", no_args_is_help=True
)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Group name.")],
    platform: Annotated[str | None, typer.Option("--platform", help="Meetup, Slack, ...")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Link to the group.")] = None,
    interest: Annotated[
        list[str] | None, typer.Option("--interest", help="Topic (repeatable).")
    ] = None,
    role: Annotated[
        str, typer.Option("--role", help="Your role: member, observer or organizer.")
    ] = "member",
    joined_on: Annotated[str | None, typer.Option("--joined-on", help="YYYY-MM-DD.")] = None,
) -> None:
    """Add a group you belong to (or observe)."""
    with runtime(ctx).session() as c:
        group = groups.add_group(
            c,
            name,
            platform=platform,
            url=url,
            interests=interest or [],
            role=role,
            joined_on=parse_optional_date(joined_on, "--joined-on"),
        )
        typer.echo(f"Added group {group.name} (id {group.id}).")


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """List your groups with members and latest activity."""
    with runtime(ctx).session() as c:
        items = groups.list_groups(c)
    emit(
        items,
        fmt,
        columns=["id", "name", "platform", "role", "members", "last_activity", "interests"],
    )


@app.command("show")
def show(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(help="Group name or id.")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show a group's members and recent contributions."""
    with runtime(ctx).session() as c:
        detail = groups.show_group(c, groups.resolve_group(c, group))
    emit(
        detail,
        fmt,
        rows=detail.members,
        columns=["person_id", "person", "joined_on", "contributions"],
        title=detail.group.name,
    )


@app.command("join")
def join(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(help="Group name or id.")],
    person: Annotated[str, typer.Argument(help="Who joins ('me' for yourself).")] = "me",
    on: Annotated[str | None, typer.Option("--on", help="YYYY-MM-DD.")] = None,
) -> None:
    """Record that someone (or you) is a member of a group."""
    with runtime(ctx).session() as c:
        g = groups.resolve_group(c, group)
        p = people.resolve_person(c, person)
        groups.join(c, g, p, parse_optional_date(on, "--on"))
        typer.echo(f"{'You' if p.is_me else p.display_name} joined {g.name}.")


@app.command("leave")
def leave(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(help="Group name or id.")],
    person: Annotated[str, typer.Argument(help="Who leaves ('me' for yourself).")] = "me",
    on: Annotated[str | None, typer.Option("--on", help="YYYY-MM-DD.")] = None,
) -> None:
    """Record that someone (or you) left a group."""
    with runtime(ctx).session() as c:
        g = groups.resolve_group(c, group)
        p = people.resolve_person(c, person)
        groups.leave(c, g, p, parse_optional_date(on, "--on"))
        typer.echo(f"{'You' if p.is_me else p.display_name} left {g.name}.")


@app.command("activity")
def activity(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(help="Group name or id.")],
    by: Annotated[str, typer.Option("--by", help="Who contributed ('me' for yourself).")],
    kind: Annotated[str, typer.Option("--kind", help="post, comment, talk or organized.")],
    on: Annotated[str | None, typer.Option("--on", help="YYYY-MM-DD, default today.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="What it was about.")] = None,
) -> None:
    """Record a contribution in a group (a post, comment, talk or event organized)."""
    with runtime(ctx).session() as c:
        g = groups.resolve_group(c, group)
        p = people.resolve_person(c, by)
        act = groups.record_activity(c, g, p, kind, parse_optional_date(on, "--on"), topic)
        typer.echo(
            f"Recorded a {act.kind} by {'you' if p.is_me else p.display_name} "
            f"in {g.name} on {act.occurred_on}."
        )
