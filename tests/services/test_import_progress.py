"""An import tells its progress: records applied so far, of how many, ending at the total."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from kith.cli._output import OutputFormat
from kith.cli.imports import _progress
from kith.importers import ImportOptions, detect_kind, parse
from kith.services.context import Ctx
from kith.services.imports import run_import

DATA = Path(__file__).resolve().parents[1] / "data"
CONNECTIONS = DATA / "linkedin" / "network-jobs__Connections.csv"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"


def test_progress_counts_up_to_every_record_of_the_file(ctx: Ctx) -> None:
    for path in (CONNECTIONS, MESSAGES):
        parsed = parse(path, detect_kind(path), ImportOptions())
        records = len(parsed.people) + len(parsed.interactions)
        seen: list[tuple[int, int]] = []

        def tell(done: int, total: int, seen: list[tuple[int, int]] = seen) -> None:
            seen.append((done, total))

        run_import(ctx, path, progress=tell)
        assert seen[0] == (0, records)  # the first record, before it is applied
        assert seen[-1] == (records, records)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        assert {total for _, total in seen} == {records}


def test_the_terminal_shows_a_bar_with_records_done_of_the_total() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    progress = _progress(OutputFormat.table, "messages.csv", console)
    with progress as tick:
        assert tick is not None and progress.bar is not None
        (task,) = progress.bar.tasks
        assert (task.description, task.total) == ("Reading messages.csv…", None)
        tick(1500, 6000)
        assert (task.description, task.completed, task.total) == (
            "Importing messages.csv",
            1500,
            6000,
        )
        progress.bar.refresh()
    assert "1500/6000 records" in screen.getvalue()


def test_no_bar_for_json_or_when_not_on_a_terminal() -> None:
    quiet = Console(file=io.StringIO(), force_terminal=False)
    with _progress(OutputFormat.json, "x.vcf", quiet) as tick:
        assert tick is None
    with _progress(OutputFormat.table, "x.vcf", quiet) as tick:
        assert tick is None
