"""Protections of a server that only ever runs on the user's own machine.

- the secret key that signs CSRF tokens and flash cookies (generated once, kept 0600);
- a Host-header allowlist against DNS rebinding;
- a request body limit (``Settings.max_upload_mb``) answered with 413;
- security headers (a strict CSP: no inline script or style anywhere) on every response;
- CSRF tokens for every HTML form, bound to a per-browser cookie.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kith.config import Settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
CSRF_COOKIE = "kith_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE_S = 30 * 24 * 3600  # a page left open for a month still posts
SECRET_FILE = "secret_key"


def load_secret_key(settings: Settings) -> str:
    """``Settings.secret_key``, or the key kept in ``data_dir/secret_key`` (made once, 0600)."""
    given = settings.secret_key.get_secret_value()
    if given:
        return given
    path = settings.data_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return _write_new_key(path)


def _write_new_key(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


# ---- CSRF -------------------------------------------------------------------------------


class Csrf:
    """Double-submit tokens: a random cookie nonce, and a signed copy of it in each form."""

    def __init__(self, secret: str) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="kith-csrf")

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(24)

    def token_for(self, nonce: str) -> str:
        return self._signer.dumps(nonce)

    def valid(self, token: str | None, nonce: str | None) -> bool:
        if not token or not nonce:
            return False
        try:
            signed = self._signer.loads(token, max_age=CSRF_MAX_AGE_S)
        except BadSignature:
            return False
        return isinstance(signed, str) and secrets.compare_digest(signed, nonce)


def csrf_nonce(request: Request) -> str:
    """This browser's nonce; a new one is made (and set by ``render``) when missing."""
    nonce = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_nonce", None)
    if not nonce:
        nonce = Csrf.new_nonce()
        request.state.new_csrf_nonce = nonce
    request.state.csrf_nonce = nonce
    return str(nonce)


async def verify_csrf(request: Request) -> None:
    """Dependency of every HTML form post: 403 unless the token matches this browser."""
    form = await request.form()  # parsed once; the route's Form() fields reuse it
    token = form.get(CSRF_FIELD)
    csrf: Csrf = request.app.state.csrf
    if not csrf.valid(token if isinstance(token, str) else None, request.cookies.get(CSRF_COOKIE)):
        raise HTTPException(
            403,
            "This form has expired or came from another site. Reload the page and try again.",
        )


# ---- ASGI middleware --------------------------------------------------------------------


def host_name(host_header: str) -> str:
    """``example.org:8765`` -> ``example.org``; ``[::1]:8765`` -> ``[::1]``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed_host_names(settings: Settings) -> frozenset[str]:
    names = {host_name(h) for h in settings.allowed_hosts}
    configured = settings.host.strip().lower()
    names.add(f"[{configured}]" if ":" in configured else configured)
    return frozenset(names)


async def _send_error(send: Send, scope: Scope, status: int, code: str, message: str) -> None:
    """A bare error response from middleware (before routing): JSON for the API, else text."""
    path = str(scope.get("path", ""))
    if path.startswith("/api/"):
        body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
        content_type = b"application/json"
    else:
        body = message.encode()
        content_type = b"text/plain; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class HostAllowlistMiddleware:
    """Answer only Host headers we expect: a rebound DNS name gets 400, not your data."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = Headers(scope=scope).get("host", "")
            if host_name(host) not in self.allowed:
                await _send_error(
                    send, scope, 400, "bad_host", "Unknown Host header: kith answers only locally."
                )
                return
        await self.app(scope, receive, send)


class SecurityHeadersMiddleware:
    """Add the CSP and friends to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit_mb: int, setting: str = "KITH_MAX_UPLOAD_MB") -> None:
        super().__init__(
            413, f"That upload is larger than {limit_mb} MB (the limit set by {setting})."
        )


# the API calls whose body is a file to import (application/octet-stream), and every POST
# that carries a file to import
API_FILE_PATHS = frozenset({"/api/v1/imports", "/api/v1/imports/all"})
IMPORT_PATHS = API_FILE_PATHS | {"/import"}
IMPORT_PAGE = "/import"
# where the Import page's upload goes when it is too large: the page again, with the error
# beside its file field
TOO_LARGE_PAGE = "/import/too-large"


class BodyLimitMiddleware:
    """413 for bodies over the limit: early by Content-Length, else while streaming. A file
    to import (the Import page, ``API_FILE_PATHS``) has a limit of its own: a mailbox or a
    Google Takeout is often hundreds of megabytes, and is written to disk as it arrives."""

    def __init__(self, app: ASGIApp, limit_mb: int, import_limit_mb: int | None = None) -> None:
        self.app = app
        self.limits = (limit_mb, "KITH_MAX_UPLOAD_MB")
        self.import_limits = (import_limit_mb or limit_mb, "KITH_MAX_IMPORT_MB")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        an_import = scope.get("method") == "POST" and scope.get("path") in IMPORT_PATHS
        limit_mb, setting = self.import_limits if an_import else self.limits
        limit = limit_mb * 1024 * 1024
        declared = Headers(scope=scope).get("content-length", "")
        # ASCII digits ("²" passes isdigit), however many: an absurd length is refused too
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            if an_import and scope.get("path") == IMPORT_PAGE:
                await _to_the_import_page(self.app, scope, receive, send)
                return
            too_large = BodyTooLarge(limit_mb, setting).detail
            await _send_error(send, scope, 413, "too_large", too_large)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit_mb, setting)
            return message

        await self.app(scope, limited_receive, send)


async def _to_the_import_page(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """The Import page again, saying the file is too large beside its field. The upload is
    read to its end and thrown away first: a browser still sending a file shows a connection
    reset, not the answer, when the server stops reading."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            break
    inner = {**scope, "path": TOO_LARGE_PAGE, "raw_path": TOO_LARGE_PAGE.encode()}

    async def nothing_more() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    await app(inner, nothing_more, send)
