"""/api/v1/merges: possible duplicates to settle, and merges made (with undo)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from kith.schemas.merges import MergeRead, MergeSuggestion
from kith.services import matching, merge
from kith.web.api.models import MAX_ID
from kith.web.deps import CtxDep

router = APIRouter(prefix="/merges", tags=["merges"])
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/suggestions", summary="Possible duplicates waiting for a decision")
def list_suggestions(ctx: CtxDep) -> list[MergeSuggestion]:
    return [MergeSuggestion.model_validate(c) for c in matching.list_candidates(ctx)]


@router.post("/suggestions/{suggestion_id}/merge", summary="They are one person: merge them")
def merge_suggestion(ctx: CtxDep, suggestion_id: Id) -> MergeRead:
    return MergeRead.model_validate(matching.merge_entry(ctx, matching.accept(ctx, suggestion_id)))


@router.post(
    "/suggestions/{suggestion_id}/keep-apart", summary="Different people: never suggest again"
)
def keep_apart(ctx: CtxDep, suggestion_id: Id) -> MergeSuggestion:
    matching.reject(ctx, suggestion_id)
    return MergeSuggestion.model_validate(matching.candidate_entry(ctx, suggestion_id))


@router.get("", summary="Merges made, oldest first")
def list_merges(ctx: CtxDep) -> list[MergeRead]:
    return [MergeRead.model_validate(m) for m in matching.merge_history(ctx)]


@router.post("/{merge_id}/undo", summary="Undo a merge: the other person comes back")
def undo_merge(ctx: CtxDep, merge_id: Id) -> MergeRead:
    return MergeRead.model_validate(matching.merge_entry(ctx, merge.undo_merge(ctx, merge_id)))
