"""kith people: add, show, edit, list, archive, merge."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.cli._working import working
from kith.schemas.common import check_range, parse_optional_date, plain
from kith.schemas.people import PersonCreate, PersonUpdate
from kith.services import interactions, merge, people
from kith.services.context import Ctx

app = typer.Typer(help="Add, find, show and change the people you know.", no_args_is_help=True)

Multi = list[str] | None
RECENT = 5  # latest interactions shown by `people show`


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Full name, e.g. 'Ana Lima'.")],
    email: Annotated[Multi, typer.Option("--email", help="Email address (repeatable).")] = None,
    phone: Annotated[Multi, typer.Option("--phone", help="Phone number (repeatable).")] = None,
    url: Annotated[Multi, typer.Option("--url", help="Profile or site URL (repeatable).")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Current organization.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Job title at --org.")] = None,
    industry: Annotated[str | None, typer.Option("--industry", help="Industry of --org.")] = None,
    tag: Annotated[Multi, typer.Option("--tag", help="Tag or interest (repeatable).")] = None,
    location: Annotated[str | None, typer.Option("--location", help="City or region.")] = None,
    how_met: Annotated[str | None, typer.Option("--how-met", help="How you met.")] = None,
    met_on: Annotated[
        str | None, typer.Option("--met-on", help="Date you met (YYYY-MM-DD).")
    ] = None,
    introduced_by: Annotated[
        str | None, typer.Option("--introduced-by", help="Who introduced you (a person).")
    ] = None,
    circle: Annotated[
        str | None, typer.Option("--circle", help="Pin a circle: C5, C15, C50, C150, C500, C1500.")
    ] = None,
    cadence: Annotated[
        int | None, typer.Option("--cadence", help="Keep in touch every N days.")
    ] = None,
    closeness: Annotated[int | None, typer.Option("--closeness", help="How close, 1-5.")] = None,
    kin: Annotated[bool, typer.Option("--kin", help="A relative.")] = False,
    do_not_contact: Annotated[
        bool, typer.Option("--do-not-contact", help="Never suggest contacting them.")
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Add a person."""
    if closeness is not None:
        check_range(closeness, 1, 5, "--closeness")
    if cadence is not None:
        check_range(cadence, 1, 3650, "--cadence")
    if title and not org:
        raise typer.BadParameter("--title needs --org.")
    data = PersonCreate(
        name=name,
        emails=email or [],
        phones=phone or [],
        urls=url or [],
        org=org,
        title=title,
        industry=industry,
        tags=tag or [],
        location=location,
        how_met=how_met,
        met_on=parse_optional_date(met_on, "--met-on"),
        introduced_by=introduced_by,
        circle=circle,
        cadence_days=cadence,
        closeness=closeness,
        kin=kin,
        do_not_contact=do_not_contact,
    )
    with runtime(ctx).session() as c:
        person = people.add_person(c, data)
        shown = people.read_person(c, person)
    _confirm(fmt, shown, f"Added {shown.person} (id {shown.person_id}).")


def _confirm(fmt: OutputFormat, data: object, message: str) -> None:
    if fmt is OutputFormat.json:
        emit(data, fmt)
    else:
        typer.echo(message)


