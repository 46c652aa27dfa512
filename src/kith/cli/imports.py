"""kith import and kith merges: bring your network in, and settle possible duplicates.

The importers and matching are imported when these commands run, not when ``kith`` starts:
every other command would pay for loading the parsers and their libraries.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from kith.cli._options import FormatOpt
from kith.cli._output import OutputFormat, console, emit
from kith.cli._runtime import runtime
from kith.errors import UsageError
from kith.schemas.common import parse_optional_date
from kith.services.preferences import check_emails, preferences, update_preferences

if TYPE_CHECKING:
    from kith.services.import_apply import ImportProgress

merges_app = typer.Typer(
    help="Possible duplicates: review, accept, reject, undo.", no_args_is_help=True
)


def import_(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="A file, a zip of exports, or an extracted export folder.")
    ],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="auto, linkedin, vcard, csv, ical, mbox or backup (a zip of several kinds, "
            "such as a Google Takeout, imports them all, each as its own import; a kind "
            "imports only that one).",
        ),
    ] = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    keep_content: Annotated[
        bool, typer.Option("--keep-content", help="Also store message bodies (off by default).")
    ] = False,
    since: Annotated[
        str | None, typer.Option("--since", help="Only interactions on or after YYYY-MM-DD.")
    ] = None,
    my_email: Annotated[
        list[str] | None,
        typer.Option("--my-email", help="Your own address (repeatable; remembered)."),
    ] = None,
    max_recipients: Annotated[
        int, typer.Option("--max-recipients", help="Skip mails to more people (lists).")
    ] = 20,
    my_linkedin: Annotated[
        str | None,
        typer.Option(
            "--my-linkedin",
            help="Your LinkedIn profile URL: tells your messages from others' (remembered "
            "on your own page, 'me').",
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Import contacts and interactions (LinkedIn, vCard, CSV, iCalendar, mbox or Maildir,
    a zip of those such as a Google Takeout, backup)."""
    from kith.services import imports

    with runtime(ctx).session() as c:
        mine = check_emails([*preferences(c).my_emails, *(my_email or ())])
        if my_email and not dry_run:  # remembered, like the Settings page would
            update_preferences(c, my_emails=mine)
        options = imports.owner_options(
            c,
            my_emails=mine,
            my_linkedin_url=_profile_url(my_linkedin),
            keep_content=keep_content,
            since=parse_optional_date(since, "--since"),
            max_recipients=max_recipients,
        )
        progress = _progress(fmt, path.name)
        with progress as tick:
            reports = imports.run_imports(
                c,
                path,
                kind,
                dry_run=dry_run,
                options=options,
                progress=tick,
                on_part=progress.part,
                reading=progress.read if tick is not None else None,
            )
    found = [report.to_dict() for report in reports]
    if fmt is OutputFormat.table:
        for position, data in enumerate(found):
            if position:
                console().print()  # a zip of several kinds: a report per kind
            _print_report(data)
    elif len(found) == 1:
        emit(found[0], fmt, rows=found[0]["skipped"], columns=["file", "line", "reason"])
    else:  # a zip of several kinds: a report per kind (the skipped rows of each, for csv)
        rows = [skip | {"kind": data["kind"]} for data in found for skip in data["skipped"]]
        emit(found, fmt, rows=rows, columns=["kind", "file", "line", "reason"])


def _profile_url(text: str | None) -> str | None:
    from kith.importers.values import normalize_linkedin_url

    if text is None:
        return None
    url = normalize_linkedin_url(text)
    if url is None:
        raise UsageError(
            f"--my-linkedin {text}: not a LinkedIn profile URL.",
            hint="Use the address of your profile, like https://www.linkedin.com/in/your-name.",
        )
    return url


