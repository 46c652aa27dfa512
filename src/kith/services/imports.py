"""`kith import`: detect, parse, apply in one transaction, and report.

The whole import runs inside a savepoint of the caller's unit of work: a dry run (or any
error, or a killed process) leaves the database exactly as it was. Re-importing the same file
changes nothing: the report then shows 0 created and 0 updated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from kith.db.bulk import write_cache
from kith.db.engine import bump_data_revision, refresh_planner_stats
from kith.db.writer import background_writes
from kith.errors import ImportFormatError, UsageError
from kith.gcpause import paused_gc
from kith.importers import ImportOptions, ParseResult, detect_kind, open_exports, parse
from kith.importers.archive import FAMILY_WORDS
from kith.importers.base import CSV_KINDS, SkippedRecord, source_for
from kith.importers.reading import ReadProgress
from kith.importers.values import normalize_linkedin_url
from kith.models import ImportBatch
from kith.services.contacts import normalize_url
from kith.services.context import Ctx
from kith.services.import_apply import Applier, ImportProgress, Progress
from kith.services.import_changes import recording
from kith.services.import_history import ROWS_MARKED
from kith.services.import_interactions import InteractionImport
from kith.services.import_people import PeopleImport
from kith.services.matching import suggest_merges, suggest_you
from kith.services.owners import get_owner, me_person
from kith.services.parse_cache import ParseCache, key_of, through

KIND_ALIASES = {
    "csv": None,
    "auto": None,
    "backup": "kith_backup",
    "ics": "ical",
    "eml": "eml",
    "vcf": "vcard",
}
USER_KINDS = ("auto", "linkedin", "vcard", "csv", "ical", "mbox", "backup")


@dataclass
class ImportReport:
    file: str
    kind: str
    dry_run: bool
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    merged: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    merge_candidates: int = 0
    warnings: list[str] = field(default_factory=list)
    import_id: int | None = None  # the saved import (None for a dry run or a restore)

    def to_dict(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "file": self.file,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "merge_candidates": self.merge_candidates,
            "warnings": self.warnings,
        }

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())


def resolve_kind(path: Path, kind: str) -> str:
    """The parser kind for what the user asked (``csv`` and ``auto`` look at the content)."""
    wanted = kind.strip().lower()
    if wanted not in USER_KINDS and wanted not in KIND_ALIASES:
        raise UsageError(
            f"Unknown value '{kind}' for --kind: choose one of {', '.join(USER_KINDS)}."
        )
    if not path.exists():
        raise ImportFormatError(
            "the file does not exist", file=str(path), hint="Check the path and try again."
        )
    detected = detect_kind(path)
    mapped = KIND_ALIASES.get(wanted, wanted)
    if detected == "archive":  # a zip of exports: the kind says which of its files
        return "archive" if wanted == "auto" else (mapped or wanted)
    if mapped is None:
        if wanted == "csv" and detected not in CSV_KINDS:
            raise ImportFormatError(
                f"this looks like {detected}, not a contacts CSV",
                file=path.name,
                hint="Use --kind auto.",
            )
        return detected
    if mapped == "mbox" and detected == "eml":
        return "eml"
    return mapped


def run_import(
    ctx: Ctx,
    path: Path,
    kind: str = "auto",
    *,
    dry_run: bool = False,
    options: ImportOptions | None = None,
    progress: ImportProgress | None = None,
    reading: ReadProgress | None = None,
) -> ImportReport:
    """Import one file or folder; everything or nothing is written. ``reading`` is told
    how far the file has been read (``kith.importers.reading``), then ``progress`` how
    many records were applied, of how many. A zip of several kinds of export needs
    ``kind`` to say which (``run_imports`` takes them all)."""
    watch = _Watch(progress, reading)
    return _run(ctx, path, resolve_kind(path, kind), dry_run, options, watch)


@dataclass(frozen=True)
class _Watch:
    """Who is told how far an import is, and where a dry run's reading is kept."""

    progress: ImportProgress | None = None
    reading: ReadProgress | None = None
    parsed: ParseCache | None = None


