"""Application factory: ``create_app(settings)``; nothing connects at import time.

Middleware, outermost first: security headers, Host allowlist, body size limit. State on
``app.state``: settings, session_factory, clock (tests swap in a fixed one), templates,
csrf, flash.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from kith.clock import Clock, system_clock
from kith.config import Settings
from kith.db.engine import make_engine, make_session_factory
from kith.services import insights
from kith.services.accounts import LoginThrottle
from kith.services.graph_files import use_graph_files
from kith.web import api, auth, import_jobs, pages
from kith.web.errors import install_error_handlers
from kith.web.render import Flash, make_environment
from kith.web.security import (
    BodyLimitMiddleware,
    Csrf,
    HostAllowlistMiddleware,
    SecurityHeadersMiddleware,
    allowed_host_names,
    load_secret_key,
)

STATIC = Path(__file__).parent / "static"
API_DESCRIPTION = (
    "The JSON twin of every kith page. Errors always look like "
    '`{"error": {"code": "...", "message": "...", "field": null}}`. '
    "POST and PATCH need `Content-Type: application/json`; cross-site requests are refused. "
    "In server mode (accounts with passwords), log in with `POST /api/v1/session` and send "
    "the session cookie back; without it every other call answers 401."
)


def from_environment() -> FastAPI:
    """The app of one worker process of ``kith serve --workers N``: its settings come from
    the ``KITH_`` environment the command set (``kith.cli.serve.share_settings``)."""
    return create_app(Settings())


def create_app(settings: Settings, clock: Clock | None = None) -> FastAPI:
    app = FastAPI(
        title="kith",
        version="1",
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        dependencies=[Depends(auth.require_login)],
    )
    secret = load_secret_key(settings)
    insights.set_capacity(settings.insight_cache_size)
    use_graph_files(settings)
    engine = make_engine(settings.resolved_database_url)  # lazy: connects on first use
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.clock = clock or system_clock()
    now = app.state.clock.now().timestamp()
    import_jobs.left_behind(settings.data_dir, now)  # dry runs nobody confirmed
    app.state.templates = make_environment()
    app.state.csrf = Csrf(secret)
    app.state.flash = Flash(secret)
    app.state.sessions = auth.Sessions(secret)
    app.state.login_throttle = LoginThrottle()

    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(auth.router)
    for router in pages.routers:
        app.include_router(router)

    app.add_middleware(
        BodyLimitMiddleware,
        limit_mb=settings.max_upload_mb,
        import_limit_mb=settings.max_import_mb,
    )
    app.add_middleware(HostAllowlistMiddleware, allowed=allowed_host_names(settings))
    app.add_middleware(SecurityHeadersMiddleware)
    return app
