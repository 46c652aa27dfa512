"""Every page: one question in one h1, a label for every field, charts with titles, unique
ids, and nothing the CSP would block or that would leave this machine."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from kith.clock import fixed_clock
from kith.config import Settings, sqlite_url
from kith.web.app import create_app
from tests.conftest import TODAY
from tests.web.conftest import Seed, get_page

PAGES = [
    "/", "/people", "/people?due=1", "/people/{pid}", "/people/{pid}/edit", "/people/new",
    "/log", "/groups", "/groups/1", "/job-search", "/job-search?target=Acme", "/network",
    "/import", "/export", "/settings", "/people/duplicates", "/interactions/1/edit",
    "/interactions", "/interactions?q=coffee&channel=call&page=2", "/login",
]  # fmt: skip


@pytest.fixture(scope="module")
def pages(
    _sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, BeautifulSoup]:
    """Every page of a demo network, rendered once for the module (SQLite is enough here)."""
    folder = tmp_path_factory.mktemp("a11y")
    shutil.copy(_sqlite_template, folder / "kith.db")
    settings = Settings(database_url=sqlite_url(folder / "kith.db"), data_dir=folder)
    app = create_app(settings, fixed_clock(TODAY))
    Seed(app.state.session_factory, app.state.clock).demo()
    with TestClient(app) as client:
        pid = client.get("/api/v1/people?limit=1").json()["items"][0]["person_id"]
        rendered = {path: get_page(client, path.format(pid=pid)) for path in PAGES}
    app.state.engine.dispose()
    return rendered


def test_each_page_has_one_h1_and_a_language(pages: dict[str, BeautifulSoup]) -> None:
    for path, page in pages.items():
        assert len(page.find_all("h1")) == 1, path
        assert page.html["lang"] == "en", path
        assert page.find("meta", attrs={"name": "viewport"}), path


def test_every_field_has_a_label(pages: dict[str, BeautifulSoup]) -> None:
    for path, page in pages.items():
        controls = page.select("input:not([type=hidden]), select, textarea")
        for control in controls:
            labelled = page.find("label", attrs={"for": control.get("id")}) or control.find_parent(
                "label"
            )
            assert labelled, f"{path}: {control.get('name')} has no label"


def test_errors_and_hints_are_tied_to_their_fields(pages: dict[str, BeautifulSoup]) -> None:
    for path, page in pages.items():
        for control in page.select("[aria-describedby]"):
            for ident in control["aria-describedby"].split():
                assert page.find(id=ident), f"{path}: {ident}"


def test_every_chart_has_a_title_and_a_role(pages: dict[str, BeautifulSoup]) -> None:
    seen = 0
    for path, page in pages.items():
        for svg in page.find_all("svg"):
            seen += 1
            assert svg["role"] == "img", path
            title = svg.find("title")
            assert title is not None and title.get_text(strip=True), path
            assert svg["aria-labelledby"] == title["id"], path
    assert seen > 50


def test_ids_are_unique_on_each_page(pages: dict[str, BeautifulSoup]) -> None:
    for path, page in pages.items():
        counts = Counter(tag["id"] for tag in page.find_all(id=True))
        assert [i for i, n in counts.items() if n > 1] == [], path


def test_nothing_inline_that_the_csp_would_block(pages: dict[str, BeautifulSoup]) -> None:
    for path, page in pages.items():
        assert page.find(style=True) is None, path
        assert page.find("style") is None, path
        for script in page.find_all("script"):
            assert script.get("src") == "/static/kith.js" and not script.string, path
        on_handlers = [a for tag in page.find_all(True) for a in tag.attrs if a.startswith("on")]
        assert on_handlers == [], path


def test_no_outside_requests(pages: dict[str, BeautifulSoup]) -> None:
    for path, page in pages.items():
        for tag in page.find_all(["link", "script", "img", "iframe", "source"]):
            ref = tag.get("href") or tag.get("src") or ""
            assert ref.startswith(("/", "data:")), f"{path}: {ref}"
        for form in page.find_all("form"):
            assert form["action"].startswith("/"), path


def test_charts_have_text_equivalents(pages: dict[str, BeautifulSoup]) -> None:
    dashboard = pages["/"]
    assert dashboard.select("section.health details .counted li")
    assert dashboard.select("section.activity details table tbody tr")
    person = next(p for path, p in pages.items() if path == "/people/{pid}")
    assert person.select("section.ties details table tbody tr")
    assert pages["/network"].select("section .why")


def test_band_badges_say_the_band_in_words(pages: dict[str, BeautifulSoup]) -> None:
    badges = pages["/people"].select(".badge[class*=band-]")
    assert badges
    assert {b.get_text(strip=True) for b in badges} <= {
        "strong", "medium", "weak", "nominal", "dormant"
    }  # fmt: skip
