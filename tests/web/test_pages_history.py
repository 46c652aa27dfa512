"""/interactions: every touch, newest first, searched and filtered, each one to correct."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from tests.web.conftest import Seed, get_page, soup
from tests.web.test_pages_more import upload


def _touches(client: TestClient, path: str) -> list[str]:
    page = get_page(client, path)
    return [li.select_one(".what").get_text() for li in page.select(".timeline-list li.touch")]


def test_every_touch_newest_first_each_with_its_correction(client: TestClient, seed: Seed) -> None:
    ada, bo = seed.person("Ada Lovelace"), seed.person("Bo Chan")
    seed.touch(ada, summary="Coffee", on="2026-11-02")
    late = seed.touch(bo, summary="Call about the role", on="2026-11-20", channel="call")
    page = get_page(client, "/interactions")
    assert _touches(client, "/interactions") == ["Call about the role", "Coffee"]
    assert page.select_one(".count").get_text(strip=True) == "Showing 1–2 of 2 touches."
    first = page.select_one(".timeline-list li.touch")
    assert first.select_one("a[href^='/people/']").get_text() == "Bo Chan"
    edit = first.select_one("a.edit-touch")["href"]
    assert edit == f"/interactions/{late}/edit?next=/interactions%3Fpage%3D1"
    form = get_page(client, edit).find("input", attrs={"name": "next"})
    assert form["value"] == "/interactions?page=1"  # back here after the correction


def test_search_and_filters_keep_to_what_was_asked(client: TestClient, seed: Seed) -> None:
    ada, bo = seed.person("Ada Lovelace"), seed.person("Bo Chan")
    seed.touch(ada, summary="Coffee", on="2026-11-02", channel="in_person")
    seed.touch(bo, summary="Coffee and a CV", on="2026-11-10", channel="in_person", intent="give")
    seed.touch(bo, summary="Call", on="2026-11-20", channel="call")
    assert _touches(client, "/interactions?q=coffee") == ["Coffee and a CV", "Coffee"]
    assert _touches(client, "/interactions?person=Bo&channel=in_person") == ["Coffee and a CV"]
    assert _touches(client, "/interactions?intent=give") == ["Coffee and a CV"]
    assert _touches(client, "/interactions?since=2026-11-10&until=2026-11-10") == [
        "Coffee and a CV"
    ]
    with_bo = get_page(client, "/interactions?person=Bo")
    assert (
        with_bo.select_one(".count").get_text(strip=True)
        == "Showing 1–2 of 2 touches with Bo Chan."
    )
    assert with_bo.find("input", attrs={"name": "person"})["value"] == "Bo"
    nothing = get_page(client, "/interactions?q=tea")
    assert "No touches match" in nothing.select_one(".empty").get_text()


def test_an_unreadable_date_or_unknown_person_is_said_beside_the_field(
    client: TestClient, seed: Seed
) -> None:
    seed.touch(seed.person("Ada Lovelace"), summary="Coffee", on="2026-11-02")
    response = client.get("/interactions?since=soon&person=Zed")
    assert response.status_code == 422
    page = soup(response)
    assert "Invalid date 'soon' for the From date" in page.find(id="since-error").get_text()
    assert "No person matches 'Zed'" in page.find(id="person-error").get_text()
    assert page.find("input", attrs={"name": "since"})["aria-invalid"] == "true"


def test_pages_of_fifty(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada Lovelace")
    for day in range(1, 56):
        seed.touch(ada, summary=f"Note {day}", on=f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}")
    first = get_page(client, "/interactions?q=note")
    assert first.select_one(".count").get_text(strip=True) == "Showing 1–50 of 55 touches."
    older = first.select_one(".pager a[rel=next]")["href"]
    assert parse_qs(urlsplit(older).query) == {"q": ["note"], "page": ["2"]}
    assert len(_touches(client, older)) == 5


def test_the_log_page_and_the_dashboard_link_here(client: TestClient, seed: Seed) -> None:
    seed.touch(seed.person("Ada Lovelace"), summary="Coffee", on="2026-11-24")
    for path in ("/log", "/"):
        links = [a["href"] for a in get_page(client, path).find_all("a")]
        assert "/interactions" in links, path


MESSAGES = Path(__file__).parents[1] / "data" / "linkedin" / "lni__Messages_nonstandard.csv"


def test_touches_narrowed_to_where_they_came_from(client: TestClient, seed: Seed) -> None:
    seed.touch(seed.person("Ada Lovelace"), summary="Coffee", on="2026-11-02")
    report = soup(upload(client, MESSAGES.name, MESSAGES.read_bytes()))
    fields = {i["name"]: i["value"] for i in report.select("section.report form input")}
    client.post("/import/confirm", data=fields)
    imports = get_page(client, "/import").find(id="history-h").find_parent("section")
    link = imports.find("a", string="see the touches")
    assert link["href"] == "/interactions?source=linkedin"
    page = get_page(client, link["href"])
    assert page.select_one(".count").get_text(strip=True) == "Showing 1–9 of 9 touches."
    rows = page.select(".timeline-list li.touch")
    assert all("imported from LinkedIn" in li.get_text() for li in rows)
    assert _touches(client, "/interactions?source=manual") == ["Coffee"]
    chosen = get_page(client, "/interactions?source=manual").find(
        "select", attrs={"name": "source"}
    )
    assert chosen.find("option", selected=True)["value"] == "manual"
    assert len(_touches(client, "/interactions?source=nowhere")) == 10  # unknown: not narrowed
    api = client.get("/api/v1/interactions", params={"source": "manual"}).json()
    assert [i["summary"] for i in api["items"]] == ["Coffee"]
    assert client.get("/api/v1/interactions", params={"source": "nowhere"}).status_code == 422
    listed = client.get("/api/v1/imports").json()
    assert [(i["kind"], i["source"]) for i in listed] == [("linkedin", "linkedin")]


def test_only_imports_whose_touches_carry_their_source_link_to_them(
    client: TestClient, seed: Seed
) -> None:
    from kith.models import ImportBatch

    def batch(ctx: Any, kind: str, created: dict[str, int]) -> None:
        ctx.session.add(
            ImportBatch(
                owner_id=ctx.owner_id, file_name=f"{kind}.file", kind=kind, file_hash="0" * 64,
                counts={"created": created}, status="done", started_at=ctx.now(),
            )
        )  # fmt: skip

    seed(lambda ctx: batch(ctx, "kith_backup", {"interactions": 3, "people": 2}))
    seed(lambda ctx: batch(ctx, "eml", {"interactions": 1}))
    seed(lambda ctx: batch(ctx, "vcard", {"people": 4}))
    rows = get_page(client, "/import").find(id="history-h").find_parent("section")
    links = {
        row.th.get_text(" ", strip=True): [a["href"] for a in row.find_all("a")]
        for row in rows.select("tbody tr")
    }
    assert links == {
        "kith_backup.file (kith backup)": [],  # restored touches keep the sources they had
        "eml.file (eml)": ["/interactions?source=mbox"],
        "vcard.file (vcard)": [],
    }
