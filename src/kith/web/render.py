"""Rendering pages: one Jinja2 environment (autoescape on), flash messages, redirects."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

from kith.services import insights
from kith.services.context import Ctx
from kith.web import fmt
from kith.web.security import CSRF_COOKIE, CSRF_FIELD, csrf_nonce

TEMPLATES = Path(__file__).parent / "templates"
FLASH_COOKIE = "kith_flash"
NO_STORE = {"cache-control": "no-store"}  # an answer no browser or proxy should keep a copy of
NAV = (
    ("/", "dashboard", "This week"),
    ("/log", "log", "Log"),
    ("/people", "people", "People"),
    ("/groups", "groups", "Groups"),
    ("/job-search", "job", "Job search"),
    ("/network", "network", "Map"),
    ("/import", "import", "Import"),
    ("/settings", "settings", "Settings"),
)


@functools.cache
def make_environment() -> jinja2.Environment:
    """One environment per process: templates compile once, whatever the number of apps."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is escaped; only chart SVG is marked safe
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,  # an insight missing a key renders empty
    )
    env.filters.update(fmt.FILTERS)
    env.globals["nav"] = NAV
    env.globals["csrf_field_name"] = CSRF_FIELD
    return env


class Flash:
    """One short message carried across a redirect in a signed cookie."""

    def __init__(self, secret: str) -> None:
        self._signer = URLSafeSerializer(secret, salt="kith-flash")

    def dump(self, kind: str, text: str) -> str:
        return self._signer.dumps([kind, text[:500]])

    def load(self, value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        try:
            kind, text = self._signer.loads(value)
        except (BadSignature, ValueError, TypeError):
            return None
        return {"kind": str(kind), "text": str(text)}


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    section: str = "",
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` with the CSRF token, the pending flash and today's date."""
    state = request.app.state
    nonce = csrf_nonce(request)
    flash: Flash = state.flash
    values: dict[str, Any] = {
        "request": request,
        "csrf_token": state.csrf.token_for(nonce),
        "flash": flash.load(request.cookies.get(FLASH_COOKIE)),
        "today": state.clock.today(),
        "section": section,
        "title": "",
        "updating": insights.stale_seconds(),
        "account": getattr(request.state, "account", None),
    }
    values.update(context or {})
    env: jinja2.Environment = state.templates
    html = env.get_template(template).render(values)
    response = HTMLResponse(html, status_code=status, headers=headers)
    if getattr(request.state, "new_csrf_nonce", None):
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/")
    if values["flash"] is not None:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def render_cached(
    request: Request,
    ctx: Ctx,
    template: str,
    key: tuple[Any, ...],
    build: Callable[[], dict[str, Any]],
    *,
    section: str = "",
) -> HTMLResponse:
    """A page that depends only on the owner's data, rendered once per data revision.

    The cached HTML holds a per-process random placeholder where this browser's CSRF token
    goes. A page carrying a flash message (right after a form post) is rendered afresh."""
    if request.cookies.get(FLASH_COOKIE):
        return render(request, template, build(), section=section)
    env: jinja2.Environment = request.app.state.templates
    account = getattr(request.state, "account", None)

    def page() -> str:
        values = {
            "request": None,
            "csrf_token": _TOKEN_SLOT,
            "flash": None,
            "today": ctx.today(),
            "section": section,
            "title": "",
            **build(),
            "updating": insights.stale_seconds(),  # set while building, when served stale
            "account": account,
        }
        return env.get_template(template).render(values)

    html = insights.per_revision(ctx, ("html", template, section, account, *key), page)
    nonce = csrf_nonce(request)
    response = HTMLResponse(html.replace(_TOKEN_SLOT, request.app.state.csrf.token_for(nonce)))
    if getattr(request.state, "new_csrf_nonce", None):
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/")
    return response


_TOKEN_SLOT = secrets.token_hex(16)  # escapes to itself; no user text can predict it


def redirect(request: Request, url: str, message: str | None = None, kind: str = "ok") -> Response:
    """303 to ``url`` (after a form post), carrying a flash message."""
    response = RedirectResponse(url, status_code=303)
    if message:
        flash: Flash = request.app.state.flash
        response.set_cookie(
            FLASH_COOKIE, flash.dump(kind, message), httponly=True, samesite="strict", path="/"
        )
    return response


def safe_url(value: str | None, default: str = "/") -> str:
    """Only local paths are allowed as "back" targets (no open redirects)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def render_error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    return render(
        request,
        "error.html",
        {"status": status, "message": message, "title": "Something needs attention"},
        status=status,
        headers=headers,
    )


def svg(markup: str) -> Markup:
    """Chart SVG built by ``kith.web.charts`` (which escapes every text it embeds)."""
    return Markup(markup)
