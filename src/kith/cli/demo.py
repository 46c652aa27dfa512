"""kith demo: a realistic synthetic network to explore (in its own database)."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, emit
from kith.cli._runtime import runtime
from kith.config import sqlite_url
from kith.services.demo import load_demo


def demo(
    ctx: typer.Context,
    people: Annotated[int, typer.Option("--people", help="How many contacts.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same network.")] = 7,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Where to write it (default: demo.db in the data folder)."),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Create a demo network: careers, clusters, groups, two years of interactions."""
    rt = runtime(ctx)
    if people < 1 or people > 200_000:
        raise typer.BadParameter("--people must be between 1 and 200000.")
    if db or not _db_given(ctx):
        from kith.cli._runtime import build_runtime

        target = db or sqlite_url(rt.settings.data_dir / "demo.db")
        rt = build_runtime(target, rt.settings.debug)
        ctx.find_root().obj = rt
    with rt.session() as c:
        report = load_demo(c, people=people, seed=seed)
    where = rt.settings.resolved_database_url
    result = {
        "people": report.people,
        "interactions": report.interactions,
        "links": report.links,
        "groups": report.groups,
        "database": where,
    }
    if fmt is OutputFormat.json:
        emit(result, fmt)
        return
    typer.echo(
        f"Demo network: {report.people} people, {report.interactions} interactions, "
        f"{report.links} links, {report.groups} groups in {where}."
    )
    typer.echo(f"Explore it: kith --db {where.removeprefix('sqlite:///')} serve")


def _db_given(ctx: typer.Context) -> bool:
    """True when the global --db was given explicitly (then the demo goes there)."""
    root = ctx.find_root()
    return bool(root.params.get("db"))
