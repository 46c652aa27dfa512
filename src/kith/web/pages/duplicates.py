"""Possible duplicates: the merge suggestions an import leaves, settled in the browser.

The same choices as `kith merges`: merge a pair (the person added first is kept), keep
them apart, or undo a merge that was wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from kith.errors import ConflictError
from kith.services import matching, merge
from kith.services.context import Ctx
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
    def decide() -> str:
        made = matching.merge_entry(ctx, matching.accept(ctx, candidate_id))
        return f"Merged {made['merged']} into {made['person']}. If that was wrong, undo it below."

    return _settle(request, ctx, decide)


@router.post(PAGE + "/{candidate_id}/keep-apart", dependencies=[CsrfDep])
def keep_apart(request: Request, ctx: CtxDep, candidate_id: Id) -> Response:
    def decide() -> str:
        matching.reject(ctx, candidate_id)
        return "Kept them apart: kith will not suggest this pair again."

    return _settle(request, ctx, decide)


@router.post("/merges/{merge_id}/undo", dependencies=[CsrfDep])
def undo(request: Request, ctx: CtxDep, merge_id: Id) -> Response:
    def decide() -> str:
        back = matching.merge_entry(ctx, merge.undo_merge(ctx, merge_id))
        return f"Undone: {back['merged']} is a person of their own again."

    return _settle(request, ctx, decide)


def _settle(request: Request, ctx: Ctx, decide: Callable[[], str]) -> Response:
    """Back to the page with what ``decide`` did, or why it could not (decided already)."""
    try:
        done = decide()
    except ConflictError as exc:
        rollback(ctx)
        return redirect(request, PAGE, str(exc), kind="error")
    return redirect(request, PAGE, done)
