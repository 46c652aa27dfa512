"""Server mode in a real Chromium: sent to the login, back to the page asked for, only your
own network, log out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.db.engine import unit_of_work
from kith.schemas.people import PersonCreate
from kith.services import accounts, people
from kith.services.context import Ctx
from tests.browser.test_journeys import watch_console

pytestmark = pytest.mark.browser


def test_a_member_logs_in_sees_only_their_people_and_logs_out(
    page: Page, live_server: str, session_factory: sessionmaker[Session], clock: Clock
) -> None:
    with unit_of_work(session_factory) as session:
        for name, person in (("alice", "Ana Lima"), ("bob", "Ben Okafor")):
            owner = accounts.add_account(session, clock, name, f"{name}'s long password")
            people.add_person(Ctx(session, owner.id, clock), PersonCreate(name=person))
    problems = watch_console(page)
    page.goto(live_server + "/people")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("Name").fill("alice")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That name and password do not match an account."
    )
    page.get_by_label("Password").fill("alice's long password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")  # back where she was
    expect(page.locator("table.people")).to_contain_text("Ana Lima")
    expect(page.locator("table.people")).not_to_contain_text("Ben Okafor")
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".flash")).to_have_text("You are logged out.")
    page.goto(live_server + "/people")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    # the refused login is a form with an error (422), which Chromium reports; nothing else
    assert [p for p in problems if "status of 422" not in p] == []
