"""Import: upload a file, read the dry-run report, then confirm (nothing is saved before)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from kith.errors import KithError
from kith.importers.archive import SeveralKindsError, what_it_holds
from kith.services import imports
from kith.services.context import Ctx
from kith.services.import_history import changed, in_words, past_imports
from kith.services.interactions import TOUCH_SOURCES
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.import_choices import ImportChoices
from kith.web.render import redirect, render
from kith.web.uploads import discard, prune_uploads, store_upload, upload_path

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
HISTORY_SHOWN = 10


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, ctx: CtxDep) -> Response:
    return render(request, "import.html", _view(history=history(ctx)), section="import")


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
    prune_uploads(data_dir, request.app.state.clock.now().timestamp())
    upload_id = store_upload(data_dir, file)
    return _report(request, ctx, upload_id, choices, file.filename or "")


@router.post("/import/confirm", dependencies=[CsrfDep])
def confirm(
    request: Request,
    ctx: CtxDep,
    choices: Annotated[ImportChoices, Form()],
    upload_id: Annotated[str, Form()],
    filename: Annotated[str, Form()] = "",
) -> Response:
    path = upload_path(request.app.state.settings.data_dir, upload_id)
    report = run(ctx, path, choices, dry_run=False)
    discard(path)
    return redirect(request, "/people", f"Imported {filename or 'the file'}: {summary(report)}.")


def _report(
    request: Request, ctx: Ctx, upload_id: str, choices: ImportChoices, filename: str
) -> Response:
    path = upload_path(request.app.state.settings.data_dir, upload_id)
    try:
        report = run(ctx, path, choices, dry_run=True)
    except SeveralKindsError as exc:
        discard(path)
        return _again(request, {"file": _choose_one(exc)}, choices)
    except KithError as exc:
        discard(path)
        return _again(request, {"file": str(exc)}, choices)
    finally:
        rollback(ctx)  # a dry run never writes, whatever the importer flushed
    view = _view(
        report=report,
        rows=report_rows(report),
        upload_id=upload_id,
        kind=choices.kind,
        choices=choices,
        filename=filename,
    )
    return render(request, "import.html", view, section="import")


def _choose_one(error: SeveralKindsError) -> str:
    """The zip's kinds as this page's menu names them."""
    labels = dict(KINDS)
    holds = what_it_holds(error.counts, lambda family: f"“{labels[family]}”")
    return (
        f"{error.file} holds several kinds of export: {holds}. Import one kind at a time: "
        "choose it under “What kind of file” and check the file again."
    )


def _again(request: Request, errors: dict[str, str], choices: ImportChoices) -> Response:
    view = _view(errors=errors, kind=choices.kind, choices=choices)
    return render(request, "import.html", view, status=422, section="import")


def _view(**values: Any) -> dict[str, Any]:
    view: dict[str, Any] = {
        "title": "Import",
        "kinds": KINDS,
        "kind": "auto",
        "errors": {},
        "report": None,
        "history": [],
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


def run(ctx: Ctx, path: Path, choices: ImportChoices, *, dry_run: bool) -> dict[str, Any]:
    kind = choices.kind if choices.kind in dict(KINDS) else "auto"
    since, most = choices.checked()
    options = imports.owner_options(
        ctx, keep_content=choices.keep_content, since=since, max_recipients=most
    )
    report = imports.run_import(ctx, path, kind, dry_run=dry_run, options=options)
    return report.to_dict()


def summary(report: dict[str, Any]) -> str:
    """ "9 interactions, 4 people created, 0 updated, 2 skipped" (merged when any)."""
    parts = [f"{in_words(dict(report.get('created') or {}))} created"]
    parts.append(f"{in_words(dict(report.get('updated') or {}))} updated")
    if merged := dict(report.get("merged") or {}):
        parts.append(f"{in_words(merged)} merged")
    parts.append(f"{len(report.get('skipped') or [])} skipped")
    return ", ".join(parts)
