"""/api/v1/imports: import a file (its bytes as the request body), the imports made, newest
first, and undoing one.

The file is sent as ``application/octet-stream``, the one body the API takes that is not
JSON: a browser cannot send that type to another site without asking first (a CORS
preflight kith never grants), so a hostile page cannot post a file here either."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam

from kith.importers import ImportOptions
from kith.importers.archive import ZipKindError
from kith.schemas.imports import ImportRead, ImportReportRead, ImportUndoRead
from kith.services import imports
from kith.services.import_history import HISTORY_LIMIT, past_imports
from kith.services.import_undo import undo_import
from kith.web.api.models import MAX_ID
from kith.web.deps import CtxDep, rollback
from kith.web.uploads import discard, store_stream

Kind = Literal["auto", "linkedin", "vcard", "csv", "ical", "mbox", "backup"]

router = APIRouter(prefix="/imports", tags=["imports"])


async def _body_file(
    request: Request,
    filename: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            pattern=r"\S",
            description="The file's name (remembered as where the records came from).",
        ),
    ],
) -> AsyncIterator[Path]:
    """The request body, written to a file as it arrives; deleted after the import."""
    data_dir = request.app.state.settings.data_dir
    path = await store_stream(data_dir, filename, request.stream())
    try:
        yield path
    finally:
        discard(path)


FILE_BODY = {  # the body is read by _body_file, not by FastAPI: described here
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _options(
    ctx: CtxDep,
    since: Annotated[
        date | None, Query(description="Only interactions on or after this day.")
    ] = None,
    keep_content: Annotated[bool, Query(description="Also keep message bodies.")] = False,
    max_recipients: Annotated[
        int, Query(ge=1, le=1000, description="Skip mails sent to more people (lists).")
    ] = 20,
) -> ImportOptions:
    """The options of ``kith import``, with what kith knows about you (``owner_options``)."""
    return imports.owner_options(
        ctx, keep_content=keep_content, since=since, max_recipients=max_recipients
    )


OptionsDep = Annotated[ImportOptions, Depends(_options)]
DryRun = Annotated[bool, Query(description="Report what would change; save nothing.")]


@router.post("", summary="Import a file: its bytes are the body", openapi_extra=FILE_BODY)
def import_file(
    ctx: CtxDep,
    upload: Annotated[Path, Depends(_body_file)],
    options: OptionsDep,
    kind: Kind = "auto",
    dry_run: DryRun = False,
) -> ImportReportRead:
    """As `kith import`: the kind is told from the content (a LinkedIn export zip, .vcf,
    contacts CSV, .ics, mbox or .eml, a zip of those such as a Google Takeout, a kith JSON
    backup); in a zip of several kinds (a Takeout), ``kind`` says which to import
    (``POST /imports/all`` imports them all). 422 (``import_format``) names what in the file
    could not be read; nothing is saved then, nor on a dry run."""
    try:
        report = imports.run_import(ctx, upload, kind, dry_run=dry_run, options=options)
    except ZipKindError as exc:  # worded for this interface: its parameter
        hint = (
            "Import one kind at a time: add the kind parameter shown, or post the file to "
            "/api/v1/imports/all to import every kind."
        )
        if exc.missing:
            hint = "Choose one of those kinds with the kind parameter."
        raise exc.reworded(lambda family: f"kind={family}", hint) from exc
    finally:
        if dry_run:
            rollback(ctx)
    return ImportReportRead.model_validate(report.to_dict())


@router.post(
    "/all",
    summary="Import every kind of export a file holds (a Google Takeout)",
    openapi_extra=FILE_BODY,
)
def import_all(
    ctx: CtxDep,
    upload: Annotated[Path, Depends(_body_file)],
    options: OptionsDep,
    dry_run: DryRun = False,
) -> list[ImportReportRead]:
    """As `kith import` of a zip or folder of several kinds of export (a Google Takeout of
    contacts, mail and calendars): every kind it holds is imported, address books first,
    then mail, then calendars, each as its own import (undone on its own), with one report
    each, in that order. All or nothing: if one kind cannot be read, none is saved. Any
    other file is imported as by ``POST /imports``, and answered with a list of its one
    report."""
    try:
        reports = imports.run_imports(ctx, upload, dry_run=dry_run, options=options)
    finally:
        if dry_run:
            rollback(ctx)
    return [ImportReportRead.model_validate(report.to_dict()) for report in reports]


@router.get("", summary="Imports made, newest first")
def list_imports(
    ctx: CtxDep, limit: Annotated[int, Query(ge=1, le=HISTORY_LIMIT)] = HISTORY_LIMIT
) -> list[ImportRead]:
    return [ImportRead.model_validate(item) for item in past_imports(ctx, limit)]


@router.post("/{import_id}/undo", summary="Undo an import")
def undo(
    ctx: CtxDep,
    import_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    dry_run: Annotated[bool, Query(description="Say what would be removed; change nothing.")] = (
        False
    ),
) -> ImportUndoRead:
    """Remove the people and interactions the import created, except people used since.
    404 for an unknown import; 409 when it was already undone or made by an earlier kith."""
    return ImportUndoRead.model_validate(undo_import(ctx, import_id, dry_run=dry_run).to_dict())
