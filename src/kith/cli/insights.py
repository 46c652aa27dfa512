"""Insight commands: ties, due, plan, habits, gaps, health, leads, reconnect, brokers, map.

Each command imports the insight service when it runs: loading the insight engine (and
igraph) at start would slow every other command, such as `kith log`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kith.cli._options import AsOfOpt, FormatOpt
from kith.cli._output import OutputFormat, console, emit
from kith.cli._runtime import as_of_date, runtime
from kith.cli._working import working
from kith.services import people


def _table_text(lines: list[str]) -> str:
    return "\n".join(lines)


def ties(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Id, email, LinkedIn URL or name.")],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """How strong a tie is, why, and the give/ask ledger with that person."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        found = people.resolve_person(c, person)
        data = insights.ties(c, found.id, when)
    rows = [{"component": k, "value": v} for k, v in data["components"].items()]
    flags = ", ".join(data["flags"]) or "none"
    text = _table_text(
        [
            data["why"],
            f"Band {data['band']}{' (dormant)' if data['dormant'] else ''}; circle "
            f"{data['circle']}; active {data['active']:.2f}, latent {data['latent']:.2f}.",
            f"Ledger: {data['gives']} gives, {data['asks']} asks, {data['received']} received; "
            f"flags: {flags}.",
            *data["evidence"].values(),
        ]
    )
    emit(
        data,
        fmt,
        rows=rows,
        columns=["component", "value"],
        title=f"{data['person']}: {data['score']:.2f}",
        text=text,
    )


def due(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many.")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Who is due or overdue for a touch, by priority."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        items = insights.due(c, when, limit)
    emit(
        items,
        fmt,
        columns=["person", "circle", "days_since", "suggested_channel", "why"],
        title=f"{len(items)} due",
    )


def plan(
    ctx: typer.Context,
    budget: Annotated[
        int | None, typer.Option("--budget", help="Touches this week (default: your setting, 10).")
    ] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """This week's plan within a small budget."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.plan(c, when, budget)
    emit(
        data,
        fmt,
        rows=data["items"],
        columns=["kind", "person", "action", "why"],
        title=f"Week of {data['week_of']}: {len(data['items'])} of {data['budget']}",
    )


def habits(ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Your networking habits: streaks, lapses, balance, and bad habits with fixes."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.habits(c, when)
    if fmt is not OutputFormat.table:
        emit(data, fmt, rows=data["bad_habits"], columns=["code", "evidence", "fix"])
        return
    _print_habits(data)


def _print_habits(data: dict[str, Any]) -> None:
    out = console()
    streak = data.get("streak", {})
    out.print(f"[bold]Habits as of {data['as_of']}[/bold]", highlight=False)
    current = int(streak.get("current", 0))
    out.print(
        f"Streak: {current} week{'' if current == 1 else 's'} "
        f"(longest {streak.get('longest', 0)}). "
        f"Drive-through index {data['drive_through_index']:.2f}.",
        highlight=False,
    )
    weekly = data.get("weekly", [])
    if weekly:
        counts = [w["touches"] if isinstance(w, dict) else int(w) for w in weekly]
        out.print("Last 52 weeks: " + _spark(counts), highlight=False)
    for habit in data["bad_habits"]:
        out.print(f"\n[bold]{habit['code']}[/bold]: {habit['evidence']}", highlight=False)
        out.print(f"  Try: {habit['fix']}", highlight=False)
    if not data["bad_habits"]:
        out.print("\nNo bad habits found. Keep it up.")
    for flag in data["flags"][:10]:
        out.print(f"- {flag['person']}: {flag['evidence']}", highlight=False)


def _spark(counts: list[int]) -> str:
    bars = " ▁▂▃▄▅▆▇█"
    top = max(counts) if counts else 0
    return "".join(bars[0 if top == 0 else min(8, round(8 * n / top))] for n in counts)


def gaps(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 20,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """What you don't know about the people you meet most, and what to ask."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        items = insights.gaps(c, when, limit)
    emit(items, fmt, columns=["person_id", "person", "unknown", "questions"])


def health(ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """The Ten-People Test: could you name 10 people who would help you job-search now?"""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.health(c, when)
    checks = ", ".join(f"{k} {'ok' if v else 'missing'}" for k, v in data["checks"].items())
    actions = [f"- {a['action']}: {a['why']}" for a in data["actions"]]
    emit(
        data,
        fmt,
        rows=data["counted"],
        columns=["person", "credit", "why"],
        title=f"Ten-People Test: {data['score']:.1f}/10",
        text=_table_text([data["why"], f"Checks: {checks}.", "Next:", *actions]),
    )


def leads(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(help="Organization (fuzzy: 'acme') or industry.")],
    role: Annotated[str | None, typer.Option("--role", help="Role you are after.")] = None,
    ask: Annotated[str, typer.Option("--ask", help="advice or referral.")] = "advice",
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Ranked job-lead paths into an organization or industry (weak ties first-class)."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.leads(c, target, role, ask, when)
    emit(
        data,
        fmt,
        rows=data["leads"],
        columns=["kind", "person", "via", "score", "why"],
        title=f"Paths into {data['target']}",
    )


def reconnect(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 20,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Dormant ties worth reconnecting with, with an opener."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.reconnect(c, when, limit)
    emit(
        data,
        fmt,
        rows=data["items"],
        columns=["person", "priority", "opener", "why"],
        title="Reconnect",
        text=data.get("note"),
    )


def brokers(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Who bridges your clusters, your own constraint, and introductions to make."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.brokers(c, when)
    intros = [f"- {i.get('why', '')}" for i in data.get("introductions", [])[:5]]
    emit(
        data,
        fmt,
        rows=data["brokers"][:20],
        columns=["person", "score", "why"],
        title="Brokers",
        text=_table_text([data.get("why", ""), *intros]),
    )


def network_map(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.json,
) -> None:
    """Clusters, bridges and layout coordinates of your network (JSON for drawing)."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.network_map(c, when)
    emit(
        data,
        fmt,
        rows=data["clusters"],
        columns=["id", "label", "size"],
        title="Clusters",
        text=data.get("note"),
    )


def groups_suggest(
    ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOpt = OutputFormat.table
) -> None:
    """Groups worth showing up in, and contributors there to reach out to."""
    from kith.services import insights

    when = as_of_date(as_of)
    with runtime(ctx).session(when) as c, working():
        data = insights.groups_suggest(c, when)
    rows = [*data.get("groups", []), *data.get("contributors", [])]
    emit(data, fmt, rows=rows, columns=["name", "person", "why"], title="Groups")
