"""The Import page's dry run keeps what it read beside the upload, and "Import for real"
uses it instead of reading the file again; it goes with the upload."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kith.config import Settings
from kith.importers import ParseResult
from kith.services import imports
from kith.web.uploads import prune_uploads
from tests.web.conftest import flash_text, soup
from tests.web.test_import_jobs import _address_book, _job_id, _post_file, _until_ended


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the import service read."""
    seen: list[str] = []
    real = imports.parse

    def counted(path: Path, *args: object, **kwargs: object) -> ParseResult:
        seen.append(Path(path).name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "parse", counted)
    return seen


def _dry_run(client: TestClient, settings: Settings, content: bytes) -> dict[str, str]:
    """The dry run's report form, once what it read is kept."""
    settings.import_wait_seconds = 0.0
    report = _until_ended(client, _job_id(_post_file(client, "book.vcf", content)))
    fields = {i["name"]: i["value"] for i in soup(report).select("section.report form input")}
    deadline = time.monotonic() + 30
    while not list((settings.data_dir / "uploads").glob("*.parsed")):  # written after the report
        assert time.monotonic() < deadline, "the dry run's reading was never kept"
        time.sleep(0.02)
    return fields


def _confirmed(client: TestClient, fields: dict[str, str]) -> str:
    done = _until_ended(client, _job_id(client.post("/import/confirm", data=fields)))
    return flash_text(client, done)


def test_import_for_real_does_not_read_the_file_again(
    client: TestClient, settings: Settings, reads: list[str]
) -> None:
    fields = _dry_run(client, settings, _address_book(30))
    assert reads == ["book.vcf"]
    assert (
        _confirmed(client, fields) == "Imported book.vcf: 30 people created, 0 updated, 0 skipped."
    )
    assert reads == ["book.vcf"]  # what the dry run read
    assert client.get("/api/v1/people").json()["total"] == 30
    assert list((settings.data_dir / "uploads").iterdir()) == []  # gone with the upload


def test_other_options_read_the_file_again(
    client: TestClient, settings: Settings, reads: list[str]
) -> None:
    fields = _dry_run(client, settings, _address_book(5))
    fields["max_recipients"] = "3"  # not what the dry run was asked
    assert _confirmed(client, fields).startswith("Imported book.vcf: 5 people created")
    assert reads == ["book.vcf", "book.vcf"]


def test_a_damaged_kept_reading_is_ignored_and_the_file_read_again(
    client: TestClient, settings: Settings, reads: list[str]
) -> None:
    fields = _dry_run(client, settings, _address_book(5))
    (kept,) = (settings.data_dir / "uploads").glob("*.parsed")
    kept.write_bytes(b"not what kith wrote")
    assert _confirmed(client, fields).startswith("Imported book.vcf: 5 people created")
    assert reads == ["book.vcf", "book.vcf"]
    assert not kept.exists()


def test_a_kept_reading_nobody_confirmed_is_pruned_with_its_upload(
    client: TestClient, settings: Settings
) -> None:
    _dry_run(client, settings, _address_book(5))
    root = settings.data_dir / "uploads"
    (root / f"{'b' * 32}.parsed.140.tmp").write_bytes(b"half written by a killed process")
    day_ago = time.time() - 25 * 3600
    for entry in root.iterdir():
        os.utime(entry, (day_ago, day_ago))
    assert prune_uploads(settings.data_dir, time.time()) == 1  # the upload
    assert list(root.iterdir()) == []
