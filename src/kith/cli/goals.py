"""kith goals and kith reminders."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.schemas.common import parse_date, parse_optional_date
from kith.services import goals, people

app = typer.Typer(help="Goals: a job search, and habits to keep.", no_args_is_help=True)
reminders_app = typer.Typer(help="Reminders to get in touch.", no_args_is_help=True)

Multi = list[str] | None


@app.command("job-search")
def job_search(
    ctx: typer.Context,
    org: Annotated[Multi, typer.Option("--org", help="Target organization (repeatable).")] = None,
    role: Annotated[Multi, typer.Option("--role", help="Target role (repeatable).")] = None,
    industry: Annotated[Multi, typer.Option("--industry", help="Target industry.")] = None,
    started: Annotated[str | None, typer.Option("--started", help="YYYY-MM-DD.")] = None,
) -> None:
    """Start a job search (targets make the Ten-People Test and leads relevant)."""
    with runtime(ctx).session() as c:
        goal = goals.start_job_search(
            c,
            orgs=org or [],
            roles=role or [],
            industries=industry or [],
            started_on=parse_optional_date(started, "--started"),
        )
        typer.echo(f"Job search started on {goal.started_on}. Good luck, and keep giving.")


@app.command("landed")
def landed(
    ctx: typer.Context,
    on: Annotated[str | None, typer.Option("--on", help="YYYY-MM-DD.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Where you landed.")] = None,
) -> None:
    """Mark the job search as landed (kith then reminds you to thank your helpers)."""
    with runtime(ctx).session() as c:
        goal = goals.land(c, on=parse_optional_date(on, "--on"), org=org)
        typer.echo(
            f"Congratulations! Landed on {goal.landed_on}. "
            "Now close the loop with the people who helped."
        )


@app.command("habit")
def habit(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="touches_per_week or new_people_per_month.")],
    target: Annotated[int, typer.Argument(help="The number to aim for.")],
) -> None:
    """Set a habit goal, e.g. `kith goals habit touches_per_week 5`."""
    with runtime(ctx).session() as c:
        goal = goals.set_habit(c, kind.replace("-", "_"), target)
        typer.echo(f"Habit goal set: {goal.target} {goal.kind.replace('_', ' ')}.")


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """List goals."""
    with runtime(ctx).session() as c:
        items = goals.list_goals(c)
    emit(
        items,
        fmt,
        columns=[
            "id",
            "kind",
            "orgs",
            "roles",
            "industries",
            "started_on",
            "landed_on",
            "target",
            "active",
        ],
    )


@reminders_app.command("add")
def reminder_add(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Who.")],
    on: Annotated[str, typer.Option("--on", help="Due date, YYYY-MM-DD.")],
    note: Annotated[str, typer.Option("--note", help="What about.")] = "",
) -> None:
    """Add a reminder to get in touch with someone."""
    with runtime(ctx).session() as c:
        p = people.resolve_person(c, person)
        r = goals.add_reminder(c, p, parse_date(on, "--on"), note)
        typer.echo(f"Reminder {r.id}: {p.display_name} on {r.due_on}.")


@reminders_app.command("list")
def reminder_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include done reminders.")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List open reminders, soonest first."""
    with runtime(ctx).session() as c:
        items = goals.list_reminders(c, include_done=all_)
    emit(items, fmt, columns=["id", "due_on", "person", "person_id", "note", "done"])


@reminders_app.command("done")
def reminder_done(
    ctx: typer.Context, reminder_id: Annotated[int, typer.Argument(help="Reminder id.")]
) -> None:
    """Mark a reminder done."""
    with runtime(ctx).session() as c:
        r = goals.complete_reminder(c, reminder_id)
        typer.echo(f"Reminder {r.id} done.")