@app.command("show")
def show(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Id, email, LinkedIn URL, name or 'me'.")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show everything about a person, and what you don't know yet."""
    from kith.cli.render_person import render_person

    with runtime(ctx).session() as c:
        found = people.resolve_person(c, person, include_archived=True)
        detail = people.read_person(c, found)
        extra = _insight_extras(c, found.id)
        recent = interactions.timeline(c, found.id, limit=RECENT) if not found.is_me else []
    if fmt is OutputFormat.table:
        render_person(detail, extra, recent)
    else:
        emit(
            {**plain(detail), **extra},
            OutputFormat.json if fmt is OutputFormat.json else fmt,
            rows=[plain(detail)],
            columns=["person", "person_id", "emails", "tags"],
        )


def _insight_extras(c: Ctx, person_id: int) -> dict[str, object]:
    """Knowledge gaps and questions to ask next time."""
    from kith.services import insights

    with working():
        return insights.person_extras(c, person_id)


@app.command("list")
def list_(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Name or email.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only people with this tag.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Only people currently here.")] = None,
    archived: Annotated[bool, typer.Option("--archived", help="Include archived people.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset", help="Skip this many first.")] = 0,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List people (sorted by name)."""
    with runtime(ctx).session() as c:
        page = people.list_people(
            c,
            search=search,
            tag=tag,
            org=org,
            include_archived=archived,
            limit=limit,
            offset=offset,
        )
    data = {"total": page.total, "limit": page.limit, "offset": page.offset, "items": page.items}
    emit(
        data,
        fmt,
        rows=page.items,
        columns=["person_id", "person", "org", "title", "tags", "last_contact"],
        title=f"{page.total} people",
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Id, email, LinkedIn URL or name.")],
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    email: Annotated[Multi, typer.Option("--email", help="Add an email.")] = None,
    phone: Annotated[Multi, typer.Option("--phone", help="Add a phone.")] = None,
    url: Annotated[Multi, typer.Option("--url", help="Add a URL.")] = None,
    tag: Annotated[Multi, typer.Option("--tag", help="Add a tag.")] = None,
    untag: Annotated[Multi, typer.Option("--untag", help="Remove a tag.")] = None,
    location: Annotated[str | None, typer.Option("--location", help="City or region.")] = None,
    how_met: Annotated[str | None, typer.Option("--how-met", help="How you met.")] = None,
    met_on: Annotated[str | None, typer.Option("--met-on", help="YYYY-MM-DD.")] = None,
    introduced_by: Annotated[
        str | None, typer.Option("--introduced-by", help="Who introduced you.")
    ] = None,
    circle: Annotated[str | None, typer.Option("--circle", help="C5..C1500, or 'none'.")] = None,
    cadence: Annotated[int | None, typer.Option("--cadence", help="Days.")] = None,
    closeness: Annotated[int | None, typer.Option("--closeness", help="1-5.")] = None,
    kin: Annotated[bool | None, typer.Option("--kin/--not-kin", help="A relative, or not.")] = None,
    do_not_contact: Annotated[
        bool | None,
        typer.Option(
            "--do-not-contact/--may-contact", help="Never suggest contacting them, or allow it."
        ),
    ] = None,
    ended: Annotated[
        bool | None, typer.Option("--ended/--not-ended", help="Relationship ended badly.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Private notes (replaces).")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Change a person's details (only the options you give)."""
    if closeness is not None:
        check_range(closeness, 1, 5, "--closeness")
    given: dict[str, object] = {
        "name": name,
        "location": location,
        "how_met": how_met,
        "met_on": parse_optional_date(met_on, "--met-on"),
        "introduced_by": introduced_by,
        "cadence_days": cadence,
        "closeness": closeness,
        "kin": kin,
        "do_not_contact": do_not_contact,
        "ended": ended,
        "notes": notes,
    }
    update = {k: v for k, v in given.items() if v is not None}
    if circle is not None:
        update["circle"] = None if circle.lower() == "none" else circle
    data = PersonUpdate(
        **update,
        add_emails=email or [],
        add_phones=phone or [],
        add_urls=url or [],
        add_tags=tag or [],
        remove_tags=untag or [],
    )
    with runtime(ctx).session() as c:
        found = people.resolve_person(c, person, include_archived=True)
        people.edit_person(c, found, data)
        shown = people.read_person(c, found)
    _confirm(fmt, shown, f"Updated {shown.person}.")


@app.command("archive")
def archive(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Id, email, LinkedIn URL or name.")],
    undo: Annotated[bool, typer.Option("--undo", help="Bring an archived person back.")] = False,
) -> None:
    """Archive a person: hidden from lists and plans, never deleted."""
    with runtime(ctx).session() as c:
        found = people.resolve_person(c, person, include_archived=True)
        people.archive_person(c, found, archived=not undo)
        name = found.display_name
    typer.echo(f"{'Restored' if undo else 'Archived'} {name}.")


@app.command("merge")
def merge_cmd(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The person to keep.")],
    other: Annotated[str, typer.Argument(help="The duplicate, merged into KEEP.")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Merge a duplicate into another person (recorded; undo with `kith merges undo`)."""
    with runtime(ctx).session() as c:
        kept = people.resolve_person(c, keep)
        dup = people.resolve_person(c, other)
        record = merge.merge_people(c, kept, dup)
        result = {
            "merge_id": record.id,
            "person": kept.display_name,
            "person_id": kept.id,
            "merged": dup.display_name,
            "merged_id": dup.id,
        }
    _confirm(
        fmt,
        result,
        f"Merged {result['merged']} into {result['person']} (merge {result['merge_id']}).",
    )
