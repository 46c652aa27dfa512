"""The Import page's options (as `kith import --since --keep-content --max-recipients`):
checked with the upload, shown on the dry run, carried to the import itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kith.config import Settings
from tests.web.conftest import csrf_of, flash_text, get_page, soup

MESSAGES = Path(__file__).parents[1] / "data" / "linkedin" / "lni__Messages_nonstandard.csv"


def _upload(client: TestClient, **choices: str) -> Any:
    data = {"csrf_token": csrf_of(client, "/import"), "kind": "auto", **choices}
    files = {"file": (MESSAGES.name, MESSAGES.read_bytes(), "text/csv")}
    return client.post("/import", data=data, files=files)


def _created(page: Any) -> dict[str, str]:
    rows = page.select("section.report table.counts tbody tr")
    return {row.th.get_text(strip=True): row.find_all("td")[0].get_text(strip=True) for row in rows}


def test_since_and_keep_content_carry_from_the_dry_run_to_the_import(client: TestClient) -> None:
    everything = _created(soup(_upload(client)))
    assert everything["Interactions"] == "9"

    report = soup(_upload(client, since="2024-06-01", keep_content="1"))
    assert _created(report)["Interactions"] == "4"
    said = report.select_one("section.report p.hint").get_text(" ", strip=True)
    assert said == (
        "With your options: only what happened on or after 2024-06-01; the text of messages "
        "kept; mails to more than 20 people skipped as lists."
    )
    fields = {i["name"]: i["value"] for i in report.select("section.report form input")}
    assert (fields["since"], fields["keep_content"], fields["max_recipients"]) == (
        "2024-06-01",
        "1",
        "20",
    )
    done = client.post("/import/confirm", data=fields)
    assert flash_text(client, done).startswith(f"Imported {MESSAGES.name}: 4 interactions,")
    touches = client.get("/api/v1/interactions").json()["items"]
    assert len(touches) == 4
    assert min(t["occurred_at"] for t in touches) >= "2024-06-01"
    assert all(t["notes"] for t in touches)  # the text of the messages, kept


def test_without_options_nothing_is_said_and_no_text_is_kept(client: TestClient) -> None:
    report = soup(_upload(client))
    assert report.select_one("section.report p.hint") is None
    assert get_page(client, "/import").select_one("details.options").get("open") is None
    fields = {i["name"]: i["value"] for i in report.select("section.report form input")}
    assert "keep_content" not in fields
    client.post("/import/confirm", data=fields)
    touches = client.get("/api/v1/interactions").json()["items"]
    assert len(touches) == 9 and not any(t["notes"] for t in touches)


def test_bad_options_are_named_and_nothing_is_uploaded(
    client: TestClient, settings: Settings
) -> None:
    response = _upload(client, since="15/06/2024", max_recipients="0")
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("#since-error").get_text(strip=True) == (
        "“15/06/2024” is not a date: use YYYY-MM-DD, e.g. 2024-03-15."
    )
    assert page.select_one("#max_recipients-error").get_text(strip=True) == (
        "Use a whole number from 1 to 1000."
    )
    assert page.select_one("details.options").get("open") is not None
    assert page.select_one("#f-since")["value"] == "15/06/2024"  # kept to correct
    uploads = settings.data_dir / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())