class _progress:
    """On an interactive terminal: a bar of how much of the file is read (a spinner where
    the parser cannot tell), then of the records applied, of how many; with the time left
    of each."""

    def __init__(self, fmt: OutputFormat, name: str, console: Console | None = None) -> None:
        self.enabled = fmt is OutputFormat.table and (
            console.is_terminal if console else sys.stderr.isatty()
        )
        self.name, self.console = name, console
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.what = ""  # which kind of a zip of several is being imported: " (mail)"
        self.applying = False  # records are counted (else the file is being read)

    def __enter__(self) -> ImportProgress | None:
        if not self.enabled:
            return None
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),  # "45 %" read, "1,500/6,000 records"
            TimeRemainingColumn(),
            transient=True,
            console=self.console,
        )
        self.bar.start()
        self.task = self.bar.add_task(f"Reading {self.name}…", total=None, count="")
        return self.tick

    def tick(self, done: int, total: int) -> None:
        """``done`` records applied of ``total``."""
        if self.bar is None or self.task is None:
            return
        if not self.applying:  # a new bar: its pace is not the reading's
            self.applying = True
            self.bar.reset(self.task, total=total)
        self.bar.update(
            self.task,
            description=f"Importing {self.name}{self.what}",
            completed=done,
            total=total,
            count=f"{done:,}/{total:,} records",
        )

    def read(self, done: int, total: int) -> None:
        """``done`` of the file's ``total`` (bytes, lines, rows: any unit) read."""
        if self.bar is None or self.task is None or self.applying:
            return
        self.bar.update(
            self.task, completed=done, total=total, count=f"{done * 100 // total} % read"
        )

    def part(self, what: str) -> None:
        """A zip of several kinds: ``what`` is read next (the bar starts again)."""
        self.what, self.applying = f" ({what})", False
        if self.bar is not None and self.task is not None:
            self.bar.reset(self.task, description=f"Reading {self.name}{self.what}…", count="")
            for task in self.bar.tasks:  # a spinner until the parser says how far it is
                if task.id == self.task:
                    task.total = None

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_report(data: dict[str, object]) -> None:
    from kith.core.coach_common import plural
    from kith.services.import_history import changed_anything, in_words

    out = console()
    verb = "Would import" if data["dry_run"] else "Imported"
    out.print(f"[bold]{verb} {data['file']}[/bold] ({data['kind']})", highlight=False)
    for label in ("created", "updated", "merged", "unchanged"):
        counts = data[label]
        assert isinstance(counts, dict)
        shown = in_words(counts)
        out.print(f"  {label}: {shown}", highlight=False)
    skipped = data["skipped"]
    assert isinstance(skipped, list)
    out.print(f"  skipped: {len(skipped)}", highlight=False)
    for item in skipped[:20]:
        line = f" line {item['line']}" if item.get("line") else ""
        out.print(f"    {item['file']}{line}: {item['reason']}", highlight=False)
    if len(skipped) > 20:
        out.print(f"    … and {len(skipped) - 20} more (use --format json for all)")
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    for warning in warnings:
        out.print(f"  note: {warning}", highlight=False)
    candidates = data["merge_candidates"]
    if candidates:
        assert isinstance(candidates, int)
        out.print(
            f"  {plural(candidates, 'possible duplicate', 'possible duplicates')}: review "
            "them with `kith merges list`.",
            highlight=False,
        )
    if data["dry_run"]:
        out.print("Nothing was written (dry run).")
    elif data.get("import_id") is not None and changed_anything(data):
        out.print(f"Undo it with `kith db undo-import {data['import_id']}`.", highlight=False)


@merges_app.command("list")
def merges_list(
    ctx: typer.Context,
    done: Annotated[bool, typer.Option("--done", help="Show merges made instead.")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List possible duplicates to review (or, with --done, merges already made)."""
    from kith.services import matching

    with runtime(ctx).session() as c:
        if done:
            items = matching.merge_history(c)
            emit(items, fmt, columns=["id", "person", "merged", "merged_at", "undone"])
            return
        items = matching.list_candidates(c)
    emit(items, fmt, columns=["id", "person", "other", "score", "reason"])


@merges_app.command("accept")
def merges_accept(
    ctx: typer.Context, candidate: Annotated[int, typer.Argument(help="Suggestion id.")]
) -> None:
    """Merge a suggested pair (recorded; undo with `kith merges undo`)."""
    from kith.services import matching

    with runtime(ctx).session() as c:
        record = matching.accept(c, candidate)
        typer.echo(f"Merged (merge {record.id}); undo with `kith merges undo {record.id}`.")


@merges_app.command("reject")
def merges_reject(
    ctx: typer.Context, candidate: Annotated[int, typer.Argument(help="Suggestion id.")]
) -> None:
    """Mark a suggested pair as different people."""
    from kith.services import matching

    with runtime(ctx).session() as c:
        matching.reject(c, candidate)
        typer.echo(f"Kept them apart (suggestion {candidate}).")


@merges_app.command("undo")
def merges_undo(
    ctx: typer.Context, merge_id: Annotated[int, typer.Argument(help="Merge id.")]
) -> None:
    """Undo a merge: the duplicate and everything that was moved come back."""
    from kith.services import merge

    with runtime(ctx).session() as c:
        merge.undo_merge(c, merge_id)
        typer.echo(f"Merge {merge_id} undone.")
