"""Web fixtures: the app on the per-test database with a fixed clock, a client, and helpers
that parse pages with BeautifulSoup and seed data through the services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.config import Settings, sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import demo, insights, interactions, people
from kith.services.accounts import LoginThrottle
from kith.services.context import Ctx
from kith.services.owners import ensure_owner
from kith.web.app import create_app

T = TypeVar("T")


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def _shared_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """One app for the session: FastAPI prepares its routes on an app's first request
    (about 0.3 s), so each test re-points this app's state at its own database instead."""
    folder = tmp_path_factory.mktemp("web")
    return create_app(Settings(database_url=sqlite_url(folder / "unused.db"), data_dir=folder))


@pytest.fixture
def app(_shared_app: FastAPI, settings: Settings, clock: Clock) -> Iterator[FastAPI]:
    """The app on this test's database, data folder and fixed clock."""
    insights.clear_cache()  # PostgreSQL reuses one URL and owner id across tests
    engine = make_engine(settings.resolved_database_url)
    state = _shared_app.state
    state.settings, state.engine, state.clock = settings, engine, clock
    state.session_factory = make_session_factory(engine)
    state.login_throttle = LoginThrottle()  # failed logins of earlier tests are forgotten
    state.login_required = (float("-inf"), False)  # looked up afresh on this database
    yield _shared_app
    engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


class Seed:
    """Runs service calls in their own committed unit of work, as the default owner."""

    def __init__(self, factory: sessionmaker[Session], clock: Clock) -> None:
        self.factory = factory
        self.clock = clock

    def __call__(self, work: Callable[[Ctx], T], owner: str = "default") -> T:
        with unit_of_work(self.factory) as session:
            account = ensure_owner(session, self.clock, owner)
            return work(Ctx(session=session, owner_id=account.id, clock=self.clock))

    def person(self, name: str, owner: str = "default", **fields: Any) -> int:
        return self(lambda ctx: people.add_person(ctx, PersonCreate(name=name, **fields)).id, owner)

    def touch(self, person_id: int, summary: str = "Coffee", **fields: Any) -> int:
        data = InteractionCreate(summary=summary, with_people=[str(person_id)], **fields)
        return self(lambda ctx: interactions.log_interaction(ctx, data).id)

    def demo(self, people: int = 60) -> None:
        self(lambda ctx: demo.load_demo(ctx, people=people))


@pytest.fixture
def seed(app: FastAPI, clock: Clock) -> Seed:
    return Seed(app.state.session_factory, clock)


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def get_page(client: TestClient, path: str, status: int = 200) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == status, response.text[:2000]
    return soup(response)


def csrf_of(client: TestClient, path: str = "/log") -> str:
    field = get_page(client, path).find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"no CSRF field on {path}"
    return str(field["value"])


def flash_text(client: TestClient, response: Any) -> str:
    """Follow a redirect and return the flash message shown on the next page."""
    assert response.status_code == 303, response.text[:2000]
    page = get_page(client, response.headers["location"])
    flash = page.select_one(".flash")
    return flash.get_text(" ", strip=True) if flash else ""


ALICE = ("alice", "alice's long password")
BOB = ("bob", "bob's long password too")


@pytest.fixture
def alice(seed: Seed, client: TestClient) -> TestClient:
    """Server mode: Alice and Bob have accounts with a person each (Ana Lima, Ben Okafor);
    Alice is logged in through the API."""
    from kith.services import accounts

    for name, password in (ALICE, BOB):
        seed(lambda ctx, n=name, p=password: accounts.add_account(ctx.session, ctx.clock, n, p))
    seed.person("Ana Lima", owner="alice")
    seed.person("Ben Okafor", owner="bob")
    login = client.post("/api/v1/session", json={"username": ALICE[0], "password": ALICE[1]})
    assert login.status_code == 200
    return client
