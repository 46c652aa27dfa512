"""Google, Outlook (any UI language) and Thunderbird address-book CSV -> PersonRecords.

The dialect is told apart by the header (``csv_dialects.dialect_of``); the encoding
(BOM, UTF-16, UTF-8, cp1252) and the delimiter (comma, semicolon, tab) are sniffed.
Google cells may hold several values joined by `` ::: ``; a leading ``* `` marks a
system group or the primary value and is dropped. kith's own CSV export reads back as a
generic table: its cells join several values with ``; `` and a cell kept from running as
a formula (``'+1 555 0100``) loses its ``'`` (``kith.spreadsheet``). Ragged rows (the
German Outlook sample is one field short) are read as far as they go. Outlook in French
writes its dates day first (``31/12/1980``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kith.importers.base import (
    Birthday,
    ImportOptions,
    ParseResult,
    PersonRecord,
    PositionRecord,
    RelatedRecord,
)
from kith.importers.collect import Collector, read_bytes
from kith.importers.csv_dialects import GOOGLE_BLOCK, aliases, day_first, dialect_of
from kith.importers.textio import CsvTable, cell, decode, require_table
from kith.importers.values import (
    clean,
    collapse_phone,
    join_name,
    make_birthday,
    normalize_email,
    normalize_linkedin_url,
    parse_birthday,
    short_hash,
    unique,
)
from kith.spreadsheet import plain

_SEPARATOR = " ::: "
_SYSTEM_TAGS = frozenset({"my contacts", "mycontacts", "starred"})


@dataclass
class _Columns:
    single: dict[str, int]
    multi: dict[str, list[int]]
    blocks: dict[tuple[str, str], dict[str, int]]  # (block, number) -> part -> position
    day_first: bool = False  # dates as 31/12/1980 (Outlook in French)


def parse_contacts_csv(path: Path, options: ImportOptions | None = None) -> ParseResult:
    del options  # address books carry no interactions
    text, _encoding = decode(read_bytes(path))
    table = require_table(
        text,
        path.name,
        lambda names: dialect_of(names) is not None,
        "a Google, Outlook or Thunderbird contacts header",
    )
    names = frozenset(table.index)
    dialect = dialect_of(names) or "contacts_csv"
    out = Collector(dialect, path.name)
    columns = _columns(table, dialect)
    errors: list[tuple[int, str]] = []
    for line, row in table.rows(errors):
        if dialect == "contacts_csv":  # kith's own export, opened in a spreadsheet and saved
            row = [plain(value) for value in row]
        record = _person(row, columns, line)
        if record is None:
            out.skip(path.name, line, "row has no name, email or phone")
            continue
        out.add_person(record)
    for line, reason in errors:
        out.skip(path.name, line, reason)
    return out.result()


def _columns(table: CsvTable, dialect: str) -> _Columns:
    single_aliases, multi_aliases = aliases(dialect)
    single: dict[str, int] = {}
    for field_name, names in single_aliases.items():
        position = table.col(*names)
        if position is not None:
            single[field_name] = position
    multi: dict[str, list[int]] = {}
    for field_name, names in multi_aliases.items():
        found = [table.index[n] for n in names if n in table.index]
        if found:
            multi[field_name] = found
    blocks: dict[tuple[str, str], dict[str, int]] = {}
    if dialect == "google_csv":
        for name, position in table.index.items():
            match = GOOGLE_BLOCK.match(name)
            if match:
                blocks.setdefault((match.group(1), match.group(2)), {})[match.group(3)] = position
    return _Columns(single, multi, blocks, day_first(frozenset(table.index)))


def _values(text: str) -> list[str]:
    """Google joins several values with ' ::: ' and marks system/primary ones with '* ';
    kith's own export joins them with '; '."""
    parts = text.split(_SEPARATOR) if _SEPARATOR in text else text.split("; ")
    return [p.strip().removeprefix("* ").strip() for p in parts if p.strip()]


