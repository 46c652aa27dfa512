"""The export files as downloads: the Export page's and ``/api/v1/exports``'."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from kith.services import exports
from kith.services.context import Ctx

# format -> (media type, file name, what it is for)
FORMATS: dict[str, tuple[str, str, str]] = {
    "vcard": ("text/vcard", "kith.vcf", "vCard 4: your contacts, with who knows whom"),
    "vcard3": (
        "text/vcard",
        "kith-vcard3.vcf",
        "vCard 3: your contacts for address books that read no vCard 4, such as the "
        "Contacts app of Android's open-source base (without who knows whom)",
    ),
    "csv": (
        "text/csv",
        "kith.csv",
        "CSV: one row per person, safe to open in a spreadsheet, and kith imports it back",
    ),
    "json": ("application/json", "kith-backup.json", "JSON: a full backup that restores all"),
    "ics": (
        "text/calendar",
        "kith.ics",
        "iCalendar: due touches (a few a week) and reminders, for your calendar",
    ),
}


def exported_file(
    ctx: Ctx, fmt: str, *, include_archived: bool = False, as_of: date | None = None
) -> Response:
    """The export ``fmt`` (a key of ``FORMATS``) as a download."""
    media, filename, _text = FORMATS[fmt]
    current = replace(ctx, allow_stale=False)  # files are always current
    result = exports.export(current, fmt, as_of=as_of, include_archived=include_archived)
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
