"""Undoing an import from the Import page, and through the API."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, flash_text, get_page, soup

DATA = Path(__file__).parents[1] / "data"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"


def _import(client: TestClient, path: Path) -> int:
    token = csrf_of(client, "/import")
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    report = client.post("/import", data={"csrf_token": token, "kind": "auto"}, files=files)
    fields = {i["name"]: i["value"] for i in soup(report).select("section.report form input")}
    assert client.post("/import/confirm", data=fields).status_code == 303
    return int(client.get("/api/v1/imports").json()[0]["id"])


def test_undo_from_the_import_page(client: TestClient) -> None:
    batch = _import(client, MESSAGES)
    history = get_page(client, "/import").find(id="history-h").find_parent("section")
    link = history.select_one("tbody tr a[href$='/undo']")
    assert link["href"] == f"/imports/{batch}/undo"
    assert link["aria-label"] == f"Undo the import of {MESSAGES.name}"

    page = get_page(client, link["href"])  # a preview: nothing removed yet
    assert page.find("h1").get_text(strip=True) == "Undo this import?"
    lead = page.select_one("p.lead").get_text(" ", strip=True)
    assert lead == "Undoing it removes 9 interactions and 4 people that this import created."
    assert len(client.get("/api/v1/interactions").json()["items"]) == 9

    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    done = client.post(f"/imports/{batch}/undo", data={"csrf_token": token})
    assert flash_text(client, done) == (
        f"Undid the import of {MESSAGES.name}: removed 9 interactions and 4 people."
    )
    assert client.get("/api/v1/interactions").json()["items"] == []
    row = get_page(client, "/import").select_one("#history-h ~ table tbody tr")
    assert row.select_one("td:last-child").get_text(" ", strip=True) == "undone 2026-11-25"
    assert row.select_one("a[href$='/undo']") is None
    assert "see the touches" not in row.get_text()

    again = client.post(f"/imports/{batch}/undo", data={"csrf_token": token})
    assert again.status_code == 409
    assert "was already undone on 2026-11-25" in again.text


def test_undo_needs_the_form_token_and_a_known_import(client: TestClient) -> None:
    batch = _import(client, MESSAGES)
    forged = client.post(f"/imports/{batch}/undo", data={})
    assert forged.status_code == 403
    assert len(client.get("/api/v1/interactions").json()["items"]) == 9
    assert client.get("/imports/999/undo").status_code == 404


def test_undo_through_the_api(client: TestClient) -> None:
    batch = _import(client, MESSAGES)
    listed = client.get("/api/v1/imports").json()[0]
    assert (listed["undoable"], listed["undone"]) == (True, None)
    preview = client.post(f"/api/v1/imports/{batch}/undo", params={"dry_run": True})
    assert preview.status_code == 200
    assert preview.json()["done"] is False
    assert len(client.get("/api/v1/interactions").json()["items"]) == 9

    done = client.post(f"/api/v1/imports/{batch}/undo").json()
    assert done["removed"] == {"interactions": 9, "people": 4, "organizations": 0}
    assert done["done"] is True
    listed = client.get("/api/v1/imports").json()[0]
    assert listed["undoable"] is False
    assert listed["undone"]["interactions"] == 9
    refused = client.post(f"/api/v1/imports/{batch}/undo")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "conflict"
    missing = client.post("/api/v1/imports/999/undo")
    assert missing.status_code == 404


def test_undoing_an_import_that_only_added_to_people_already_here(client: TestClient) -> None:
    _import(client, DATA / "vcard" / "ez-vcard__John_Doe_EVOLUTION.vcf")
    batch = _import(client, DATA / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf")  # merged
    page = get_page(client, f"/imports/{batch}/undo")
    assert page.select_one("p.lead").get_text(" ", strip=True) == (
        "This import created nothing that is still here: undoing it takes back what it "
        "changed in people already in kith."
    )
    notes = [p.get_text(" ", strip=True) for p in page.select("p.note")]
    assert notes == [
        "5 changes it made to people already in kith (an email, a tag, a position, a "
        "filled-in field) are taken back."
    ]
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    done = client.post(f"/imports/{batch}/undo", data={"csrf_token": token})
    assert flash_text(client, done) == (
        "Undid the import of ez-vcard__John_Doe_IPHONE.vcf: nothing it created was left. "
        + notes[0]
    )
