"""Import: upload a file, read the dry-run report, then confirm (nothing is saved before)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from kith.errors import KithError
from kith.importers.archive import FAMILY_WORDS, ZipKindError, what_it_holds
from kith.importers.base import source_for
from kith.importers.reading import ReadProgress
from kith.services import imports
from kith.services.context import Ctx
from kith.services.import_apply import ImportProgress
from kith.services.import_history import changed, in_words, past_imports
from kith.services.interactions import TOUCH_SOURCES
from kith.services.parse_cache import ParseCache
from kith.web import import_jobs
from kith.web.deps import CsrfDep, CtxDep
from kith.web.import_choices import ImportChoices
from kith.web.import_jobs import Job, JobProgress
from kith.web.kept_parses import KeptParses
from kith.web.render import redirect, render
from kith.web.security import TOO_LARGE_PAGE, BodyTooLarge
from kith.web.uploads import discard, new_id, store_upload, upload_path

router = APIRouter(include_in_schema=False)

KINDS = (
    ("auto", "Detect from the file"),
    ("linkedin", "LinkedIn data export (.zip)"),
    ("vcard", "vCard (.vcf)"),
    ("csv", "Google, Outlook or Thunderbird contacts (.csv)"),
    ("ical", "Calendar (.ics)"),
    ("mbox", "Mailbox (.mbox or .eml, headers only)"),
    ("backup", "kith JSON backup"),
)
COUNTS = ("created", "updated", "merged", "unchanged")
# what to do with a file over the limit: on your own computer, and as a member of a kith
# that someone else runs (server mode)
TOO_LARGE_HINTS = (
    "Import it with `kith import FILE` on this computer instead: that has no limit.",
    "Ask whoever runs this kith to raise it.",
)
HISTORY_SHOWN = 10
PROGRESS_EVERY = 1  # seconds between two looks at a running import (kith.js, or a refresh)
Report = dict[str, Any]  # an import's report, as its JSON
Part = Callable[[str], None]  # told which kind of a Takeout comes next ("mail")


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, ctx: CtxDep) -> Response:
    jobs = import_jobs.of_owner(request.app.state.settings.data_dir, ctx.owner_id)
    return _page(request, _view(history=history(ctx), jobs=jobs))


def history(ctx: Ctx) -> list[dict[str, Any]]:
    """The latest saved imports, with their counts in words."""
    return [
        item
        | {
            "created": in_words(item["created"]),
            "updated": in_words(changed(item)),
            # a restored backup's touches keep the sources they had: nothing to link to
            "touches": bool(item["created"].get("interactions"))
            and item["source"] in TOUCH_SOURCES
            and not item["undone"],
        }
        for item in past_imports(ctx, HISTORY_SHOWN)
    ]


@router.post(TOO_LARGE_PAGE, response_class=HTMLResponse)
def too_large(request: Request, ctx: CtxDep) -> Response:
    """The upload was over the limit (``BodyLimitMiddleware`` read and dropped it): the page
    again with the error beside the file field. Writes nothing, so it needs no CSRF token."""
    view = _view(errors={"file": too_large_text(request)}, history=history(ctx))
    return _page(request, view, 413)


@router.post("/import", dependencies=[CsrfDep])
def upload(
    request: Request,
    ctx: CtxDep,
    choices: Annotated[ImportChoices, Form()],
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    errors = choices.parsed()[2]
    if file is None or not file.filename:
        errors = {"file": "Choose a file to import."} | errors
    if errors or file is None:
        return _again(request, errors, choices)
    data_dir = request.app.state.settings.data_dir
    import_jobs.left_behind(data_dir, request.app.state.clock.now().timestamp())
    upload_id = store_upload(data_dir, file)
    return _started(request, ctx, upload_id, choices, file.filename or "", dry_run=True)


@router.post("/import/confirm", dependencies=[CsrfDep])
def confirm(
    request: Request,
    ctx: CtxDep,
    choices: Annotated[ImportChoices, Form()],
    upload_id: Annotated[str, Form()],
    filename: Annotated[str, Form()] = "",
) -> Response:
    return _started(request, ctx, upload_id, choices, filename or "the file", dry_run=False)


@router.get("/import/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, ctx: CtxDep, job_id: str) -> Response:
    """How far an import got (refreshing itself), then its report or its error."""
    job = import_jobs.read(request.app.state.settings.data_dir, job_id)
    if job is None or job.owner_id != ctx.owner_id:
        raise HTTPException(404, "No such import: it may have ended more than a day ago.")
    return _answer(request, job)


def _started(
    request: Request,
    ctx: Ctx,
    upload_id: str,
    choices: ImportChoices,
    filename: str,
    *,
    dry_run: bool,
) -> Response:
    """The import (or its dry run) started as a job: its answer once it has ended, or, if
    it takes longer than ``import_wait_seconds``, the way to its progress page. An unknown
    or expired upload is refused (422) before anything starts."""
    state = request.app.state
    data_dir = state.settings.data_dir
    path = upload_path(data_dir, upload_id)
    job = Job(
        id=new_id(),
        owner_id=ctx.owner_id,
        upload_id=upload_id,
        filename=filename,
        dry_run=dry_run,
        choices=choices.model_dump(),
    )

    kept = KeptParses(path)  # what the dry run reads, for the import that confirms it

    def work(job_ctx: Ctx, progress: JobProgress) -> list[Report]:
        """The import; its upload goes once it is not needed: imported, or unreadable."""
        try:
            reports = run(
                job_ctx,
                path,
                choices,
                dry_run=dry_run,
                progress=progress.count,
                on_part=progress.part,
                reading=progress.read,
                parsed=kept,
            )
        except BaseException:
            discard(path)
            raise
        if dry_run:
            progress.after_done(kept.write)
        else:
            discard(path)
        return reports

    import_jobs.start(data_dir, state.session_factory, state.clock, job, work, _failure)
    job = import_jobs.wait(data_dir, job, state.settings.import_wait_seconds)
    if job.running:
        return redirect(request, f"/import/jobs/{job.id}")
    return _answer(request, job)


def _failure(error: Exception) -> str | None:
    """What the Import page says of an import that could not be done (None: a bug)."""
    if isinstance(error, ZipKindError):
        return _choose_one(error)
    if isinstance(error, KithError):
        return str(error)
    return None


def _answer(request: Request, job: Job) -> Response:
    """A job's page: its progress, its report (a dry run), the people (an import), or the
    Import page with its error beside the file field."""
    choices = ImportChoices(**job.choices)
    if job.running:
        return _progress(request, job)
    if job.status == "failed":
        return _again(request, {"file": job.error or "The import failed."}, choices)
    if not job.dry_run:
        return redirect(request, "/people", _done(job.filename, job.reports))
    shown = [
        {"report": report, "rows": report_rows(report), "part": _capitalized(_family(report))}
        for report in job.reports
    ]
    view = _view(
        reports=shown,
        upload_id=job.upload_id,
        kind=choices.kind,
        choices=choices,
        filename=job.filename,
    )
    return _page(request, view)


def _progress(request: Request, job: Job) -> Response:
    """The page that keeps itself up to date while the job runs."""
    left = time_left(job.seconds_left())
    view = {"title": "Import", "job": job, "refresh": PROGRESS_EVERY, "left": left}
    return render(request, "import_job.html", view, section="import")


def time_left(seconds: float | None) -> str:
    """ "about 40 seconds left", "about 3 minutes left"; "" when not known."""
    if seconds is None:
        return ""
    if seconds < 5:
        return "a few seconds left"
    if seconds < 90:
        return f"about {round(seconds / 5) * 5} seconds left"
    minutes = round(seconds / 60)
    return f"about {minutes} minutes left" if minutes < 120 else "more than two hours left"


def _done(name: str, reports: list[dict[str, Any]]) -> str:
    """ "Imported x.vcf: 4 people created, ..." and, for a zip of several kinds, each
    kind's counts followed by the kind ("… (contacts as vCard); … (mail)")."""
    if len(reports) == 1:
        return f"Imported {name}: {summary(reports[0])}."
    return f"Imported {name}: " + "; ".join(f"{summary(r)} ({_family(r)})" for r in reports) + "."


