"""The calendar feed on the web: the Settings section that turns it on, rotates and turns it
off (forms with CSRF), and ``/feed/<token>.ics`` for calendar apps (no session, no CSRF)."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup, Tag
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar

from kith.schemas.interactions import InteractionCreate
from kith.services import calendar_feed, interactions
from kith.web.security import SECURITY_HEADERS
from tests.conftest import TODAY
from tests.web.conftest import Seed, csrf_of, flash_text, get_page, soup

ACTIONS = ("/settings/feed", "/settings/feed/rotate", "/settings/feed/off")


def _section(page: BeautifulSoup) -> Tag:
    section = page.select_one("section#calendar-feed")
    assert section is not None
    return section


def _feed_url(client: TestClient) -> str | None:
    field = _section(get_page(client, "/settings")).find("input", attrs={"name": "feed_url"})
    return None if field is None else str(field["value"])


def _post(client: TestClient, action: str) -> str:
    """Press a feed button on the Settings page; returns the flash message it leaves."""
    response = client.post(action, data={"csrf_token": csrf_of(client, "/settings")})
    assert response.headers["location"] == "/settings#calendar-feed"
    return flash_text(client, response)


def _create(client: TestClient) -> str:
    _post(client, "/settings/feed")
    url = _feed_url(client)
    assert url is not None
    return url


def _overdue(seed: Seed, name: str, owner: str = "default") -> None:
    """An inner-circle friend last seen in January 2025: long due by the test clock."""
    pid = seed.person(name, owner=owner, circle="C5")
    lunch = InteractionCreate(summary="Lunch", with_people=[str(pid)], on=date(2025, 1, 10))
    seed(lambda ctx: interactions.log_interaction(ctx, lunch), owner)


def _summaries(text: str) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(text).walk("VEVENT"))


# ---- the Settings section ------------------------------------------------------------------


def test_settings_offers_to_create_a_feed_when_there_is_none(client: TestClient) -> None:
    section = _section(get_page(client, "/settings"))
    assert section.find("h2").get_text(strip=True) == "Calendar feed"
    forms = section.find_all("form", method="post")
    assert [f["action"] for f in forms] == ["/settings/feed"]
    assert forms[0].find("input", attrs={"name": "csrf_token"})["value"]
    assert forms[0].find("button").get_text(strip=True) == "Create a calendar feed"
    assert section.find("input", attrs={"name": "feed_url"}) is None


def test_creating_a_feed_shows_its_full_url_read_only_with_how_to_and_privacy(
    client: TestClient,
) -> None:
    flash = _post(client, "/settings/feed")
    assert flash == "Your calendar feed is on: add its address to your calendar app."
    section = _section(get_page(client, "/settings"))
    field = section.find("input", attrs={"name": "feed_url"})
    assert field.has_attr("readonly") and field["type"] == "url"
    assert section.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert str(field["value"]).startswith("http://testserver/feed/")
    assert str(field["value"]).endswith(".ics")
    described = [section.find(id=i) for i in str(field["aria-describedby"]).split()]
    texts = " ".join(d.get_text(" ", strip=True) for d in described if d is not None)
    assert "Subscribe to calendar" in texts and "anyone with this address" in texts.lower()
    forms = section.find_all("form", method="post")
    assert [f["action"] for f in forms] == ["/settings/feed/rotate", "/settings/feed/off"]
    assert [f.find("button").get_text(strip=True) for f in forms] == ["Rotate the link", "Turn off"]
    assert all(f.find("input", attrs={"name": "csrf_token"})["value"] for f in forms)


def test_creating_twice_keeps_the_address(client: TestClient) -> None:
    url = _create(client)
    flash = _post(client, "/settings/feed")
    assert flash == "Your calendar feed was already on; its address is unchanged."
    assert _feed_url(client) == url


def test_rotating_the_link_invalidates_the_old_url(client: TestClient) -> None:
    old = _create(client)
    flash = _post(client, "/settings/feed/rotate")
    assert flash.startswith("New link made: the old one no longer works.")
    new = _feed_url(client)
    assert new is not None and new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_turning_off_invalidates_the_url_and_offers_create_again(client: TestClient) -> None:
    url = _create(client)
    assert (
        _post(client, "/settings/feed/off") == "Calendar feed turned off: its link no longer works."
    )
    assert client.get(url).status_code == 404
    assert _feed_url(client) is None
    assert _post(client, "/settings/feed/off") == "The calendar feed was already off."


def test_rotating_when_the_feed_is_off_explains_instead_of_failing(client: TestClient) -> None:
    flash = _post(client, "/settings/feed/rotate")
    assert flash == "The calendar feed is off: there is no link to rotate."
    assert _feed_url(client) is None


def test_feed_buttons_need_a_csrf_token(client: TestClient) -> None:
    client.get("/settings")  # the browser has its cookie, but the form lacks the token
    for action in ACTIONS:
        assert client.post(action).status_code == 403
        assert client.post(action, data={"csrf_token": "forged.token.x"}).status_code == 403
    assert _feed_url(client) is None
    url = _create(client)
    for action in ACTIONS[1:]:
        assert client.post(action, data={"csrf_token": "forged.token.x"}).status_code == 403
    assert _feed_url(client) == url


# ---- the feed itself -----------------------------------------------------------------------


def test_feed_is_a_calendar_of_the_people_due_without_cookie_or_csrf(
    app: FastAPI, client: TestClient, seed: Seed
) -> None:
    _overdue(seed, "Dana Weiss")
    url = _create(client)
    with TestClient(app, follow_redirects=False) as calendar_app:  # no cookies at all
        response = calendar_app.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    cal = Calendar.from_ical(response.text)
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Get in touch with Dana Weiss"
    assert event.decoded("DTSTART") == TODAY  # the app's injected clock


def test_a_wrong_token_is_the_same_404_as_any_unknown_address(client: TestClient) -> None:
    url = _create(client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    wrong = client.get(f"/feed/{token[:-1]}{'B' if token[-1] != 'B' else 'C'}.ics")
    nowhere = client.get("/nowhere")
    assert wrong.status_code == nowhere.status_code == 404
    assert wrong.headers["cache-control"] == "no-store"
    assert soup(wrong).select_one("main").get_text(" ", strip=True) == soup(nowhere).select_one(
        "main"
    ).get_text(" ", strip=True)
    assert client.get("/feed/.ics").status_code == 404


def test_feed_answers_only_allowed_host_headers(client: TestClient) -> None:
    url = _create(client)
    path = url.removeprefix("http://testserver")
    assert client.get(path, headers={"host": "localhost:8765"}).status_code == 200
    refused = client.get(path, headers={"host": "evil.example"})
    assert refused.status_code == 400
    assert "BEGIN:VCALENDAR" not in refused.text


def test_feed_refuses_posts(client: TestClient) -> None:
    url = _create(client)
    assert client.post(url).status_code == 405


def test_another_owners_token_shows_only_that_owners_people(client: TestClient, seed: Seed) -> None:
    _overdue(seed, "Dana Weiss")
    _overdue(seed, "Ana Lima", owner="alice")
    alice = seed(lambda ctx: calendar_feed.create_feed(ctx)[0].path, "alice")
    mine = _create(client)
    assert alice is not None and not mine.endswith(alice)
    assert _summaries(client.get(alice).text) == ["Get in touch with Ana Lima"]
    assert _summaries(client.get(mine).text) == ["Get in touch with Dana Weiss"]
