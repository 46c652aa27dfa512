"""Possible duplicates: the merge suggestions an import leaves, settled in the browser.

The same choices as `kith merges`: merge a pair (the person added first is kept), keep
them apart, or undo a merge that was wrong.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from kith.errors import ConflictError
from kith.services import matching, merge
from kith.web.deps import CsrfDep, CtxDep, rollback
from kith.web.render import redirect, render

router = APIRouter(include_in_schema=False)

PAGE = "/people/duplicates"
MERGES_SHOWN = 20  # the most recent merges, each with an undo button
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get(PAGE, response_class=HTMLResponse)
def duplicates_page(request: Request, ctx: CtxDep) -> Response:
    done = list(reversed(matching.merge_history(ctx)))[:MERGES_SHOWN]
    view: dict[str, Any] = {
        "title": "Possible duplicates",
        "candidates": matching.list_candidates(ctx),
        "merges": done,
    }
    return render(request, "people/duplicates.html", view, section="people")


@router.post(PAGE + "/{candidate_id}/merge", dependencies=[CsrfDep])
def merge_pair(request: Request, ctx: CtxDep, candidate_id: Id) -> Response:
    try:
        record = matching.accept(ctx, candidate_id)
    except ConflictError as exc:
        rollback(ctx)
        return redirect(request, PAGE, str(exc), kind="error")
    kept = matching.merge_entry(ctx, record.id)
    text = f"Merged {kept['merged']} into {kept['person']}. If that was wrong, undo it below."
    return redirect(request, PAGE, text)


@router.post(PAGE + "/{candidate_id}/keep-apart", dependencies=[CsrfDep])
def keep_apart(request: Request, ctx: CtxDep, candidate_id: Id) -> Response:
    try:
        matching.reject(ctx, candidate_id)
    except ConflictError as exc:
        rollback(ctx)
        return redirect(request, PAGE, str(exc), kind="error")
    return redirect(request, PAGE, "Kept them apart: kith will not suggest this pair again.")


@router.post("/merges/{merge_id}/undo", dependencies=[CsrfDep])
def undo(request: Request, ctx: CtxDep, merge_id: Id) -> Response:
    try:
        record = merge.undo_merge(ctx, merge_id)
    except ConflictError as exc:
        rollback(ctx)
        return redirect(request, PAGE, str(exc), kind="error")
    back = matching.merge_entry(ctx, record.id)
    return redirect(request, PAGE, f"Undone: {back['merged']} is a person of their own again.")
