"""Exports in open formats: vCard 4.0 or 3.0 (``vcard_export``), CSV (safe in spreadsheets),
iCalendar (``calendar_export``), JSON backup (``backup``).

Every function returns text; writing files is the caller's job. Only this owner's rows are
read; merged duplicates are never exported and archived people only when asked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import func, select

from kith.models import Person
from kith.schemas.common import check_choice
from kith.services import calendar_export, insights
from kith.services.backup import backup_chunks
from kith.services.context import Ctx
from kith.services.export_contacts import Contact, load_contacts
from kith.services.people import last_contacts
from kith.services.vcard_export import vcards
from kith.spreadsheet import neutralize

# vcard3: vCard 3.0, for the address books that read no 4.0
KINDS: tuple[str, ...] = ("vcard", "vcard3", "csv", "json", "ics")
CSV_COLUMNS = (
    "id",
    "name",
    "emails",
    "phones",
    "urls",
    "organization",
    "title",
    "location",
    "tags",
    "circle",
    "closeness",
    "last_contact",
    "notes",
)


@dataclass(frozen=True)
class ExportResult:
    """The exported text and what it holds (``Exported 12 people to kith.vcf.``)."""

    kind: str
    parts: Iterable[str]  # the text, in order (the backup is written as it is read)
    count: int
    noun: str
    note: str | None = None  # said after the count (the iCalendar file: how touches are paced)

    @cached_property
    def text(self) -> str:
        """The whole text at once (reads ``parts``: use one or the other)."""
        return "".join(self.parts)


# ---- one entry point for the CLI -------------------------------------------------------


def check_kind(kind: str) -> str:
    return check_choice(kind, KINDS, "KIND")


def export(
    ctx: Ctx, kind: str, *, as_of: date | None = None, include_archived: bool = False
) -> ExportResult:
    """Export in ``kind`` (vcard, vcard3, csv, json or ics) and say how many people or
    events."""
    chosen = check_kind(kind)
    if chosen == "ics":
        paced = calendar_export.events(ctx, as_of)
        text = calendar_export.calendar(ctx, paced.items)
        return ExportResult(chosen, (text,), len(paced.items), "events", paced.note())
    if chosen == "json":
        return ExportResult(chosen, backup_chunks(ctx), _everyone(ctx), "people")
    contacts = load_contacts(ctx, include_archived=include_archived)
    if chosen in ("vcard", "vcard3"):
        text = vcards(ctx, contacts, "4.0" if chosen == "vcard" else "3.0")
        return ExportResult(chosen, (text,), len(contacts), "people")
    return ExportResult(chosen, (contacts_csv(ctx, contacts, as_of),), len(contacts), "people")


def _everyone(ctx: Ctx) -> int:
    """People in the backup: archived and merged ones too, not you."""
    found = ctx.session.scalar(
        select(func.count())
        .select_from(Person)
        .where(Person.owner_id == ctx.owner_id, Person.is_me.is_(False))
    )
    return int(found or 0)


def export_vcard(ctx: Ctx, *, include_archived: bool = False) -> str:
    return vcards(ctx, load_contacts(ctx, include_archived=include_archived))


def export_csv(ctx: Ctx, *, include_archived: bool = False, as_of: date | None = None) -> str:
    return contacts_csv(ctx, load_contacts(ctx, include_archived=include_archived), as_of)


def export_json(ctx: Ctx) -> str:
    """The full backup (see ``kith.services.backup``) as JSON text: "kith_backup" comes
    first, which is how imports recognise the file."""
    return "".join(backup_chunks(ctx))


# ---- CSV -------------------------------------------------------------------------------


BOM = "\ufeff"  # the byte order mark that tells spreadsheets a CSV file is UTF-8


def contacts_csv(ctx: Ctx, contacts: Sequence[Contact], as_of: date | None = None) -> str:
    last = last_contacts(ctx)
    circles = insights.computed(ctx, as_of).circles if contacts else {}
    buffer = io.StringIO()
    buffer.write(BOM)  # without it, Excel reads UTF-8 as the local code page: "JosÃ©"
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        seen = last.get(c.id)
        cells = (
            str(c.id),
            c.name,
            "; ".join(value for value, _label in c.emails),
            "; ".join(value for value, _n, _label in c.phones),
            "; ".join(c.urls),
            c.org or "",
            c.title or "",
            c.location or "",
            "; ".join(c.tags),
            circles.get(c.id) or c.circle_pin or "",
            "" if c.closeness is None else str(c.closeness),
            seen.isoformat() if seen else "",
            c.notes or "",
        )
        writer.writerow([neutralize(cell) for cell in cells])
    return buffer.getvalue()
