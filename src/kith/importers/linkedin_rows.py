"""Loading messages.csv fast (200,000 rows is a normal archive) and naming its people.

Rows are loaded in one C-speed ``list(reader)`` when the file allows (no multi-line
fields, no unreadable rows: then line numbers follow from row positions); otherwise row
by row with exact line numbers. Each distinct (sender, recipients) cell combination is
parsed once, so one ParticipantRef object stands for one person throughout the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import NamedTuple

from kith.importers.base import ParticipantRef as Ref
from kith.importers.collect import Collector
from kith.importers.textio import CsvTable
from kith.importers.values import clean, normalize_linkedin_url

_NAME_SPLIT = re.compile(r",(?! )")  # "Alice Example,Bob Sample"; "Park, CFA" stays whole
# what LinkedIn writes for a member who deleted their account or hides it from you, in the
# archive's language; without a profile URL such a name stands for no one in particular
HIDDEN_MEMBER_NAMES = frozenset(
    {
        "linkedin member",
        "membre de linkedin",
        "linkedin-mitglied",
        "linkedin mitglied",
        "miembro de linkedin",
        "membro do linkedin",
        "membro di linkedin",
    }
)
HIDDEN = 'a deleted or hidden LinkedIn member ("LinkedIn Member", no profile URL)'
People = tuple[str, str, str, str]  # raw FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS


def hidden_member(name: str | None, url: str | None) -> bool:
    """Whether (name, profile URL) is LinkedIn's stand-in for a deleted or hidden member:
    many different people share it, so it must not become one person."""
    return url is None and name is not None and name.casefold() in HIDDEN_MEMBER_NAMES


class Columns(NamedTuple):
    """Positions; an absent column points at the empty cell appended to every row."""

    conv: int
    title: int
    sender: int
    sender_url: int
    to: int
    to_urls: int
    date: int
    subject: int
    content: int
    draft: int
    direction: int
    folder: int
    width: int  # header length; position ``width`` is the padding cell

    @classmethod
    def of(cls, table: CsvTable) -> Columns:
        width = len(table.header)
        names = (
            "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
            "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "IS MESSAGE DRAFT",
            "DIRECTION", "FOLDER",
        )  # fmt: skip
        found = [table.col(name) for name in names]
        return cls._make([*(width if at is None else at for at in found), width])

    def has(self, position: int) -> bool:
        return position < self.width

    def people(self) -> Callable[[list[str]], tuple[str, ...]]:
        """Getter of the raw (FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS)."""
        return itemgetter(self.sender, self.sender_url, self.to, self.to_urls)


class Refs:
    """One ParticipantRef per distinct (name, url); cell combinations parsed once."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str | None, str | None], Ref] = {}
        self.pairs: dict[tuple[str, ...], tuple[Ref | None, tuple[Ref, ...]]] = {}

    def get(self, name: str | None, url: str | None) -> Ref:
        ref = self.cache.get((name, url))
        if ref is None:
            ref = self.cache[(name, url)] = Ref(name=name, linkedin_url=url)
        return ref

    def pair(self, cells: tuple[str, ...]) -> tuple[Ref | None, tuple[Ref, ...]]:
        """(sender or None, recipients) of raw FROM/URL/TO/URLS cells."""
        found = self.pairs.get(cells)
        if found is None:
            name, url = clean(cells[0]), normalize_linkedin_url(cells[1])
            sender = self.get(name, url) if name or url else None
            found = self.pairs[cells] = (sender, self._split(cells[2], cells[3]))
        return found

    def _split(self, names_text: str, urls_text: str) -> tuple[Ref, ...]:
        """Group chats join names and URLs with commas; pair them by position."""
        names = [clean(n) for n in _NAME_SPLIT.split(names_text)] if names_text.strip() else []
        urls = [normalize_linkedin_url(u) for u in urls_text.split(",")] if urls_text else []
        count = max(len(names), len(urls))
        names += [None] * (count - len(names))
        urls += [None] * (count - len(urls))
        return tuple(self.get(n, u) for n, u in zip(names, urls, strict=True) if n or u)

    def resolver(self) -> dict[int, Ref]:
        """id(name-only ref) -> its twin with a profile URL, when the file shows exactly
        one URL for that name (recipients of the user's own messages often lack URLs)."""
        urls: dict[str, set[str]] = {}
        for name, url in self.cache:
            if name and url:
                urls.setdefault(name.casefold(), set()).add(url)
        mapping: dict[int, Ref] = {}
        for (name, url), ref in list(self.cache.items()):
            found = urls.get(name.casefold(), set()) if name and not url else set()
            if len(found) == 1:
                mapping[id(ref)] = self.get(name, next(iter(found)))
        return mapping


def _careful(table: CsvTable, out: Collector) -> tuple[list[list[str]], list[int]]:
    """Row by row, with the exact start line of each row (multi-line fields, errors)."""
    rows: list[list[str]] = []
    lines: list[int] = []
    errors: list[tuple[int, str]] = []
    for line, row in table.rows(errors):
        rows.append(row)
        lines.append(line)
    for line, reason in errors:
        out.skip(table.file, line, reason)
    return rows, lines


def load_rows(table: CsvTable, out: Collector) -> tuple[list[list[str]], list[int]]:
    """Data rows padded to the header width plus one empty cell, and their lines.
    Rows too short to hold FROM and DATE are skipped as malformed."""
    rows, fast_lines = table.fast_rows()
    lines = fast_lines if fast_lines is not None else []
    if fast_lines is None:
        rows, lines = _careful(table, out)
    columns = Columns.of(table)
    needed = max(columns.sender, columns.date) if columns.has(columns.date) else columns.width
    width = columns.width
    kept_rows: list[list[str]] = []
    kept_lines: list[int] = []
    for row, line in zip(rows, lines, strict=True):
        size = len(row)
        if size != width:
            if size == 0 or (size == 1 and not row[0].strip()):
                continue  # a blank line
            if size <= needed:
                out.skip(table.file, line, f"malformed row ({size} fields, fewer than the header)")
                continue
            row = row[:width] if size > width else row + [""] * (width - size)
        row.append("")
        kept_rows.append(row)
        kept_lines.append(line)
    return kept_rows, kept_lines
