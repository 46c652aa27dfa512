"""Logging in, for server mode: who is asking decides whose data a request sees.

While no account has a password, every request is the single-user owner's, as before.
Once one has (``kith users add``), every page and API call needs a session: pages send
the browser to ``/login`` and back, the API answers 401. API calls may instead carry a
member's API token (``Authorization: Bearer kith_...``; ``kith.services.api_tokens``). A
session is a signed cookie (HttpOnly, SameSite=Lax, 30 days) naming the account and a
fingerprint of its password hash, so a new password ends older sessions. The calendar
feed keeps its own secret link, and the OpenAPI description stays public.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, NamedTuple
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.db.engine import unit_of_work
from kith.models import Owner
from kith.services import accounts, api_tokens
from kith.services.owners import ensure_owner_id
from kith.web.errors import ErrorResponse, error_json
from kith.web.render import redirect, render, safe_url
from kith.web.security import verify_csrf

SESSION_COOKIE = "kith_session"
SESSION_MAX_AGE_S = 30 * 24 * 3600
OPEN_PATHS = ("/login", "/feed/", "/api/v1/openapi.json", "/api/v1/session")
LOGIN_CHECK_S = 2.0  # a password set from the shell applies to every page within this

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/session", tags=["session"])


class LoginRequired(Exception):
    """No valid session while accounts have passwords (401 for the API, else to /login)."""


class Sessions:
    """Signs and reads the session cookie."""

    def __init__(self, secret: str) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="kith-session")

    def dump(self, owner: Owner) -> str:
        return self._signer.dumps([owner.id, accounts.fingerprint(owner)])

    def load(self, value: str | None) -> tuple[int, str] | None:
        if not value:
            return None
        try:
            owner_id, print_ = self._signer.loads(value, max_age=SESSION_MAX_AGE_S)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(owner_id, int) or not isinstance(print_, str):
            return None
        return owner_id, print_


def owner_of(request: Request, session: Session) -> int:
    """Whose data this request sees (remembered for the rest of the request)."""
    known = getattr(request.state, "owner_id", None)
    if isinstance(known, int):
        return known
    clock: Clock = request.app.state.clock
    if not accounts.login_required(session):
        owner_id = ensure_owner_id(session, clock)
    else:
        owner = _account(request, session, clock)
        if owner is None:
            raise LoginRequired
        owner_id = ensure_owner_id(session, clock, owner.username)
        request.state.account = owner.username
    request.state.owner_id = owner_id
    return owner_id


def _account(request: Request, session: Session, clock: Clock) -> Owner | None:
    """The account of an API token (API calls only), else of the session cookie."""
    token = bearer_token(request)
    if token is not None:
        return api_tokens.owner_of_token(session, token, clock.now())
    found = request.app.state.sessions.load(request.cookies.get(SESSION_COOKIE))
    return accounts.session_owner(session, *found) if found else None


def bearer_token(request: Request) -> str | None:
    """The token of ``Authorization: Bearer ...`` on an API call (pages take none)."""
    if not request.url.path.startswith("/api/"):
        return None
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def require_login(request: Request) -> None:
    """App-wide dependency, on the event loop: while accounts have passwords, a request
    without a signed session cookie goes no further. The account itself is checked
    against the database (its password unchanged) when the route opens its unit of work
    (``owner_of``); whether any account has a password is looked up at most every
    ``LOGIN_CHECK_S`` seconds, so a page costs no extra query."""
    if request.url.path.startswith(OPEN_PATHS) or not await _login_required(request):
        return
    if bearer_token(request) is not None:
        return  # checked against the database when the route opens its unit of work
    if request.app.state.sessions.load(request.cookies.get(SESSION_COOKIE)) is None:
        raise LoginRequired


async def _login_required(request: Request) -> bool:
    state = request.app.state
    checked_at, required = getattr(state, "login_required", (-LOGIN_CHECK_S, False))
    now = time.monotonic()
    if now - checked_at < LOGIN_CHECK_S:
        return bool(required)
    required = await run_in_threadpool(_any_password, state.session_factory)
    state.login_required = (now, required)
    return required


def _any_password(factory: sessionmaker[Session]) -> bool:
    with unit_of_work(factory) as session:
        return accounts.login_required(session)


# ---- pages ------------------------------------------------------------------------------


class Refusal(NamedTuple):
    status: int  # 401 wrong name or password, 429 locked after failed attempts
    message: str


def _try(request: Request, username: str, password: str) -> Owner | Refusal:
    """The account, or why the login is refused (the same words for a wrong name or
    password, so names cannot be found out)."""
    state = request.app.state
    name, now = username.strip().lower(), state.clock.now()
    wait = state.login_throttle.wait(name, now)
    if wait is not None:
        minutes = max(1, round(wait.total_seconds() / 60))
        message = f"Too many failed attempts for this account: try again in {minutes} minutes."
        return Refusal(429, message)
    with unit_of_work(state.session_factory) as session:
        owner = accounts.authenticate(session, name, password)
        if owner is None:
            state.login_throttle.failed(name, now)
            return Refusal(401, "That name and password do not match an account.")
        state.login_throttle.succeeded(name)
        session.expunge(owner)
        return owner


def signed_in(request: Request, response: Response, owner: Owner) -> Response:
    response.set_cookie(
        SESSION_COOKIE,
        request.app.state.sessions.dump(owner),
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", _view(safe_url(next)))


@router.post("/login", dependencies=[Depends(verify_csrf)])
def login_post(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    found = _try(request, username, password)
    if isinstance(found, Refusal):  # a form with an error (422), or a locked account (429)
        view = _view(safe_url(next), error=found.message, username=username)
        return render(request, "login.html", view, status=422 if found.status == 401 else 429)
    return signed_in(request, redirect(request, safe_url(next)), found)


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request) -> Response:
    response = redirect(request, "/login", "You are logged out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def login_url(request: Request) -> str:
    """``/login?next=<this page>`` (only a GET can be come back to)."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?" + urlencode({"next": back if request.method == "GET" else "/"})


def _view(next_url: str, **values: Any) -> dict[str, Any]:
    return {"title": "Log in", "next": next_url, "error": "", "username": "", **values}


# ---- API --------------------------------------------------------------------------------


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=accounts.MAX_PASSWORD)


class SessionRead(BaseModel):
    username: str


@api_router.post(
    "",
    summary="Log in (server mode): sets the session cookie",
    responses={429: {"model": ErrorResponse, "description": "Locked after failed attempts"}},
)
def api_login(request: Request, body: Credentials) -> Response:
    found = _try(request, body.username, body.password)
    if isinstance(found, Refusal):
        return error_json(found.status, "unauthenticated", found.message)
    response = Response(
        SessionRead(username=found.username).model_dump_json(), media_type="application/json"
    )
    return signed_in(request, response, found)


@api_router.delete("", status_code=204, summary="Log out: the session cookie is removed")
def api_logout() -> Response:
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
