"""The Import page's long imports: started as a job, shown with their progress, then their
report, their people or their error; a job whose server stopped says so."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from kith.clock import Clock
from kith.config import Settings
from kith.db.engine import unit_of_work
from kith.errors import KithError, UsageError
from kith.services.context import Ctx
from kith.services.owners import ensure_owner_id
from kith.web import import_jobs
from kith.web.import_jobs import Job, JobProgress
from kith.web.pages.imports import time_left
from kith.web.uploads import new_id
from tests.web.conftest import csrf_of, flash_text, get_page, soup

CARDS = 1500  # enough that reading them takes far longer than starting a thread


def _address_book(count: int) -> bytes:
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\n"
        f"EMAIL:person{i}@example.org\r\nORG:Company {i % 40}\r\nEND:VCARD\r\n"
        for i in range(count)
    ]
    return "".join(cards).encode()


def _post_file(client: TestClient, name: str, content: bytes) -> Response:
    token = csrf_of(client, "/import")
    files = {"file": (name, content, "application/octet-stream")}
    return client.post("/import", data={"csrf_token": token, "kind": "auto"}, files=files)


def _job_id(response: Response) -> str:
    assert response.status_code == 303, response.text[:2000]
    found = re.fullmatch(r"/import/jobs/([0-9a-f]{32})", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


def _until_ended(client: TestClient, job_id: str, seconds: float = 120) -> Response:
    """The job's page once it no longer shows progress."""
    deadline = time.monotonic() + seconds
    while True:
        response = client.get(f"/import/jobs/{job_id}")
        if response.status_code != 200 or soup(response).select_one("progress") is None:
            return response
        assert time.monotonic() < deadline, "the import job never ended"
        time.sleep(0.05)


def _owner(app_state: object, clock: Clock) -> int:
    with unit_of_work(app_state.session_factory) as session:  # type: ignore[attr-defined]
        return ensure_owner_id(session, clock)


def _job_file(settings: Settings, job: Job) -> None:
    folder = settings.data_dir / import_jobs.JOBS
    folder.mkdir(parents=True, exist_ok=True)
    fields = {**job.__dict__}
    (folder / f"{job.id}.json").write_text(json.dumps(fields), encoding="utf-8")


def test_a_long_dry_run_and_import_show_their_progress_page_then_the_result(
    client: TestClient, settings: Settings
) -> None:
    settings.import_wait_seconds = 0.0  # every import goes to its progress page
    book = _address_book(CARDS)
    job_id = _job_id(_post_file(client, "big.vcf", book))
    report = _until_ended(client, job_id)
    assert report.status_code == 200, report.text[:2000]
    page = soup(report)
    assert page.select_one("section.report h2").get_text(strip=True) == "Dry run: big.vcf"
    rows = page.select("section.report table.counts tbody tr")
    assert [c.get_text(strip=True) for c in rows[0].find_all(["th", "td"])][:2] == [
        "People",
        str(CARDS),
    ]
    assert client.get("/api/v1/people").json()["total"] == 0  # a dry run saves nothing

    fields = {i["name"]: i["value"] for i in page.select("section.report form input")}
    confirm_id = _job_id(client.post("/import/confirm", data=fields))
    done = _until_ended(client, confirm_id)
    assert (
        flash_text(client, done)
        == f"Imported big.vcf: {CARDS:,} people created, 0 updated, 0 skipped."
    )
    assert client.get("/api/v1/people").json()["total"] == CARDS
    assert list((settings.data_dir / "uploads").iterdir()) == []  # imported: not kept


