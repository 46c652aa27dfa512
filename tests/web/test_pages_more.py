"""Groups, job search, network map, import, export and settings pages."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kith.clock import Clock
from kith.config import Settings
from tests.web.conftest import Seed, csrf_of, flash_text, get_page, soup

VCARD = Path(__file__).parents[1] / "data" / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf"
MBOX = Path(__file__).parents[1] / "data" / "mbox" / "thunderbird__mbox_modern.mbox"


# ---- groups -----------------------------------------------------------------------------


def test_add_a_group_and_open_it(client: TestClient) -> None:
    response = client.post(
        "/groups",
        data={"csrf_token": csrf_of(client, "/groups"), "name": "PyLadies", "platform": "Meetup",
              "interests": "python, data", "role": "member"},
    )  # fmt: skip
    assert flash_text(client, response) == "Added PyLadies."
    page = get_page(client, response.headers["location"])
    assert page.find("h1").get_text(strip=True) == "PyLadies"
    assert [t.get_text() for t in page.select(".page-head .tag")] == ["data", "python"]
    listing = get_page(client, "/groups")
    assert [a.get_text() for a in listing.select("table tbody a")] == ["PyLadies"]


def test_group_form_errors_stay_beside_the_field(client: TestClient) -> None:
    token = csrf_of(client, "/groups")
    response = client.post("/groups", data={"csrf_token": token, "name": "", "joined_on": "soon"})
    assert response.status_code == 422
    page = soup(response)
    assert page.find(id="name-error").get_text(strip=True) == "A group needs a name."
    assert page.find(id="joined_on-error")


def test_group_suggestions_come_with_reasons(client: TestClient, seed: Seed) -> None:
    seed.demo()
    page = get_page(client, "/groups")
    assert page.find("h1").get_text(strip=True).startswith("Where should I show up")
    for li in page.select(".suggestions li"):
        assert li.select_one(".why").get_text(strip=True)


# ---- job search -------------------------------------------------------------------------


def test_job_search_page_answers_who_can_help(client: TestClient, seed: Seed) -> None:
    seed.demo()
    page = get_page(client, "/job-search?target=Acme&ask=referral")
    assert page.find("h1").get_text(strip=True) == "Who can help me into Acme?"
    leads = page.select(".lead-list li")
    assert leads
    for li in leads:
        assert li.select_one(".why").get_text(strip=True)
        assert li.select_one("a.button")["href"].startswith("/log?person=")
    assert page.find("select", attrs={"name": "ask"}).find("option", selected=True)["value"] == (
        "referral"
    )
    assert page.select_one("section.health svg.gauge")
    assert page.select_one("section.dormant .dormant-list li .why")
    assert len(page.select("section.health .checks li")) == 4


def test_start_and_land_a_job_search(client: TestClient) -> None:
    token = csrf_of(client, "/job-search")
    response = client.post(
        "/job-search/start", data={"csrf_token": token, "orgs": "Acme, Globex", "roles": "analyst"}
    )
    assert flash_text(client, response).startswith("Job search started for Acme, Globex.")
    page = get_page(client, "/job-search")
    assert "for Acme, Globex as analyst" in page.select_one("section.goal p").get_text(" ")
    response = client.post("/job-search/landed", data={"csrf_token": token, "org": "Acme"})
    assert flash_text(client, response).startswith("Congratulations!")
    assert client.get("/api/v1/goals").json()[0]["landed_org"] == "Acme"


# ---- network map ------------------------------------------------------------------------


def test_network_map_labels_only_the_important_people(client: TestClient, seed: Seed) -> None:
    seed.demo(people=120)
    page = get_page(client, "/network")
    svg = page.select_one("svg.netmap")
    assert svg.find("title").get_text().startswith("Network map:")
    circles = svg.select("circle.node")
    assert len(circles) > 50
    assert all(c.find("title").get_text(strip=True) for c in circles)
    labels = svg.select("text.node-label")
    assert 0 < len(labels) < len(circles) / 2
    assert svg.select_one("circle.node.me")
    assert page.select("section h2")[0].get_text() == "Bridges"


def test_network_map_of_an_empty_network_teaches(client: TestClient) -> None:
    page = get_page(client, "/network")
    assert page.select_one("p.empty") or page.select_one("svg.netmap")


# ---- import and export ------------------------------------------------------------------


def test_import_page_explains_the_dry_run(client: TestClient) -> None:
    page = get_page(client, "/import")
    form = page.find("form", enctype="multipart/form-data")
    assert form and form.find("input", type="file")
    assert page.find("label", attrs={"for": "f-file"}).get_text() == "File"
    kinds = [o["value"] for o in page.select("select[name=kind] option")]
    assert kinds[0] == "auto" and "vcard" in kinds and "linkedin" in kinds


def test_import_without_a_file_says_so(client: TestClient) -> None:
    response = client.post("/import", data={"csrf_token": csrf_of(client, "/import")})
    assert response.status_code == 422
    assert soup(response).find(id="file-error").get_text(strip=True) == "Choose a file to import."


def test_import_a_vcard_dry_run_then_confirm(client: TestClient) -> None:
    token = csrf_of(client, "/import")
    with VCARD.open("rb") as handle:
        response = client.post(
            "/import",
            data={"csrf_token": token, "kind": "auto"},
            files={"file": (VCARD.name, handle, "text/vcard")},
        )
    assert response.status_code == 200, response.text[:3000]
    page = soup(response)
    assert page.select_one("section.report h2").get_text(strip=True) == f"Dry run: {VCARD.name}"
    assert client.get("/api/v1/people").json()["total"] == 0  # nothing saved yet
    confirm = page.select_one("section.report form")
    fields = {i["name"]: i["value"] for i in confirm.find_all("input")}
    response = client.post("/import/confirm", data=fields)
    assert flash_text(client, response) == (
        f"Imported {VCARD.name}: 1 person created, 0 updated, 0 skipped."
    )
    assert client.get("/api/v1/people").json()["total"] == 1


def test_the_import_page_lists_the_imports_made(client: TestClient) -> None:
    assert get_page(client, "/import").find(id="history-h") is None  # none yet
    for _ in range(2):  # the second time, nothing new
        report = soup(upload(client, VCARD.name, VCARD.read_bytes()))
        fields = {i["name"]: i["value"] for i in report.select("section.report form input")}
        client.post("/import/confirm", data=fields)
    history = get_page(client, "/import").find(id="history-h").find_parent("section")
    rows = [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        for row in history.select("tbody tr")
    ]
    assert rows == [  # nothing to undo the second time
        ["2026-11-25", f"{VCARD.name} (vcard)", "0", "0", "0", ""],
        ["2026-11-25", f"{VCARD.name} (vcard)", "1 person", "0", "0", "Undo…"],
    ]
    listed = client.get("/api/v1/imports", params={"limit": 1}).json()
    assert [(i["file"], i["created"], i["skipped"]) for i in listed] == [(VCARD.name, {}, 0)]


def upload(client: TestClient, name: str, content: bytes, kind: str = "auto"):  # type: ignore[no-untyped-def]
    token = csrf_of(client, "/import")
    files = {"file": (name, content, "application/octet-stream")}
    return client.post("/import", data={"csrf_token": token, "kind": kind}, files=files)


def test_dry_run_report_counts_records_and_keeps_nothing(
    client: TestClient, settings: Settings
) -> None:
    response = upload(client, VCARD.name, VCARD.read_bytes())
    rows = soup(response).select("section.report table.counts tbody tr")
    cells = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])] for row in rows]
    assert ["People", "1", "0", "0", "0"] in cells
    uploads = Path(settings.data_dir) / "uploads"
    assert len(_folders(uploads)) == 1  # kept until confirmed
    fields = {i["name"]: i["value"] for i in soup(response).select("section.report form input")}
    client.post("/import/confirm", data=fields)
    assert list(uploads.iterdir()) == []


def test_importing_the_same_file_again_changes_nothing(client: TestClient) -> None:
    first = upload(client, VCARD.name, VCARD.read_bytes())
    fields = {i["name"]: i["value"] for i in soup(first).select("section.report form input")}
    client.post("/import/confirm", data=fields)
    again = soup(upload(client, VCARD.name, VCARD.read_bytes()))
    created = [row.find_all("td")[0].get_text() for row in again.select("table.counts tbody tr")]
    assert set(created) <= {"0"}


def test_an_unreadable_file_is_explained_beside_the_field(client: TestClient) -> None:
    response = upload(client, "notes.vcf", b"\x00\x01 this is not a vcard", kind="vcard")
    assert response.status_code == 422
    assert soup(response).find(id="file-error").get_text(strip=True)


def test_confirming_an_unknown_upload_is_refused(client: TestClient) -> None:
    token = csrf_of(client, "/import")
    response = client.post("/import/confirm", data={"csrf_token": token, "upload_id": "../x"})
    assert response.status_code == 422


def test_export_page_offers_every_format(client: TestClient) -> None:
    links = [a["href"] for a in get_page(client, "/export").select(".downloads a")]
    assert links == [
        "/export/vcard",
        "/export/vcard3",
        "/export/csv",
        "/export/json",
        "/export/ics",
    ]


@pytest.mark.parametrize(
    ("fmt", "media", "needle"),
    [
        ("vcard", "text/vcard", "BEGIN:VCARD"),
        ("vcard3", "text/vcard", "VERSION:3.0"),
        ("csv", "text/csv", "Ada Lovelace"),
        ("json", "application/json", '"kith_backup"'),
        ("ics", "text/calendar", "BEGIN:VCALENDAR"),
    ],
)
@pytest.mark.parametrize("route", ["/export", "/api/v1/exports"])  # the page's, the API's
def test_exports_download_as_files(
    client: TestClient, seed: Seed, fmt: str, media: str, needle: str, route: str
) -> None:
    seed.person("Ada Lovelace", emails=["ada@example.org"])
    response = client.get(f"{route}/{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert needle in response.text


def test_unknown_export_format_is_a_404(client: TestClient) -> None:
    get_page(client, "/export/pdf", status=404)


# ---- settings ---------------------------------------------------------------------------


def test_settings_are_saved_in_the_owner_row(client: TestClient) -> None:
    page = get_page(client, "/settings")
    fields = {i["name"]: i.get("value", "") for i in page.select("form input")}
    assert fields["weekly_budget"] == "10" and fields["cadence_C5"] == "7"
    fields.update(weekly_budget="4", my_emails="me@example.org", cadence_C15="21")
    response = client.post("/settings", data=fields)
    assert flash_text(client, response).startswith("Settings saved.")
    again = {i["name"]: i.get("value", "") for i in get_page(client, "/settings").select("input")}
    assert (again["weekly_budget"], again["my_emails"], again["cadence_C15"]) == (
        "4",
        "me@example.org",
        "21",
    )


def test_settings_errors_are_shown_beside_the_fields(client: TestClient) -> None:
    token = csrf_of(client, "/settings")
    response = client.post(
        "/settings",
        data={"csrf_token": token, "weekly_budget": "0", "my_emails": "me", "cadence_C5": "x"},
    )
    assert response.status_code == 422
    page = soup(response)
    assert {e["id"] for e in page.select(".field-error")} == {
        "weekly_budget-error",
        "my_emails-error",
        "cadence_C5-error",
    }


def test_weekly_budget_shapes_the_plan(client: TestClient, seed: Seed) -> None:
    seed.demo()
    fields = {i["name"]: i.get("value", "") for i in get_page(client, "/settings").select("input")}
    client.post("/settings", data={**fields, "weekly_budget": "3"})
    assert len(get_page(client, "/").select(".plan-item")) == 3


def test_a_dry_run_not_imported_within_a_day_is_deleted(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    uploads = Path(settings.data_dir) / "uploads"
    old = soup(upload(client, VCARD.name, VCARD.read_bytes()))
    old_fields = {i["name"]: i["value"] for i in old.select("section.report form input")}
    now = clock.now().timestamp()
    (old_folder,) = _folders(uploads)
    os.utime(old_folder, (now - 25 * 3600, now - 25 * 3600))  # looked at yesterday
    recent = soup(upload(client, VCARD.name, VCARD.read_bytes()))
    recent_id = recent.select_one("section.report input[name=upload_id]")["value"]
    (kept,) = _folders(uploads)
    os.utime(kept, (now - 3600, now - 3600))  # an hour ago: still waiting
    upload(client, VCARD.name, VCARD.read_bytes())
    assert sorted(p.name for p in _folders(uploads)) == sorted([recent_id, *_newest(uploads)])
    assert not any(p.name.startswith(old_folder.name) for p in uploads.iterdir())
    response = client.post("/import/confirm", data=old_fields)
    assert "That upload is unknown or has expired" in response.text
    assert client.get("/api/v1/people").json()["total"] == 0


def _newest(uploads: Path) -> list[str]:
    folders = sorted(_folders(uploads), key=lambda p: p.stat().st_mtime)
    return [folders[-1].name]


def _folders(uploads: Path) -> list[Path]:
    """The uploads (beside each, once its dry run is done, what it read: ``<id>.parsed``)."""
    return [entry for entry in uploads.iterdir() if entry.is_dir()]


def test_a_takeout_zip_on_the_import_page_imports_every_kind_it_holds(
    client: TestClient,
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(MBOX, "Takeout/Mail/All.mbox")
        archive.write(VCARD, "Takeout/Contacts/My Contacts/My Contacts.vcf")
    takeout = buffer.getvalue()
    report = soup(upload(client, "takeout.zip", takeout))
    assert report.select_one("section.report h2").get_text(strip=True) == "Dry run: takeout.zip"
    parts = [h.get_text(strip=True) for h in report.select("section.report h3")]
    assert parts == ["Contacts as vCard", "Mail"]
    tables = report.select("section.report table.counts")
    assert [t["aria-labelledby"] for t in tables] == ["report-1", "report-2"]
    first_rows = [
        [c.get_text(strip=True) for c in r.select("th, td")] for r in tables[0].select("tbody tr")
    ]
    assert first_rows == [["People", "1", "0", "0", "0"]]
    assert client.get("/api/v1/people").json()["total"] == 0  # a dry run
    fields = {i["name"]: i["value"] for i in report.select("section.report form input")}
    done = client.post("/import/confirm", data=fields)
    assert flash_text(client, done) == (
        "Imported takeout.zip: 1 person created, 0 updated, 0 skipped (contacts as vCard); "
        "2 interactions, 2 people created, 0 updated, 0 skipped (mail)."
    )
    history = get_page(client, "/import").select("table.history tbody tr")
    assert len(history) == 2  # each kind its own import, undone on its own
    assert [len(row.select("a[href$='/undo']")) for row in history] == [1, 1]

    lacking = soup(upload(client, "takeout.zip", takeout, kind="ical"))
    alert = lacking.select_one("p.form-alert").get_text(" ", strip=True)
    assert alert == (
        "takeout.zip holds no calendars; it holds contacts as vCard in 1 file (“vCard "
        "(.vcf)”) and mail in 1 file (“Mailbox (.mbox or .eml, headers only)”). Choose one of "
        "those under “What kind of file” (or “Detect from the file” to import them all) and "
        "check the file again."
    )


def test_the_backup_download_is_sent_from_a_file_that_is_then_deleted(
    client: TestClient, seed: Seed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    seed.person("Ada Lovelace", emails=["ada@example.org"])
    response = client.get("/export/json")
    assert response.headers["content-disposition"] == 'attachment; filename="kith-backup.json"'
    backup = response.json()
    assert [p["display_name"] for p in backup["people"] if not p["is_me"]] == ["Ada Lovelace"]
    assert list(temporary.iterdir()) == []
