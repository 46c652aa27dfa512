"""Export: download everything, in open formats (``kith.services.exports``)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from kith.services import exports
from kith.web.deps import CtxDep
from kith.web.errors import NotAvailableError
from kith.web.render import render

router = APIRouter(include_in_schema=False)

# format -> (media type, file name, what it is for)
FORMATS: dict[str, tuple[str, str, str]] = {
    "vcard": ("text/vcard", "kith.vcf", "vCard 4: your contacts, with who knows whom"),
    "vcard3": (
        "text/vcard",
        "kith-vcard3.vcf",
        "vCard 3: your contacts for address books that read no vCard 4, such as Android's "
        "Contacts app (without who knows whom)",
    ),
    "csv": ("text/csv", "kith.csv", "CSV: one row per person, safe to open in a spreadsheet"),
    "json": ("application/json", "kith-backup.json", "JSON: a full backup that restores all"),
    "ics": (
        "text/calendar",
        "kith.ics",
        "iCalendar: due touches (a few a week) and reminders, for your calendar",
    ),
}


@router.get("/export", response_class=HTMLResponse)
def export_page(request: Request) -> Response:
    formats = [{"key": k, "file": f, "text": t} for k, (_m, f, t) in FORMATS.items()]
    return render(request, "export.html", {"title": "Export", "formats": formats})


@router.get("/export/{fmt}")
def download(ctx: CtxDep, fmt: str) -> Response:
    if fmt not in FORMATS:
        raise NotAvailableError(f"The export format '{fmt}'")
    media, filename, _text = FORMATS[fmt]
    result = exports.export(replace(ctx, allow_stale=False), fmt)  # files are always current
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    if fmt != "json":
        return Response(result.text, media_type=media, headers=headers)
    # the backup of a large network is written to a file while the database is open, then
    # sent from it and deleted: never the whole of it in memory
    handle, name = tempfile.mkstemp(prefix="kith-backup-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(result.parts)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    gone = BackgroundTask(Path(name).unlink, missing_ok=True)
    return FileResponse(name, media_type=media, headers=headers, background=gone)
