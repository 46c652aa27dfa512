"""Application factory: ``create_app(settings)``; nothing connects at import time."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from kith.clock import system_clock
from kith.config import Settings
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.services import people
from kith.services.context import Ctx
from kith.services.owners import ensure_owner


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="kith", docs_url=None, redoc_url=None)
    engine = make_engine(settings.resolved_database_url)
    factory = make_session_factory(engine)
    clock = system_clock()

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        with unit_of_work(factory) as session:
            owner = ensure_owner(session, clock)
            ctx = Ctx(session, owner.id, clock)
            page = people.list_people(ctx, limit=100)
        rows = "".join(
            f"<li>{escape(p.person)} — last contact {p.last_contact or 'never'}</li>"
            for p in page.items
        )
        return (
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>kith</title></head>"
            f"<body><h1>kith</h1><p>{page.total} people</p><ul>{rows}</ul></body></html>"
        )

    return app