def _family(report: dict[str, Any]) -> str:
    """What a report of a zip of several kinds is of: "contacts as vCard", "mail"."""
    return FAMILY_WORDS.get(source_for(str(report["kind"])), str(report["kind"]))


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]  # "Contacts as vCard" (not "as vcard")


def _choose_one(error: ZipKindError) -> str:
    """What the zip holds as this page's menu names its kinds."""
    labels = dict(KINDS)
    holds = what_it_holds(error.counts, lambda family: f"“{labels[family]}”")
    lacks = f"holds no {FAMILY_WORDS[error.missing]}; it holds" if error.missing else "holds"
    return (
        f"{error.file} {lacks} {holds}. Choose one of those under “What kind of file” (or "
        "“Detect from the file” to import them all) and check the file again."
    )


def _again(request: Request, errors: dict[str, str], choices: ImportChoices) -> Response:
    view = _view(errors=errors, kind=choices.kind, choices=choices)
    return _page(request, view, 422)


def _page(request: Request, view: dict[str, Any], status: int = 200) -> Response:
    """The Import page; its file field knows the largest upload, and what to say about a
    larger one before sending it (kith.js)."""
    view = view | {
        "max_mb": request.app.state.settings.max_import_mb,
        "too_large": too_large_text(request),
    }
    return render(request, "import.html", view, status=status, section="import")


