"""schemathesis on PATCH /api/v1/interactions/{id} against interactions that exist.

The general schema test mostly reaches ids that do not exist (404). Here every request
corrects one of four stored touches (asks with an outcome and catch-ups without), so a
body that fits the schema but not what is stored must get a documented 409, never a 422
the schema did not announce, and never a server error.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from kith.clock import fixed_clock
from kith.config import Settings, sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import interactions, people
from kith.services.context import Ctx
from kith.services.owners import ensure_owner
from kith.web.app import create_app
from tests.conftest import TODAY

_FOLDER = tempfile.TemporaryDirectory(prefix="kith-corrections-")  # removed at exit
_URL = sqlite_url(Path(_FOLDER.name) / "corrections.db")
TOUCHES = 4


def _seeded_app() -> FastAPI:
    engine = make_engine(_URL)
    upgrade(engine)
    clock = fixed_clock(TODAY)
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = Ctx(session, ensure_owner(session, clock).id, clock)
        for name in ("Ada", "Bea"):
            people.add_person(ctx, PersonCreate(name=name))
        for n in range(TOUCHES):
            ask = {"intent": "ask", "outcome": "helped"} if n % 2 else {}
            data = InteractionCreate(summary=f"touch {n}", with_people=["Ada"], **ask)
            interactions.log_interaction(ctx, data)
    engine.dispose()
    return create_app(Settings(database_url=_URL, data_dir=Path(_FOLDER.name)), clock)


schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _seeded_app())


@schema.include(
    method="PATCH", path_regex=r"^/api/v1/interactions/\{interaction_id\}$"
).parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_corrections_of_stored_touches_conform(case: schemathesis.Case) -> None:
    assert case.path_parameters is not None
    case.path_parameters["interaction_id"] = 1 + len(str(case.body)) % TOUCHES
    case.call_and_validate()
