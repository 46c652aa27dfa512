"""Export: download everything, in open formats (``kith.services.exports``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kith.web.deps import CtxDep
from kith.web.downloads import FORMATS, exported_file
from kith.web.errors import NotAvailableError
from kith.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/export", response_class=HTMLResponse)
def export_page(request: Request) -> Response:
    formats = [{"key": k, "file": f, "text": t} for k, (_m, f, t) in FORMATS.items()]
    return render(request, "export.html", {"title": "Export", "formats": formats})


@router.get("/export/{fmt}")
def download(ctx: CtxDep, fmt: str) -> Response:
    if fmt not in FORMATS:
        raise NotAvailableError(f"The export format '{fmt}'")
    return exported_file(ctx, fmt)
