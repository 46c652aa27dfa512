"""schemathesis against /api/v1/openapi.json, in-process over ASGI.

Checks: no server errors, documented status codes and content types, responses that match
their schemas, schema-valid input accepted and schema-violating input (booleans for
numbers, timestamps for dates, unknown fields) refused.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kith.clock import fixed_clock
from kith.config import Settings, sqlite_url
from kith.db.engine import make_engine
from kith.db.migrate import upgrade
from kith.models import Base
from kith.services import insights
from kith.web.app import create_app
from tests.conftest import TODAY

_FOLDER = tempfile.TemporaryDirectory(prefix="kith-schemathesis-")  # removed at exit


_URL = sqlite_url(Path(_FOLDER.name) / "schema.db")


def _app() -> FastAPI:
    engine = make_engine(_URL)
    upgrade(engine)
    engine.dispose()
    settings = Settings(database_url=_URL, data_dir=Path(_FOLDER.name))
    return create_app(settings, fixed_clock(TODAY))


schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _app())


# A body the schema allows (any bytes) that is not a file kith reads is refused with 422
# (``import_format``, naming the file) by both import routes: no schema can say what a
# readable export is.
# Every other check still applies to the import; tests/web/test_import_api.py covers it.
BYTES_NOT_CHECKED = {
    ("POST", path): [positive_data_acceptance]
    for path in ("/api/v1/imports", "/api/v1/imports/all")
}


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    excluded = BYTES_NOT_CHECKED.get((case.method.upper(), case.path), [])
    case.call_and_validate(excluded_checks=excluded)


class ApiWorkflows(schema.as_state_machine()):  # type: ignore[misc]
    """Create, read and change chains (POST -> GET/PATCH links), each run on an empty database
    so that hypothesis can replay a failure exactly."""

    def setup(self) -> None:
        _empty_database()

    def validate_response(
        self,
        response: Any,
        case: schemathesis.Case,
        additional_checks: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        case.validate_response(
            response,
            additional_checks=additional_checks,
            excluded_checks=BYTES_NOT_CHECKED.get((case.method.upper(), case.path), []),
            transport_kwargs=kwargs or None,
            recorder=getattr(self, "recorder", None),
        )


def _empty_database() -> None:
    engine = make_engine(_URL)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()
    insights.clear_cache()


TestApiWorkflows = ApiWorkflows.TestCase
TestApiWorkflows.settings = settings(
    max_examples=10, stateful_step_count=6, deadline=None, suppress_health_check=list(HealthCheck)
)
