"""POST /api/v1/imports: a file's bytes as the body, the same import as `kith import`."""

from __future__ import annotations

import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from kith.config import Settings

DATA = Path(__file__).parents[1] / "data"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"
VCARD = DATA / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf"
RAW = {"Content-Type": "application/octet-stream"}


def _post(client: TestClient, path: Path, **params: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/imports",
        params={"filename": path.name, **params},
        content=path.read_bytes(),
        headers=RAW,
    )


def test_a_dry_run_then_the_import_then_nothing_new(client: TestClient, settings: Settings) -> None:
    dry = _post(client, MESSAGES, dry_run=True)
    assert dry.status_code == 200
    assert (dry.json()["import_id"], dry.json()["created"]) == (
        None,
        {"interactions": 9, "people": 4},
    )
    assert client.get("/api/v1/interactions").json()["items"] == []
    assert client.get("/api/v1/imports").json() == []

    done = _post(client, MESSAGES).json()
    assert done["created"] == {"interactions": 9, "people": 4}
    assert done["dry_run"] is False
    listed = client.get("/api/v1/imports").json()
    assert [(i["id"], i["file"]) for i in listed] == [(done["import_id"], MESSAGES.name)]
    again = _post(client, MESSAGES).json()
    assert (again["created"], again["updated"]) == ({}, {})
    assert not any((settings.data_dir / "uploads").iterdir())  # nothing left behind


def test_the_options_of_kith_import(client: TestClient) -> None:
    done = _post(client, MESSAGES, since="2024-06-01", keep_content=True).json()
    assert done["created"]["interactions"] == 4
    touches = client.get("/api/v1/interactions").json()["items"]
    assert len(touches) == 4 and all(t["notes"] for t in touches)


def test_an_unreadable_file_is_named_and_nothing_is_saved(client: TestClient) -> None:
    broken = client.post(
        "/api/v1/imports",
        params={"filename": "notes.txt"},
        content=b"hello there,\nthis is not an export\n",
        headers=RAW,
    )
    assert broken.status_code == 422
    error = broken.json()["error"]
    assert error["code"] == "import_format" and "notes.txt" in error["message"]
    assert client.get("/api/v1/imports").json() == []
    assert client.get("/api/v1/people").json()["total"] == 0


def test_only_a_file_body_or_json_is_taken_and_only_here(client: TestClient) -> None:
    form = client.post(
        "/api/v1/imports",
        params={"filename": VCARD.name},
        files={"file": (VCARD.name, VCARD.read_bytes(), "text/vcard")},
    )
    assert form.status_code == 415  # a multipart form, as a hostile page could send
    elsewhere = client.post("/api/v1/people", content=b"{}", headers=RAW)
    assert elsewhere.status_code == 415
    foreign = client.post(
        "/api/v1/imports",
        params={"filename": VCARD.name},
        content=VCARD.read_bytes(),
        headers={**RAW, "Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    assert client.get("/api/v1/people").json()["total"] == 0


def test_a_takeout_zip_imports_one_kind_at_a_time(client: TestClient, tmp_path: Path) -> None:
    takeout = tmp_path / "takeout.zip"
    with zipfile.ZipFile(takeout, "w") as archive:
        archive.write(VCARD, "Takeout/Contacts/My Contacts/My Contacts.vcf")
        archive.write(MESSAGES.parent.parent / "ical" / "icalendar__tutorial_attendees.ics",
                      "Takeout/Calendar/me@gmail.com.ics")  # fmt: skip
    mixed = _post(client, takeout)
    assert mixed.status_code == 422
    assert (
        "contacts as vCard in 1 file (kind=vcard) and calendars in 1 file (kind=ical)"
        in (mixed.json()["error"]["message"])
    )
    mail = _post(client, takeout, kind="mbox")
    assert mail.status_code == 422
    assert mail.json()["error"]["message"] == (
        "Could not read `takeout.zip`: the zip holds no mail; it holds contacts as vCard in 1 "
        "file (kind=vcard) and calendars in 1 file (kind=ical). Choose one of those kinds with "
        "the kind parameter."
    )
    done = _post(client, takeout, kind="vcard").json()
    assert (done["kind"], done["created"]) == ("vcard", {"people": 1})
    assert _post(client, takeout, kind="vcard").json()["unchanged"] == {"people": 1}
    undone = client.post(f"/api/v1/imports/{done['import_id']}/undo").json()
    assert undone["removed"]["people"] == 1
