"""Undo an import from the Import page: a preview of what goes and what stays, then the
undo itself (a POST with the form's token; nothing is removed on a GET)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from kith.services.import_undo import undo_import
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.render import redirect, render

router = APIRouter(include_in_schema=False)
ImportId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/imports/{batch_id}/undo", response_class=HTMLResponse)
def undo_page(request: Request, ctx: CtxDep, batch_id: ImportId) -> Response:
    preview = undo_import(ctx, batch_id, dry_run=True)
    rollback(ctx)
    view = {"title": "Undo an import", "undo": preview}
    return render(request, "import_undo.html", view, section="import")


@router.post("/imports/{batch_id}/undo", dependencies=[CsrfDep])
def undo(request: Request, ctx: CtxDep, batch_id: ImportId) -> Response:
    done = undo_import(ctx, batch_id)
    kept = " ".join(done.kept_words())
    what = f"removed {done.removed()}" if done.removes_anything else "nothing it created was left"
    message = f"Undid the import of {done.file}: {what}." + (f" {kept}" if kept else "")
    return redirect(request, "/import", message)