def _run(
    ctx: Ctx,
    path: Path,
    resolved: str,
    dry_run: bool,
    options: ImportOptions | None,
    watch: _Watch,
) -> ImportReport:
    """``run_import`` once the kind is known (``resolve_kind``)."""
    opts = _reading(options or owner_options(ctx), watch.reading)
    with _all_or_nothing(ctx, dry_run):
        if resolved == "kith_backup":
            return _restore(ctx, path, dry_run, watch)
        key = key_of(resolved, opts, ctx.today())
        read = through(watch.parsed, key, partial(parse, path, resolved, opts, now=ctx.now()))
        return _imported(ctx, path, read, dry_run, watch.progress)


def run_imports(
    ctx: Ctx,
    path: Path,
    kind: str = "auto",
    *,
    dry_run: bool = False,
    options: ImportOptions | None = None,
    progress: ImportProgress | None = None,
    on_part: Callable[[str], None] | None = None,
    reading: ReadProgress | None = None,
    parsed: ParseCache | None = None,
) -> list[ImportReport]:
    """As ``run_import``, except that a zip or folder of several kinds of export (a Takeout of
    contacts, calendars and mail) with ``kind`` auto imports every kind in the order of
    ``Unpacked.families`` (address books, mail, calendars), each as its own import (undone on
    its own): one report each, all or nothing. ``on_part`` is told which kind comes next
    ("mail"), before ``reading`` and ``progress`` tell how far it is. ``parsed`` keeps
    what a dry run read for the import that confirms it (``kith.services.parse_cache``)."""
    resolved, watch = resolve_kind(path, kind), _Watch(progress, reading, parsed)
    if resolved != "archive":
        return [_run(ctx, path, resolved, dry_run, options, watch)]
    opts = _reading(options or owner_options(ctx), watch.reading)
    with open_exports(path) as archive, _all_or_nothing(ctx, dry_run):
        digest, now = file_digest(path), ctx.now()
        reports = []
        for family in archive.families():
            if on_part is not None:
                on_part(FAMILY_WORDS[family])
            learned = _learned(ctx, opts)
            key = key_of(f"archive:{family}", learned, ctx.today())
            read = through(watch.parsed, key, partial(archive.parse, family, learned, now))
            reports.append(_imported(ctx, path, read, dry_run, watch.progress, digest))
        return reports


def _reading(options: ImportOptions, reading: ReadProgress | None) -> ImportOptions:
    """``options`` telling ``reading`` how far the file has been read (when given)."""
    return options if reading is None else replace(options, on_read=reading)


def _learned(ctx: Ctx, options: ImportOptions) -> ImportOptions:
    """``options`` with the addresses kith now knows are yours: a mailbox imported just
    before may have shown which one is (``whoami``), which the calendars after it need."""
    known = frozenset(get_owner(ctx).my_emails or ())
    return replace(options, my_emails=options.my_emails | known)


@contextmanager
def _all_or_nothing(ctx: Ctx, dry_run: bool) -> Iterator[None]:
    """A savepoint of the caller's unit of work around the block: rolled back on any error
    and after a dry run (whatever the block flushed), kept otherwise."""
    savepoint = ctx.session.begin_nested()
    try:
        yield
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
        ctx.session.expire_all()
    else:
        savepoint.commit()


def _imported(
    ctx: Ctx,
    path: Path,
    read: Callable[[], ParseResult],
    dry_run: bool,
    progress: ImportProgress | None,
    digest: str | None = None,
) -> ImportReport:
    """Parse (``read``) and apply with the garbage collector paused: both allocate records
    and rows by the hundred thousand (none in cycles), which it would rescan over and over."""
    try:
        with paused_gc():
            result = read()
            report = _apply(ctx, path, result, dry_run, progress, digest)
            del result  # freed before the collector runs again
    finally:
        _forget_urls()
    return report


def _forget_urls() -> None:
    """Empty the URL normalizers' caches: they spare an import normalizing the same profile
    URL for every message, and would otherwise keep up to 65,536 URLs each (about 40 MB after
    30,000 connections) in a long-running server."""
    normalize_url.cache_clear()
    normalize_linkedin_url.cache_clear()


