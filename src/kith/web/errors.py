"""One error shape for the API, a kind error page for people.

JSON (anything under ``/api/``)::

    {"error": {"code": "not_found", "message": "No person matches '7'. ...", "field": null}}

``KithError`` subclasses map to HTTP statuses; validation errors name the field; 404, 405,
413, 415 and 500 use the same shape. Pages get ``error.html`` with the same message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from kith.errors import (
    AmbiguousError,
    ConflictError,
    DatabaseError,
    ImportFormatError,
    KithError,
    NotFoundError,
    SelfReferenceError,
    UsageError,
)
from kith.web.security import SECURITY_HEADERS

log = logging.getLogger("kith.web")


class NotAvailableError(NotFoundError):
    """A feature whose service has not been written yet (the page says so kindly)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} is not available yet in this version of kith.")


class UnknownReferenceError(ConflictError):
    """A name inside the request body (not the address) that matches no one, several, or
    the user where only other people fit: what it refers to decides, not the schema."""

    def __init__(self, exc: KithError, field: str) -> None:
        super().__init__(exc.message, hint=exc.hint)
        self.field = field
        self.code = (
            "ambiguous"
            if isinstance(exc, AmbiguousError)
            else "self_reference"
            if isinstance(exc, SelfReferenceError)
            else "unknown_reference"
        )


@contextmanager
def body_references(field: str) -> Iterator[None]:
    """Report a person named in the body who cannot be found, is ambiguous, or is you where
    only others fit, as 409 with the field, not 404 (404 means the address itself does not
    exist) nor 422 (the body fits the schema; what it names decides)."""
    try:
        yield
    except (NotFoundError, AmbiguousError, SelfReferenceError) as exc:
        raise UnknownReferenceError(exc, field) from exc


# most specific first
KITH_STATUS: tuple[tuple[type[KithError], int, str], ...] = (
    (NotAvailableError, 404, "not_available"),
    (NotFoundError, 404, "not_found"),
    (AmbiguousError, 409, "ambiguous"),
    (ConflictError, 409, "conflict"),
    (UsageError, 422, "invalid"),
    (ImportFormatError, 422, "import_format"),
    (DatabaseError, 503, "database"),
)
HTTP_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    500: "internal",
}
HTTP_TEXT = {
    404: "Nothing lives at this address.",
    405: "This address does not accept that method.",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


def kith_status(exc: KithError) -> tuple[int, str]:
    for cls, status, code in KITH_STATUS:
        if isinstance(exc, cls):
            return status, code
    return 400, "error"


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_json(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "field": field}}
    return JSONResponse(body, status_code=status, headers=headers)


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if is_api(request):
        return error_json(status, code, message, field, headers)
    from kith.web.render import render_error

    return render_error(request, status, message, headers=headers)


_PLACES = frozenset({"body", "query", "path", "header", "cookie"})
_TYPE_TAGS = frozenset({"str", "int", "float", "bool", "date", "none"})


def field_of(loc: Any) -> str | None:
    """``("body", "summary", "constrained-str")`` -> ``summary``: where the value was sent
    and pydantic's tag for the member of a union it was checked against are left out."""
    parts = [str(p) for p in loc if p not in _PLACES and not _union_tag(p)]
    return ".".join(parts) or None


def _union_tag(part: Any) -> bool:
    return isinstance(part, str) and (part in _TYPE_TAGS or "-" in part or "[" in part)


async def on_kith_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KithError)
    status, code = kith_status(exc)
    code = getattr(exc, "code", code)
    return _respond(request, status, code, str(exc), getattr(exc, "field", None))


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else None
    message = HTTP_TEXT.get(status) if detail in (None, "Not Found", "Method Not Allowed") else None
    headers = dict(exc.headers) if exc.headers else {}
    if status == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return _respond(
        request,
        status,
        HTTP_CODES.get(status, "error"),
        message or detail or "The request could not be handled.",
        headers=headers or None,
    )


async def on_integrity_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, IntegrityError)
    message = "That would duplicate or contradict something already saved; nothing was changed."
    return _respond(request, 409, "conflict", message)


def allowed_methods(request: Request) -> list[str]:
    """Every method any route serves at this path (Starlette names only the first route's)."""
    index: list[tuple[re.Pattern[str], frozenset[str]]] | None = getattr(
        request.app.state, "allow_index", None
    )
    if index is None:
        index = _allow_index(request.app)
        request.app.state.allow_index = index
    methods: set[str] = set()
    for pattern, verbs in index:
        if pattern.fullmatch(request.url.path):
            methods |= verbs
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _allow_index(app: FastAPI) -> list[tuple[re.Pattern[str], frozenset[str]]]:
    from kith.web import pages

    templates: dict[str, set[str]] = {}
    for path, operations in app.openapi().get("paths", {}).items():
        templates.setdefault(path, set()).update(m.upper() for m in operations)
    for router in pages.routers:
        for route in router.routes:
            path, methods = getattr(route, "path", None), getattr(route, "methods", None)
            if path and methods:
                templates.setdefault(path, set()).update(methods)
    return [(_path_pattern(path), frozenset(verbs)) for path, verbs in templates.items()]


def _path_pattern(template: str) -> re.Pattern[str]:
    """``/people/{person_id}`` -> a regex matching ``/people/12``."""
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first = errors[0] if errors else {"loc": (), "msg": "Invalid request."}
    field = field_of(first.get("loc", ()))
    msg = str(first.get("msg", "Invalid value."))
    message = f"Invalid value for {field}: {msg}." if field else f"Invalid request: {msg}."
    return _respond(request, 422, "invalid", message.replace("..", "."), field)


async def on_server_error(request: Request, exc: Exception) -> Response:
    # never log request data: notes and names are private
    log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    message = "Something went wrong on our side; nothing was saved. Please try again."
    # this handler runs outside the middleware stack, so it adds the headers itself
    return _respond(request, 500, "internal", message, headers=dict(SECURITY_HEADERS))


async def on_login_required(request: Request, exc: Exception) -> Response:
    """No session while accounts have passwords: 401 for the API, else the login page."""
    from kith.web.auth import login_url

    if is_api(request):
        message = "Log in first: POST /api/v1/session with your username and password."
        return error_json(401, "unauthenticated", message)
    return RedirectResponse(login_url(request), status_code=303)


def install_error_handlers(app: FastAPI) -> None:
    from kith.web.auth import LoginRequired

    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(KithError, on_kith_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(IntegrityError, on_integrity_error)
    app.add_exception_handler(Exception, on_server_error)


API_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "Bad request"),
        (401, "Login needed (server mode)"),
        (403, "Cross-site request refused"),
        (404, "Not found"),
        (409, "Conflict or ambiguous name"),
        (413, "Body too large"),
        (415, "JSON content type required"),
        (422, "Invalid input"),
    )
}
