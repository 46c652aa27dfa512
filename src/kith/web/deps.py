"""Request dependencies: one unit of work per request, and the CSRF / JSON-only guards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException

from kith.clock import Clock
from kith.db.engine import unit_of_work
from kith.services.context import Ctx
from kith.web.auth import owner_of
from kith.web.security import API_FILE_PATHS, verify_csrf

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def get_ctx(request: Request) -> Iterator[Ctx]:
    """Commit when the route returns, roll back when it raises (before the response goes)."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    clock: Clock = request.app.state.clock
    with unit_of_work(factory) as session:
        owner_id = owner_of(request, session)
        # pages may show the previous revision's insights while new ones are computed; the
        # API and every form post always compute afresh
        stale_ok = request.method == "GET" and not request.url.path.startswith("/api/")
        yield Ctx(session=session, owner_id=owner_id, clock=clock, allow_stale=stale_ok)


CtxDep = Annotated[Ctx, Depends(get_ctx, scope="function")]
CsrfDep = Depends(verify_csrf)


def rollback(ctx: Ctx) -> None:
    """Undo a half-done change before re-rendering a form with its errors."""
    ctx.session.rollback()


def json_only(request: Request) -> None:
    """The API refuses what a hostile page could send: form posts and foreign origins."""
    if request.method not in UNSAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(origin, request):
        raise HTTPException(403, "Cross-site requests are refused: call the API from this host.")
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "Cross-site requests are refused: call the API from this host.")
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/octet-stream" and _takes_files(request):
        return  # not a type a page can send across sites without a preflight
    is_json = content_type == "application/json" or content_type.endswith("+json")
    if not is_json and (content_type or request.headers.get("content-length", "0") != "0"):
        raise HTTPException(415, "Send JSON with `Content-Type: application/json`.")


def _takes_files(request: Request) -> bool:
    """The API calls whose body is a file: POST /api/v1/imports and /api/v1/imports/all."""
    return request.method == "POST" and request.url.path.rstrip("/") in API_FILE_PATHS


def _same_origin(origin: str, request: Request) -> bool:
    host = request.headers.get("host", "").lower()
    return origin.lower().rstrip("/") == f"{request.url.scheme}://{host}"