def owner_options(
    ctx: Ctx,
    *,
    my_emails: Sequence[str] = (),
    my_linkedin_url: str | None = None,
    keep_content: bool = False,
    since: date | None = None,
    max_recipients: int = 20,
) -> ImportOptions:
    """What kith knows about you, for telling your messages from others': your own email
    addresses and the LinkedIn profile URL on your own page (``me``), plus what is given
    here (``my_emails`` are added, ``my_linkedin_url`` wins). Not your name: the name you
    gave yourself in kith may not be the one LinkedIn shows, and a name that matches no
    sender would make every message someone else's."""
    owner = get_owner(ctx)
    me = me_person(ctx)
    stored = next((cp.value for cp in me.contact_points if cp.kind == "linkedin"), None)
    return ImportOptions(
        my_emails=frozenset([*(owner.my_emails or ()), *my_emails]),
        keep_content=keep_content,
        since=since,
        max_recipients=max_recipients,
        my_linkedin_url=my_linkedin_url or stored,
    )


def _apply(
    ctx: Ctx,
    path: Path,
    result: ParseResult,
    dry_run: bool,
    progress: ImportProgress | None,
    digest: str | None,
) -> ImportReport:
    source = source_for(result.kind)
    batch = ImportBatch(
        owner_id=ctx.owner_id,
        file_name=path.name[:500],
        kind=result.kind,
        file_hash=digest or file_digest(path),
        counts={},
        status="running",
        started_at=ctx.now(),
    )
    ctx.session.add(batch)
    ctx.session.flush()
    applier = Applier(ctx, source, path.name, batch.id)
    # after reading what is known: only writes need a big cache; rows are written on a
    # second thread while the next ones are built
    # what it does to rows already there is recorded, for undo (``import_changes``)
    with recording(ctx.session, ctx.owner_id, batch.id):
        with write_cache(ctx.session), background_writes(ctx.session):
            people = PeopleImport(applier)
            if result.me is not None:
                people.apply_me(result.me)
            total = len(result.people) + len(result.interactions)
            people.apply(result.people, _part(progress, 0, total))
            # invitations also arrive as connect interactions (who reached out first)
            done = len(result.people)
            InteractionImport(applier, people).apply(
                result.interactions, _part(progress, done, total)
            )
            applier.flush_sources()
            if progress:
                progress(total, total)
        candidates = suggest_merges(ctx, applier.tally.touched_people) + suggest_you(ctx)
    report = _report(path, result, applier, dry_run, candidates)
    # rows_marked: its people and interactions carry its id, so it can be undone
    if not dry_run:
        report.import_id = batch.id
    batch.counts = report.to_dict() | {"skipped": len(report.skipped), ROWS_MARKED: True}
    batch.status = "dry_run" if dry_run else "done"
    batch.finished_at = ctx.now()
    bump_data_revision(ctx.session, {ctx.owner_id})
    ctx.session.flush()
    if not dry_run:
        refresh_planner_stats(ctx.session)
    return report


def _part(progress: ImportProgress | None, before: int, total: int) -> Progress | None:
    """The progress of one list of records, as part of the whole import."""
    if progress is None:
        return None
    return lambda done: progress(before + done, total)


def _report(
    path: Path, result: ParseResult, applier: Applier, dry_run: bool, candidates: int
) -> ImportReport:
    tally = applier.tally
    skipped = [*result.skipped, *tally.skipped]
    return ImportReport(
        file=path.name,
        kind=result.kind,
        dry_run=dry_run,
        created=_nonzero(tally.created),
        updated=_nonzero(tally.updated),
        merged=_nonzero(tally.merged),
        unchanged=_nonzero(tally.unchanged),
        skipped=[_skip(s) for s in skipped],
        merge_candidates=candidates,
        warnings=[*result.warnings, *tally.notes],
    )


def _nonzero(counts: Mapping[str, int]) -> dict[str, int]:
    return {k: v for k, v in sorted(counts.items()) if v}


def _skip(s: SkippedRecord) -> dict[str, Any]:
    return {"file": s.file, "line": s.line, "reason": s.reason}


def _restore(ctx: Ctx, path: Path, dry_run: bool, watch: _Watch) -> ImportReport:
    from kith.services.backup_restore import restore_file

    # read a record at a time; whole (``_read_json``) only if not laid out as kith writes it
    counts = restore_file(
        ctx, path, load=_read_json, reading=watch.reading, progress=watch.progress
    )
    bump_data_revision(ctx.session, {ctx.owner_id})
    return ImportReport(file=path.name, kind="kith_backup", dry_run=dry_run, created=counts)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise ImportFormatError(f"not valid JSON ({err})", file=path.name, line=line) from None


def file_digest(path: Path) -> str:
    """sha256 of a file, or of a folder's files in name order."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        digest.update(file.name.encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()
