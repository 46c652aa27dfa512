"""LinkedIn "Get a copy of your data" export -> people, interactions, invitations, me.

Reads (when present): Connections, messages, Invitations, Endorsement_Received_Info /
Endorsement_Given_Info, Recommendations_Received / _Given, and the user's own Profile,
Positions, Email Addresses and PhoneNumbers. Other files are ignored. A file that cannot
be read becomes a warning; the rest of the archive is still imported.

Connections.csv: the header is searched for in the first lines (with or without the
``Notes:`` preamble, BOM or not), columns are mapped by name (2018 files have no URL
column; some tools move URL to the end), every date shape in formats.md is accepted.
Rows without a name and URL (hidden or deleted members) are skipped, not merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from operator import itemgetter
from pathlib import Path

from kith.errors import ImportFormatError
from kith.importers.archive import ZIP_SIGNATURE
from kith.importers.base import ImportOptions, ParseResult, PersonRecord, PositionRecord
from kith.importers.collect import Collector
from kith.importers.linkedin_activity import (
    parse_endorsements,
    parse_invitations,
    parse_recommendations,
)
from kith.importers.linkedin_archive import HEADERS, LinkedInArchive
from kith.importers.linkedin_messages import parse_messages
from kith.importers.linkedin_profile import MeBuilder
from kith.importers.reading import EVERY, ReadProgress, of_parts, told
from kith.importers.textio import CsvTable, decode, find_table
from kith.importers.values import (
    clean,
    clean_family_name,
    join_name,
    normalize_email,
    normalize_linkedin_url,
    parse_date,
    short_hash,
)

EXPECTED = "Connections.csv, messages.csv or another LinkedIn export file"


def parse_linkedin(path: Path, options: ImportOptions, now: datetime | None = None) -> ParseResult:
    archive = LinkedInArchive(path)
    if not any(key in archive.members for key in HEADERS):
        raise ImportFormatError(
            f"no LinkedIn export files found (expected {EXPECTED})",
            file=path.name,
            hint="Pass the zip from LinkedIn's 'Get a copy of your data', or its folder.",
        )
    out = Collector("linkedin", path.name)
    strict = len(archive.members) == 1
    tables = _Tables(archive, out, strict)
    me = MeBuilder(options)
    me.read(tables)
    connections, messages = tables.get("connections.csv"), tables.get("messages.csv")
    sizes = [table.size if table is not None else 0 for table in (connections, messages)]
    on_connections, on_messages = of_parts(options.on_read, sizes)  # most of the reading
    if connections is not None:
        parse_connections(connections, out, on_connections)
    if messages is not None:
        parse_messages(messages, out, replace(options, on_read=on_messages), me, now)
    if (table := tables.get("invitations.csv")) is not None:
        parse_invitations(table, out, options, now)
    for key, received in (
        ("endorsementreceivedinfo.csv", True),
        ("endorsementgiveninfo.csv", False),
    ):
        if (table := tables.get(key)) is not None:
            parse_endorsements(table, out, options, now, received=received)
    for key, received in (
        ("recommendationsreceived.csv", True),
        ("recommendationsgiven.csv", False),
    ):
        if (table := tables.get(key)) is not None:
            parse_recommendations(table, out, options, now, received=received)
    return out.result(me.build())


class _Tables:
    """Opens archive members as CSV tables; a bad member is a warning unless it is the
    only file given (then the error is the answer)."""

    def __init__(self, archive: LinkedInArchive, out: Collector, strict: bool) -> None:
        self.archive, self.out, self.strict = archive, out, strict

    def get(self, key: str) -> CsvTable | None:
        member = self.archive.get(key)
        if member is None:
            return None
        try:
            data = member.read()
            if data.startswith(ZIP_SIGNATURE):  # an .xlsx is a zip
                raise ImportFormatError("this is a spreadsheet (.xlsx), not CSV", file=member.path)
            text, _encoding = decode(data)
            table = find_table(text, member.path, HEADERS[key])
            if table is None:
                raise ImportFormatError(
                    "no header row found in the first lines",
                    file=member.path,
                    hint="Check that this is the unmodified export file.",
                )
            return table
        except ImportFormatError as exc:
            if self.strict:
                raise
            self.out.warn(f"{exc} (the rest of the archive was imported)")
            return None


_CONNECTION_COLUMNS = (
    ("First Name",),
    ("Last Name",),
    ("URL", "Profile URL"),
    ("Email Address", "E-mail Address", "Email"),
    ("Company",),
    ("Position",),
    ("Connected On",),
)


def _connection_cells(table: CsvTable) -> Callable[[list[str]], tuple[str, ...]]:
    """Getter of (first, last, url, email, company, position, connected on) from a row
    padded with one empty cell, which stands in for absent columns."""
    width = len(table.header)
    found = (table.col(*names) for names in _CONNECTION_COLUMNS)
    return itemgetter(*(width if at is None else at for at in found))


def parse_connections(table: CsvTable, out: Collector, on_read: ReadProgress | None = None) -> None:
    """People of Connections.csv; how many of its lines are read is told to ``on_read``."""
    cells, width = _connection_cells(table), len(table.header)
    errors: list[tuple[int, str]] = []
    lines = table.lines
    for line, row in table.rows(errors):
        if on_read is not None and line % EVERY == 0:
            told(on_read, line, lines)
        if len(row) != width:
            row = row[:width] if len(row) > width else row + [""] * (width - len(row))
        row.append("")
        record = _connection(cells(row), line)
        if record is None:
            out.skip(table.file, line, "no name or profile URL (a hidden or deleted member)")
            continue
        out.add_person(record)
    for line, reason in errors:
        out.skip(table.file, line, reason)
    told(on_read, lines, lines)


def _connection(values: tuple[str, ...], line: int) -> PersonRecord | None:
    first_text, last_text, url_text, email_text, company, position, connected_text = values
    first, last = clean(first_text), clean_family_name(last_text)
    url = normalize_linkedin_url(url_text)
    if not (first or last or url):
        return None
    email = normalize_email(email_text)
    connected = parse_date(connected_text) if connected_text else None
    name = join_name(first, last) or (url.rsplit("/", 1)[-1] if url else "")
    if url:
        external = f"person:{url}"
    elif email:
        external = f"person:email:{email}"
    else:
        external = f"person:name:{short_hash(name.casefold(), connected)}"
    org, title = clean(company), clean(position)
    return PersonRecord(
        external_id=external,
        name=name,
        given_name=first,
        family_name=last,
        emails=(email,) if email else (),
        linkedin_url=url,
        org=org,
        title=title,
        connected_on=connected,
        positions=(PositionRecord(org, title),) if org else (),
        line=line,
    )