def _block_values(row: list[str], columns: _Columns, block: str) -> list[tuple[str, str]]:
    """(label, value) pairs of every ``block N - Value`` cell, primary (``* ``) first."""
    found: list[tuple[int, str, str]] = []
    for (name, number), parts in sorted(columns.blocks.items(), key=lambda i: int(i[0][1])):
        if name != block or "value" not in parts:
            continue
        label = cell(row, parts.get("type", parts.get("label")))
        primary = label.startswith("* ")
        for value in _values(cell(row, parts["value"])):
            found.append((0 if primary else int(number), label.removeprefix("* "), value))
    return [(label, value) for _, label, value in sorted(found, key=lambda f: f[0])]


def _get(row: list[str], columns: _Columns, name: str) -> str | None:
    return clean(cell(row, columns.single.get(name)))


def _multi(row: list[str], columns: _Columns, name: str, block: str) -> list[str]:
    values = [v for p in columns.multi.get(name, []) for v in _values(cell(row, p))]
    return values + [value for _, value in _block_values(row, columns, block)]


def _birthday(row: list[str], columns: _Columns) -> Birthday | None:
    text = _get(row, columns, "birthday")
    if text and text not in ("0/0/00", "0.0.00"):
        return parse_birthday(_day_month_year(text, "/" if columns.day_first else "."))
    month, day = _get(row, columns, "birth_month"), _get(row, columns, "birth_day")
    if month and day and _small(month) and _small(day):
        year = _get(row, columns, "birth_year")
        known_year = int(year) if year and year.isdecimal() and len(year) == 4 else None
        return make_birthday(known_year, int(month), int(day))
    return None


def _small(text: str) -> bool:
    """A day or month number: one or two digits."""
    return text.isdecimal() and len(text) <= 2


def _day_month_year(text: str, separator: str) -> str:
    """``31.12.1980`` (Outlook in German, ``separator`` ".") or ``31/12/1980`` (in French,
    "/") -> ``1980-12-31``; anything else unchanged."""
    parts = text.split(separator)
    if len(parts) == 3 and _small(parts[0]) and _small(parts[1]) and len(parts[2]) == 4:
        return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
    return text


def _tags(row: list[str], columns: _Columns) -> tuple[str, ...]:
    text = cell(row, columns.single.get("tags"))
    separator = _SEPARATOR if _SEPARATOR in text else ";" if ";" in text else ","
    tags = [t.strip().removeprefix("* ").strip() for t in text.split(separator)]
    return unique([t for t in tags if t and t.casefold() not in _SYSTEM_TAGS])


def _related(row: list[str], columns: _Columns) -> tuple[RelatedRecord, ...]:
    pairs = _block_values(row, columns, "relation")
    return tuple(RelatedRecord((label or "related").lower(), value) for label, value in pairs)


def _location(row: list[str], columns: _Columns) -> str | None:
    place = [_get(row, columns, "city"), _get(row, columns, "country")]
    return ", ".join(p for p in place if p) or _get(row, columns, "location")


def _person(row: list[str], columns: _Columns, line: int) -> PersonRecord | None:
    given, family = _get(row, columns, "given"), _get(row, columns, "family")
    full = _get(row, columns, "full") or clean(
        join_name(given, _get(row, columns, "middle"), family)
    )
    emails = unique([e for e in map(normalize_email, _multi(row, columns, "email", "e-mail")) if e])
    phones = unique([p for p in map(collapse_phone, _multi(row, columns, "phone", "phone")) if p])
    org, title = _get(row, columns, "org"), _get(row, columns, "title")
    name = full or org or (emails[0] if emails else None) or (phones[0] if phones else None)
    if not name:
        return None
    urls = _multi(row, columns, "url", "website")
    linkedin = next((u for u in map(normalize_linkedin_url, urls) if u), None)
    if emails:
        external = f"person:email:{emails[0]}"
    else:
        external = f"person:name:{short_hash(name.casefold(), org or '')}"
    return PersonRecord(
        external_id=external,
        name=name,
        given_name=given,
        family_name=family,
        nickname=_get(row, columns, "nickname"),
        emails=emails,
        phones=phones,
        urls=unique([u for u in urls if not normalize_linkedin_url(u)]),
        linkedin_url=linkedin,
        org=org,
        title=title,
        location=_location(row, columns),
        tags=_tags(row, columns),
        notes=(cell(row, columns.single.get("notes")) or None),
        birthday=_birthday(row, columns),
        positions=(PositionRecord(org, title),) if org else (),
        related=_related(row, columns),
        line=line,
    )
