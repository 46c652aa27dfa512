"""POST /api/v1/imports: a file's bytes as the body, the same import as `kith import`."""

from __future__ import annotations

import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from kith.config import Settings
from tests.takeout import BROKEN_CALENDAR, takeout_zip

DATA = Path(__file__).parents[1] / "data"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"
VCARD = DATA / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf"
RAW = {"Content-Type": "application/octet-stream"}


def _post(  # type: ignore[no-untyped-def]
    client: TestClient, path: Path, route: str = "/api/v1/imports", **params: object
):
    return client.post(
        route,
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
    assert mixed.json()["error"]["message"].endswith(
        "contacts as vCard in 1 file (kind=vcard) and calendars in 1 file (kind=ical). Import "
        "one kind at a time: add the kind parameter shown, or post the file to "
        "/api/v1/imports/all to import every kind."
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


def _post_all(client: TestClient, path: Path, **params: object):  # type: ignore[no-untyped-def]
    return _post(client, path, "/api/v1/imports/all", **params)


def test_a_takeout_imports_every_kind_in_one_request(client: TestClient, tmp_path: Path) -> None:
    takeout = takeout_zip(tmp_path, VCARD)
    dry = _post_all(client, takeout, dry_run=True)
    assert dry.status_code == 200
    assert [(r["kind"], r["dry_run"], r["import_id"]) for r in dry.json()] == [
        ("vcard", True, None),
        ("mbox", True, None),
        ("ical", True, None),
    ]
    assert client.get("/api/v1/imports").json() == []
    assert client.get("/api/v1/people").json()["total"] == 0

    done = _post_all(client, takeout).json()
    assert [r["kind"] for r in done] == ["vcard", "mbox", "ical"]
    assert [r["created"] for r in done] == [r["created"] for r in dry.json()]
    assert done[0]["created"] == {"people": 1} and done[1]["created"]["interactions"] >= 1
    listed = client.get("/api/v1/imports").json()  # newest first: three imports, one each
    assert [i["id"] for i in listed] == [r["import_id"] for r in reversed(done)]
    again = _post_all(client, takeout).json()
    assert [(r["created"], r["updated"]) for r in again] == [({}, {})] * 3
    mail = client.post(f"/api/v1/imports/{done[1]['import_id']}/undo").json()
    assert mail["removed"]["interactions"] == done[1]["created"]["interactions"]
    assert client.get("/api/v1/people").json()["total"] >= 1  # the address book stays


def test_all_kinds_or_none_and_one_file_is_a_list_of_one(
    client: TestClient, tmp_path: Path
) -> None:
    broken = _post_all(client, takeout_zip(tmp_path, VCARD, BROKEN_CALENDAR))
    assert broken.status_code == 422
    error = broken.json()["error"]
    assert error["code"] == "import_format"
    assert "`takeout.zip: Takeout/Calendar/Work.ics`" in error["message"]
    assert client.get("/api/v1/imports").json() == []  # the address book and mail too
    assert client.get("/api/v1/people").json()["total"] == 0
    one = _post_all(client, VCARD, since="2024-06-01")
    assert one.status_code == 200
    assert [(r["kind"], r["created"]) for r in one.json()] == [("vcard", {"people": 1})]
