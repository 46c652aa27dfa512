"""A dry run's reading, kept for the import that confirms it: used only when the part of
the file, the options and the day are the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from kith.clock import fixed_clock
from kith.importers import ParseResult
from kith.services import imports
from kith.services.context import Ctx
from kith.services.imports import run_imports
from kith.services.parse_cache import ParseKey

DATA = Path(__file__).resolve().parents[1] / "data"
BOX = DATA / "mbox" / "thunderbird__mbox_modern.mbox"


class DictCache:
    def __init__(self) -> None:
        self.kept: dict[ParseKey, ParseResult] = {}

    def get(self, key: ParseKey) -> ParseResult | None:
        return self.kept.get(key)

    def put(self, key: ParseKey, result: ParseResult) -> None:
        self.kept[key] = result


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the import service read (parsed)."""
    seen: list[Path] = []
    real = imports.parse

    def counted(path: Path, *args: object, **kwargs: object) -> ParseResult:
        seen.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "parse", counted)
    return seen


def test_the_import_after_a_dry_run_uses_what_the_dry_run_read(ctx: Ctx, reads: list[Path]) -> None:
    cache = DictCache()
    (dry,) = run_imports(ctx, BOX, dry_run=True, parsed=cache)
    (done,) = run_imports(ctx, BOX, parsed=cache)
    assert reads == [BOX]  # read once
    assert done.created == dry.created and done.skipped == dry.skipped
    assert done.created["interactions"] > 0


def test_other_options_or_another_day_read_the_file_again(ctx: Ctx, reads: list[Path]) -> None:
    cache = DictCache()
    options = imports.owner_options(ctx)
    run_imports(ctx, BOX, dry_run=True, options=options, parsed=cache)
    run_imports(ctx, BOX, dry_run=True, options=replace(options, max_recipients=3), parsed=cache)
    assert reads == [BOX, BOX]
    tomorrow = fixed_clock(ctx.clock.now() + timedelta(days=1))
    run_imports(replace(ctx, clock=tomorrow), BOX, dry_run=True, options=options, parsed=cache)
    assert reads == [BOX, BOX, BOX]
    run_imports(ctx, BOX, options=options, parsed=cache)  # as the first dry run: kept
    assert reads == [BOX, BOX, BOX]


def test_who_is_told_how_far_reading_is_does_not_matter(ctx: Ctx, reads: list[Path]) -> None:
    cache = DictCache()
    run_imports(ctx, BOX, dry_run=True, parsed=cache, reading=lambda done, total: None)
    run_imports(ctx, BOX, parsed=cache, reading=lambda done, total: None)
    assert reads == [BOX]