def test_a_job_page_shows_how_far_the_import_got_and_refreshes_itself(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    owner = _owner(client.app.state, clock)
    job = Job(new_id(), owner, "0" * 32, "export.zip", True, {})
    job.process = "another server process"  # alive: its pid is this test's
    _job_file(settings, job)
    page = get_page(client, f"/import/jobs/{job.id}")
    assert page.select_one("noscript meta[http-equiv=refresh]")["content"] == "1"  # no script
    assert page.select_one("section[data-poll]")["data-poll"] == "1"  # kith.js updates it
    assert page.find("h1").get_text(strip=True) == "Checking export.zip…"
    assert page.find(id="job-h").get_text(strip=True) == "Reading the file"
    assert page.select_one("progress").get("value") is None  # how much is not known yet

    job.read, job.size, job.seconds = 30, 120, 4.0  # a quarter of the file in 4 s
    _job_file(settings, job)
    page = get_page(client, f"/import/jobs/{job.id}")
    assert page.find(id="job-h").get_text(strip=True) == "Reading the file: 25 %"
    pace = page.find(id="job-h").find_next("p").get_text(strip=True)
    assert pace == "About 10 seconds left at this pace."  # 4 s a quarter: 12 s for the rest
    bar = page.select_one("progress")
    assert (bar["value"], bar["max"]) == ("30", "120")

    job.done, job.total, job.part, job.seconds = 48_000, 228_414, "mail", 12.0
    _job_file(settings, job)
    page = get_page(client, f"/import/jobs/{job.id}")
    assert page.find(id="job-h").get_text(strip=True) == "48,000 of 228,414 records (mail)"
    pace = page.find(id="job-h").find_next("p").get_text(strip=True)
    assert pace == "About 45 seconds left at this pace."  # 12 s for 48,000: 45 s for the rest
    bar = page.select_one("progress")
    assert (bar["value"], bar["max"]) == ("48000", "228414")
    assert "nothing is saved" in page.select_one("p.lead").get_text()


def test_a_job_whose_server_stopped_says_nothing_was_saved(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    job = Job(new_id(), _owner(client.app.state, clock), "0" * 32, "a.vcf", False, {})
    job.pid, job.process = int(gone.stdout), "a server that has stopped"
    _job_file(settings, job)
    response = client.get(f"/import/jobs/{job.id}")
    assert response.status_code == 422
    error = soup(response).find(id="file-error").get_text(strip=True)
    assert error.startswith("The import stopped before it ended (was kith stopped?)")


def test_an_unreadable_file_in_a_job_is_explained_beside_the_field(
    client: TestClient, settings: Settings
) -> None:
    settings.import_wait_seconds = 0.0
    response = _post_file(client, "notes.csv", b'"Nombre";"Correo"\r\n"Ana";"a@x.org"\r\n')
    if response.status_code == 303:  # else it failed before the page even looked
        response = _until_ended(client, _job_id(response))
    assert response.status_code == 422
    error = soup(response).find(id="file-error").get_text(strip=True)
    assert error.startswith("Could not read `notes.csv`: this is a table, but kith does not know")
    assert list((settings.data_dir / "uploads").iterdir()) == []  # not kept


def test_someone_elses_or_an_unknown_job_is_not_found(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    owner = _owner(client.app.state, clock)
    job = Job(new_id(), owner + 1, "0" * 32, "theirs.vcf", True, {})
    job.process = "another server process"
    _job_file(settings, job)
    assert client.get(f"/import/jobs/{job.id}").status_code == 404
    assert client.get(f"/import/jobs/{'f' * 32}").status_code == 404
    assert client.get("/import/jobs/..%2Fsecret").status_code == 404


def test_old_job_files_are_pruned(settings: Settings) -> None:
    old = Job(new_id(), 1, "0" * 32, "old.vcf", True, {}, status="done")
    new = Job(new_id(), 1, "0" * 32, "new.vcf", True, {}, status="done")
    for job in (old, new):
        _job_file(settings, job)
    now = time.time()
    path = settings.data_dir / import_jobs.JOBS / f"{old.id}.json"
    os.utime(path, (now - 25 * 3600, now - 25 * 3600))
    assert import_jobs.prune(settings.data_dir, now) == 1
    assert [p.stem for p in (settings.data_dir / import_jobs.JOBS).iterdir()] == [new.id]
    assert import_jobs.read(settings.data_dir, new.id) == new


def test_the_time_left_is_said_in_round_words() -> None:
    assert [time_left(s) for s in (None, 3, 44, 89, 91, 600, 7300)] == [
        "",
        "a few seconds left",
        "about 45 seconds left",
        "about 90 seconds left",
        "about 2 minutes left",
        "about 10 minutes left",
        "more than two hours left",
    ]


def test_the_import_page_links_back_to_imports_under_way_and_reports_waiting(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    owner = _owner(client.app.state, clock)
    waiting_upload = "a" * 32
    (settings.data_dir / "uploads" / waiting_upload).mkdir(parents=True)
    (settings.data_dir / "uploads" / waiting_upload / "book.vcf").write_text("BEGIN:VCARD")
    running = Job(new_id(), owner, "b" * 32, "mail.mbox", False, {})
    running.process, running.done, running.total = "another server process", 900, 60_000
    ready = Job(new_id(), owner, waiting_upload, "book.vcf", True, {}, "done")
    confirmed = Job(new_id(), owner, "c" * 32, "old.vcf", True, {}, "done")
    theirs = Job(new_id(), owner + 1, waiting_upload, "x.vcf", True, {}, "done")
    for age, job in enumerate((running, theirs, confirmed, ready)):  # newest first
        _job_file(settings, job)
        then = time.time() - 60 * age
        os.utime(settings.data_dir / import_jobs.JOBS / f"{job.id}.json", (then, then))
    items = get_page(client, "/import").select("section.jobs li")
    assert [item.get_text(" ", strip=True) for item in items] == [
        "Importing mail.mbox: 900 of 60,000 records · see how far it got",
        "The dry run of book.vcf is ready · see its report , then import it or not",
    ]
    assert [item.a["href"] for item in items] == [
        f"/import/jobs/{running.id}",
        f"/import/jobs/{ready.id}",
    ]


def test_the_import_page_has_nothing_in_progress_at_first(client: TestClient) -> None:
    assert get_page(client, "/import").select_one("section.jobs") is None


def _run_job(client: TestClient, settings: Settings, clock: Clock, work: import_jobs.Work) -> Job:
    state = client.app.state
    job = Job(new_id(), _owner(state, clock), "0" * 32, "x.mbox", True, {})
    import_jobs.start(settings.data_dir, state.session_factory, clock, job, work, _said)
    return import_jobs.wait(settings.data_dir, job, 60)


def _said(error: Exception) -> str | None:
    return str(error) if isinstance(error, KithError) else None


def test_a_job_records_its_part_its_count_and_its_reports(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    def work(ctx: Ctx, progress: JobProgress) -> list[dict[str, object]]:
        progress.part("mail")
        progress.read(7, 10)
        progress.count(50, 100)
        return [{"kind": "mbox", "owner": ctx.owner_id}]

    job = _run_job(client, settings, clock, work)
    assert (job.status, job.part, job.done, job.total) == ("done", "mail", 50, 100)
    assert (job.read, job.size) == (7, 10)
    assert job.reports == [{"kind": "mbox", "owner": job.owner_id}]
    assert import_jobs.read(settings.data_dir, job.id) == job  # as its file says


def test_a_job_that_fails_says_why_or_that_it_was_unexpected(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    def refused(*_: object) -> list[dict[str, object]]:
        raise UsageError("That option is wrong.")

    def broken(*_: object) -> list[dict[str, object]]:
        raise RuntimeError("a bug")

    job = _run_job(client, settings, clock, refused)
    assert (job.status, job.error) == ("failed", "That option is wrong.")
    job = _run_job(client, settings, clock, broken)
    assert job.status == "failed"
    assert job.error == "The import failed unexpectedly; nothing was saved. Please try again."


def test_the_pace_of_applying_is_timed_from_the_end_of_reading(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    monkeypatch.setattr(import_jobs.time, "monotonic", lambda: now[0])
    job = Job(new_id(), 1, "0" * 32, "mail.mbox", False, {})
    progress = JobProgress(settings.data_dir, job)
    now[0] = 110.0
    progress.read(100, 100)  # ten seconds of reading
    progress.count(0, 100)
    now[0] = 112.0
    progress.count(50, 100)  # half the records in two seconds
    written = json.loads((settings.data_dir / import_jobs.JOBS / f"{job.id}.json").read_text())
    assert (written["done"], written["seconds"]) == (50, 2.0)
    assert job.seconds_left() == 2.0  # not the 12 s that counting the reading would say


def test_the_import_page_says_how_much_of_a_file_is_read(
    client: TestClient, settings: Settings, clock: Clock
) -> None:
    job = Job(new_id(), _owner(client.app.state, clock), "a" * 32, "mail.mbox", False, {})
    job.process, job.read, job.size = "another server process", 3, 4
    _job_file(settings, job)
    item = get_page(client, "/import").select_one("section.jobs li")
    assert item.get_text(" ", strip=True) == (
        "Importing mail.mbox: reading the file, 75 % · see how far it got"
    )


def test_after_an_import_its_insights_are_worked_out_before_the_next_page_asks(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.services import insight_cache

    insight_cache.clear_cache()
    settings.import_wait_seconds = 0.0  # through the progress page, as a long import goes
    report = _until_ended(client, _job_id(_post_file(client, "book.vcf", _address_book(20))))
    fields = {i["name"]: i["value"] for i in soup(report).select("section.report form input")}
    loads: list[str] = []
    real = insight_cache.load_network

    def counted(ctx: Ctx) -> object:
        loads.append(threading.current_thread().name)
        return real(ctx)

    monkeypatch.setattr(insight_cache, "load_network", counted)
    done = _until_ended(client, _job_id(client.post("/import/confirm", data=fields)))
    assert "Imported book.vcf" in flash_text(client, done)
    insight_cache.wait_for_refreshes()
    assert loads == ["kith-insights-refresh"]  # right after the import, in the background
    assert get_page(client, "/").find("h1").get_text(strip=True) == "What should I do this week?"
    assert loads == ["kith-insights-refresh"]  # the page found them ready


def test_a_job_that_ends_while_its_file_is_read_is_not_said_to_have_stopped(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its file read while it ran, its thread gone by the time that is checked: it wrote
    its end before going, which the file now says."""
    job = Job(new_id(), 1, "0" * 32, "notes.csv", True, {})
    _job_file(settings, job)  # running
    ended = Job(**{**job.__dict__, "status": "failed", "error": "Could not read `notes.csv`"})

    def gone(_job: Job) -> bool:
        _job_file(settings, ended)  # the thread's last write, then it goes
        return False

    monkeypatch.setattr(import_jobs, "_alive", gone)
    found = import_jobs.read(settings.data_dir, job.id)
    assert found is not None and (found.status, found.error) == ("failed", ended.error)
