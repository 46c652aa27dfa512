"""The JSON API under ``/api/v1``: the same services as the pages, one error shape."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from kith.web import auth
from kith.web.api import (
    account,
    exports,
    goals,
    groups,
    imports,
    insights,
    interactions,
    merges,
    people,
)
from kith.web.deps import json_only
from kith.web.errors import API_ERROR_RESPONSES

router = APIRouter(
    prefix="/api/v1", dependencies=[Depends(json_only)], responses=API_ERROR_RESPONSES
)
for _feature in (people, interactions, merges, imports, exports, groups, goals, insights, account):
    router.include_router(_feature.router)
router.include_router(auth.api_router)
