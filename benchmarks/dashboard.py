"""The dashboard's insights at scale (30,000 people, ~500,000 interactions).

    python benchmarks/dashboard.py [--people 30000] [--activity 3.3]

Times, in one run: the raw SQL scan of the columns the insights need (the baseline); the
dashboard computed cold (load the network, tie strength, circles, reciprocity, brokers, then
the Ten-People Test, the weekly plan, who is due and habits); the same again warm (served from
the cache keyed by data revision); the dashboard page after logging one new interaction
(served from the previous results while a background thread refreshes, as web pages are)
and the time that refresh takes; the dashboard recomputed after a write, as the CLI and
the API do; and the dashboard in a new process (nothing in memory) with the graph analysis
kept on disk by the cold run, as the next `kith plan` after `kith log` finds it. The run
works on a copy of the cached database.
"""

from __future__ import annotations

import argparse
import contextvars
import platform
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import open_ctx, peak_rss_mb, raw_scan, scale_db, table, timed
from kith.core import alter_graph, graph_store
from kith.schemas.interactions import InteractionCreate
from kith.services import insights, interactions
from kith.services.context import Ctx
from kith.services.graph_files import GraphFiles
from kith.services.insight_cache import wait_for_refreshes

RAW = [
    "SELECT id, display_name, created_at, met_on, closeness, circle_pin, is_kin, "
    "do_not_contact, ended, archived FROM people",
    "SELECT p.person_id, o.name, o.normalized, o.industry, p.title, p.started_on, p.ended_on "
    "FROM positions p JOIN organizations o ON o.id = p.organization_id",
    "SELECT person_a_id, person_b_id, kind FROM links",
    "SELECT id, occurred_at, channel, intent, initiator, outcome, summary FROM interactions",
    "SELECT interaction_id, person_id FROM participants",
    "SELECT person_id, tag FROM person_tags",
]


def dashboard(ctx: Ctx) -> int:
    health = insights.health(ctx)
    plan = insights.plan(ctx)
    due = insights.due(ctx, limit=20)
    habits = insights.habits(ctx)
    return len(health["counted"]) + len(plan["items"]) + len(due) + len(habits["weekly"])


def main() -> None:
    args = _args()
    path = scale_db(args.people, args.links_per_person, args.activity)
    work = path.with_name(path.stem + "-dashboard-run.db")  # this run writes; the cache stays
    shutil.copyfile(path, work)
    ctx, close = open_ctx(work)
    graphs = TemporaryDirectory()
    graph_store.use_store(GraphFiles(Path(graphs.name)))  # as the CLI does, in the data folder
    baseline, rows = timed(
        "raw SQL scan of the needed columns (baseline)", lambda: raw_scan(path, RAW), 3
    )
    insights.clear_cache()
    cold, _ = timed("dashboard, cold (full recompute from the database)", lambda: dashboard(ctx))
    warm, _ = timed("dashboard, warm (same data revision)", lambda: dashboard(ctx), 5)
    someone = str(next(iter(insights.computed(ctx).net.people)))
    log_one = InteractionCreate(summary="Coffee", with_people=[someone])
    interactions.log_interaction(ctx, log_one)
    ctx.session.commit()  # on a copy of the cached database (see below)
    page_ctx = replace(ctx, allow_stale=True)
    page, _ = timed(
        "dashboard page after logging one interaction (previous results, refresh started)",
        lambda: contextvars.copy_context().run(dashboard, page_ctx),
    )
    refresh, _ = timed("  background refresh until the new revision is ready", wait_for_refreshes)
    interactions.log_interaction(ctx, log_one)
    ctx.session.commit()
    after, _ = timed(
        "dashboard after logging one interaction, CLI/API (recompute)", lambda: dashboard(ctx)
    )
    insights.clear_cache()
    alter_graph.forget_analyses()
    fresh, _ = timed(
        "dashboard in a new process after a logged interaction, graph analysis from disk (CLI)",
        lambda: dashboard(ctx),
    )
    graph_store.use_store(None)
    graphs.cleanup()
    stages = _stages(ctx)
    close()
    work.unlink()
    print(f"# dashboard benchmark: {args.people} people; {rows} raw rows scanned")
    print(
        f"python {platform.python_version()}, {platform.machine()}, "
        f"peak RSS {peak_rss_mb():.0f} MB\n"
    )
    print(table([baseline, cold, warm, page, refresh, after, fresh, *stages], baseline))
    print(
        f"\ncold {cold.best / baseline.best:.1f}× the raw scan (target within 5×); "
        f"warm {warm.median * 1000:.0f} ms (target < 200 ms); "
        f"page after one new interaction {page.best * 1000:.0f} ms (target < 200 ms), "
        f"recomputed {after.best:.2f} s, in a new process with the graph analysis on disk "
        f"{fresh.best:.2f} s"
    )


def _stages(ctx: Ctx) -> list:  # type: ignore[type-arg]
    """Where the cold time goes, stage by stage."""
    from kith.services.snapshot import load_network

    insights.clear_cache()
    alter_graph.forget_analyses()  # each stage from scratch, the graph analysis included
    load, _ = timed("  stage: load network", lambda: load_network(ctx))
    c = insights.computed(ctx)
    t_ties, _ = timed("  stage: tie strength, everyone", lambda: c.ties)
    t_circles, _ = timed("  stage: circles", lambda: c.circles)
    t_rec, _ = timed("  stage: reciprocity", lambda: c.reciprocity)
    t_brk, _ = timed("  stage: broker scores", lambda: c.brokers)
    t_health, _ = timed("  stage: Ten-People Test", lambda: insights.health(ctx))
    t_plan, _ = timed("  stage: weekly plan", lambda: insights.plan(ctx))
    t_habits, _ = timed("  stage: habits", lambda: insights.habits(ctx))
    return [load, t_ties, t_circles, t_rec, t_brk, t_health, t_plan, t_habits]


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--links-per-person", type=int, default=10)
    parser.add_argument("--activity", type=float, default=3.3)
    return parser.parse_args()


if __name__ == "__main__":
    main()
