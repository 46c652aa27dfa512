"""/api/v1/exports/{kind}: the Export page's files, for scripts (the same service as
``kith export``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from kith.web.api.insights import AsOf
from kith.web.deps import CtxDep
from kith.web.downloads import exported_file

router = APIRouter(prefix="/exports", tags=["exports"])

Kind = Literal["vcard", "vcard3", "csv", "json", "ics"]
_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as an attachment: vCard 4 or 3.0, CSV, the JSON backup "
        "(a JSON object) or iCalendar.",
        "content": {
            "text/vcard": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
            "text/calendar": {"schema": {"type": "string"}},
        },
    }
}


@router.get(
    "/{kind}",
    summary="Export your network as a file",
    response_class=Response,
    responses=_FILES,
)
def export_file(
    ctx: CtxDep,
    kind: Kind,
    archived: Annotated[
        bool, Query(description="Also archived people (vcard, vcard3, csv).")
    ] = False,
    as_of: AsOf = None,
) -> Response:
    """As `kith export KIND`: vcard (vCard 4, with who knows whom), vcard3 (vCard 3.0, for
    address books that read no 4.0), csv (one row per person, safe in spreadsheets), json
    (a full backup that `POST /imports` restores into an empty database) or ics (due
    touches and reminders; ``as_of`` plans from that day, and gives the CSV's circles)."""
    return exported_file(ctx, kind, include_archived=archived, as_of=as_of)
