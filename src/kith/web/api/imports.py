"""/api/v1/imports: the imports made, newest first, and undoing one (importing itself is
the CLI's and the web page's: a file upload with a dry run to confirm)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kith.schemas.imports import ImportRead, ImportUndoRead
from kith.services.import_history import HISTORY_LIMIT, past_imports
from kith.services.import_undo import undo_import
from kith.web.api.models import MAX_ID
from kith.web.deps import CtxDep

router = APIRouter(prefix="/imports", tags=["imports"])


@router.get("", summary="Imports made, newest first")
def list_imports(
    ctx: CtxDep, limit: Annotated[int, Query(ge=1, le=HISTORY_LIMIT)] = HISTORY_LIMIT
) -> list[ImportRead]:
    return [ImportRead.model_validate(item) for item in past_imports(ctx, limit)]


@router.post("/{import_id}/undo", summary="Undo an import")
def undo(
    ctx: CtxDep,
    import_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    dry_run: Annotated[bool, Query(description="Say what would be removed; change nothing.")] = (
        False
    ),
) -> ImportUndoRead:
    """Remove the people and interactions the import created, except people used since.
    404 for an unknown import; 409 when it was already undone or made by an earlier kith."""
    return ImportUndoRead.model_validate(undo_import(ctx, import_id, dry_run=dry_run).to_dict())
