"""An import tells its progress: records applied so far, of how many, ending at the total."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from rich.console import Console

from kith.cli._output import OutputFormat
from kith.cli.imports import _progress
from kith.importers import ImportOptions, detect_kind, parse
from kith.services.context import Ctx
from kith.services.imports import run_import, run_imports

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


def test_a_zip_of_several_kinds_says_which_kind_the_bar_counts(ctx: Ctx, tmp_path: Path) -> None:
    takeout = tmp_path / "takeout.zip"
    with zipfile.ZipFile(takeout, "w") as archive:
        archive.write(DATA / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf", "Takeout/Contacts/a.vcf")
        archive.write(DATA / "mbox" / "thunderbird__mbox_modern.mbox", "Takeout/Mail/All.mbox")
    console = Console(file=io.StringIO(), force_terminal=True, width=100, color_system=None)
    progress = _progress(OutputFormat.table, takeout.name, console)
    seen: list[str] = []
    with progress as tick:
        assert tick is not None and progress.bar is not None
        (task,) = progress.bar.tasks

        def tell(done: int, total: int) -> None:
            tick(done, total)
            seen.append(task.description)

        def part(what: str) -> None:
            progress.part(what)
            seen.append(task.description)

        run_imports(ctx, takeout, progress=tell, on_part=part)
    assert seen[0] == "Reading takeout.zip (contacts as vCard)…"
    assert seen[1] == "Importing takeout.zip (contacts as vCard)"
    assert "Reading takeout.zip (mail)…" in seen
    assert seen[-1] == "Importing takeout.zip (mail)"
