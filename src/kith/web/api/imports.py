"""/api/v1/imports: the imports made, newest first (importing itself is the CLI's and the
web page's: a file upload with a dry run to confirm)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kith.schemas.imports import ImportRead
from kith.services.import_history import HISTORY_LIMIT, past_imports
from kith.web.deps import CtxDep

router = APIRouter(prefix="/imports", tags=["imports"])


@router.get("", summary="Imports made, newest first")
def list_imports(
    ctx: CtxDep, limit: Annotated[int, Query(ge=1, le=HISTORY_LIMIT)] = HISTORY_LIMIT
) -> list[ImportRead]:
    return [ImportRead.model_validate(item) for item in past_imports(ctx, limit)]
