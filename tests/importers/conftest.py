"""Fixtures for the importer tests: sample files, the GPL corpus, a fixed ``now``.

Sample files under ``tests/data`` are permissive or MPL copies of the shared corpus.
GPL files are only read from ``../shared/corpus`` (next to the repository) and the
tests that need them skip when it is absent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
CORPUS = REPO.parent / "shared" / "corpus"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def data_file() -> Callable[[str], Path]:
    """``data_file("vcard/x.vcf")`` -> the copied sample (it must exist)."""

    def get(relative: str) -> Path:
        path = DATA / relative
        assert path.is_file(), f"missing test data {relative}"
        return path

    return get


@pytest.fixture
def corpus_file() -> Callable[[str], Path]:
    """``corpus_file("vcard/khard__x.vcf")`` -> the GPL sample, or skip the test."""

    def get(relative: str) -> Path:
        path = CORPUS / relative
        if not path.is_file():
            pytest.skip("GPL corpus file not present")
        return path

    return get


def csv_text(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    delimiter: str = ",",
    quote_all: bool = False,
    newline: str = "\n",
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    preamble: str = "",
    encoding: str = "utf-8",
    delimiter: str = ",",
    quote_all: bool = False,
    newline: str = "\n",
) -> Path:
    """A CSV file built from an exact header (formats.md), optionally with a preamble."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = preamble + csv_text(
        header, rows, delimiter=delimiter, quote_all=quote_all, newline=newline
    )
    path.write_bytes(text.encode(encoding))
    return path