def too_large_text(request: Request) -> str:
    """What the page says of a file over the limit, with how to import it all the same."""
    limit = BodyTooLarge(request.app.state.settings.max_import_mb, "KITH_MAX_IMPORT_MB")
    member = getattr(request.state, "account", None) is not None
    return f"{limit.detail} {TOO_LARGE_HINTS[member]}"


def _view(**values: Any) -> dict[str, Any]:
    view: dict[str, Any] = {
        "title": "Import",
        "kinds": KINDS,
        "kind": "auto",
        "errors": {},
        "reports": [],
        "history": [],
        "jobs": [],
        "choices": ImportChoices(),
    }
    view.update(values)
    return view


def report_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per kind of record (people, interactions, ...) with its counts."""
    kinds = sorted({k for col in COUNTS for k in dict(report.get(col) or {})})
    return [
        {"kind": kind, **{col: dict(report.get(col) or {}).get(kind, 0) for col in COUNTS}}
        for kind in kinds
    ]


def run(
    ctx: Ctx,
    path: Path,
    choices: ImportChoices,
    *,
    dry_run: bool,
    progress: ImportProgress | None = None,
    on_part: Part | None = None,
    reading: ReadProgress | None = None,
    parsed: ParseCache | None = None,
) -> list[Report]:
    """The import's reports: one, or one per kind of a zip of several (a Takeout)."""
    kind = choices.kind if choices.kind in dict(KINDS) else "auto"
    since, most = choices.checked()
    options = imports.owner_options(
        ctx, keep_content=choices.keep_content, since=since, max_recipients=most
    )
    reports = imports.run_imports(
        ctx,
        path,
        kind,
        dry_run=dry_run,
        options=options,
        progress=progress,
        on_part=on_part,
        reading=reading,
        parsed=parsed,
    )
    return [report.to_dict() for report in reports]


def summary(report: dict[str, Any]) -> str:
    """ "9 interactions, 4 people created, 0 updated, 2 skipped" (merged when any)."""
    parts = [f"{in_words(dict(report.get('created') or {}))} created"]
    parts.append(f"{in_words(dict(report.get('updated') or {}))} updated")
    if merged := dict(report.get("merged") or {}):
        parts.append(f"{in_words(merged)} merged")
    parts.append(f"{len(report.get('skipped') or [])} skipped")
    return ", ".join(parts)
