"""A dry run's parse results, kept for the import that confirms it.

On the Import page the dry run reads the file and "Import for real" read it again: for a
mailbox of 266 MB that was 5 s of the import's 7 (a calendar of 20,000 events: 11 s of
13). Given a ``ParseCache``, ``run_imports`` hands the import what its dry run read when
everything that decides what reading gives is the same: the part of the file (its kind,
or a Takeout's family), the options (your addresses and profile, since, keep content, most
recipients) and the day (records dated after "now" are left out). The import then saves
exactly what its dry run showed. Where results are kept is the caller's business
(``kith.web.kept_parses``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Protocol

from kith.importers import ImportOptions, ParseResult

ParseKey = tuple[str, ImportOptions, str]  # (part, options, day)


class ParseCache(Protocol):
    def get(self, key: ParseKey) -> ParseResult | None: ...

    def put(self, key: ParseKey, result: ParseResult) -> None: ...


def key_of(part: str, options: ImportOptions, today: date) -> ParseKey:
    """What decides what reading ``part`` gives (who is told how far it is does not)."""
    return (part, replace(options, on_read=None), today.isoformat())


def through(
    cache: ParseCache | None, key: ParseKey, read: Callable[[], ParseResult]
) -> Callable[[], ParseResult]:
    """``read``, answered from ``cache`` when it holds ``key``, and kept there otherwise."""
    if cache is None:
        return read

    def cached() -> ParseResult:
        found = cache.get(key)
        if found is None:
            found = read()
            cache.put(key, found)
        return found

    return cached
