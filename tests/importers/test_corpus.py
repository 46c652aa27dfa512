"""Every file of the shared corpus imports without a traceback: records or a clean
ImportFormatError naming the file. Skipped when ../shared/corpus is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import ImportOptions, ParseResult, detect_kind, parse
from tests.importers.conftest import CORPUS, NOW

FILES = sorted(p for p in CORPUS.glob("*/*") if p.is_file()) if CORPUS.is_dir() else []


@pytest.mark.parametrize(
    "path", FILES or [None], ids=[f"{p.parent.name}/{p.name}" for p in FILES] or ["absent"]
)
def test_corpus_file_imports_without_traceback(path: Path | None) -> None:
    if path is None:
        pytest.skip("shared corpus not present")
    options = ImportOptions(keep_content=True, my_emails=frozenset({"me@example.com"}))
    try:
        result = parse(path, detect_kind(path), options, now=NOW)
    except ImportFormatError as exc:
        assert exc.file in (path.name, str(path))
        return
    assert isinstance(result, ParseResult)
    assert result.people or result.interactions or result.skipped or result.kind == "ical"
    ids = [r.external_id for r in (*result.people, *result.interactions)]
    assert len(ids) == len(set(ids))
    assert all(i.occurred_at.tzinfo is not None for i in result.interactions)
    assert all(s.file for s in result.skipped)


def test_corpus_has_every_format_when_present() -> None:
    if not FILES:
        pytest.skip("shared corpus not present")
    assert {p.parent.name for p in FILES} == {"linkedin", "google-csv", "vcard", "ical", "mbox"}
    assert len(FILES) >= 50
