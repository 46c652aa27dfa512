"""Exports in open formats: vCard 4.0, CSV (safe in spreadsheets), iCalendar, JSON backup.

Every function returns text; writing files is the caller's job. Only this owner's rows are
read; merged duplicates are never exported and archived people only when asked.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import func, select

from kith.models import ContactPoint, Link, Organization, Person, PersonTag, Position
from kith.schemas.common import check_choice
from kith.services import calendar_export, insights
from kith.services.backup import backup_chunks
from kith.services.context import Ctx
from kith.services.people import last_contacts

KINDS: tuple[str, ...] = ("vcard", "csv", "json", "ics")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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
# kith link kinds -> vCard 4.0 RELATED types (RFC 6350 section 6.6.6)
RELATED_TYPES = {
    "knows": "acquaintance",
    "knows_well": "friend",
    "colleague": "colleague",
    "colleague_inferred": "colleague",
    "family": "kin",
    "introduced": "contact",
}
VCARD_LINE_OCTETS = 75
_TYPE_LABELS = {"home": "home", "work": "work", "mobile": "cell", "cell": "cell", "fax": "fax"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BIRTHDAY = re.compile(r"^(\d{4}|-)-(\d{2})-(\d{2})$")
_E164 = re.compile(r"^\+\d{4,15}$")


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


@dataclass
class Contact:
    """One person as the vCard and CSV exports see them."""

    id: int
    name: str
    location: str | None
    notes: str | None
    birthday: str | None
    closeness: int | None
    circle_pin: str | None
    updated_at: datetime
    emails: list[tuple[str, str | None]] = field(default_factory=list)
    phones: list[tuple[str, str, str | None]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    org: str | None = None
    title: str | None = None


# ---- one entry point for the CLI -------------------------------------------------------


def check_kind(kind: str) -> str:
    return check_choice(kind, KINDS, "KIND")


def export(
    ctx: Ctx, kind: str, *, as_of: date | None = None, include_archived: bool = False
) -> ExportResult:
    """Export in ``kind`` (vcard, csv, json or ics) and say how many people or events."""
    chosen = check_kind(kind)
    if chosen == "ics":
        paced = calendar_export.events(ctx, as_of)
        text = calendar_export.calendar(ctx, paced.items)
        return ExportResult(chosen, (text,), len(paced.items), "events", paced.note())
    if chosen == "json":
        return ExportResult(chosen, backup_chunks(ctx), _everyone(ctx), "people")
    contacts = load_contacts(ctx, include_archived=include_archived)
    if chosen == "vcard":
        return ExportResult(chosen, (vcards(ctx, contacts),), len(contacts), "people")
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


# ---- loading contacts ------------------------------------------------------------------


def load_contacts(ctx: Ctx, *, include_archived: bool = False) -> list[Contact]:
    """Every contact but ``me`` and merged duplicates, by name, with their details.

    Column selects, no ORM objects: loading 30,000 people with their contact points and
    tags as objects took 3-4 s, most of it building and filling the objects."""
    ctx.session.flush()
    owner = ctx.owner_id
    query = (
        select(
            Person.id,
            Person.display_name,
            Person.location,
            Person.notes,
            Person.birthday,
            Person.closeness,
            Person.circle_pin,
            Person.updated_at,
        )
        .where(
            Person.owner_id == owner,
            Person.is_me.is_(False),
            Person.merged_into_id.is_(None),
        )
        .order_by(Person.name_key, Person.id)
    )
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    jobs = _current_jobs(ctx)
    contacts = {
        pid: _contact(pid, rest, jobs.get(pid)) for pid, *rest in ctx.session.execute(query)
    }
    _add_points(ctx, contacts)
    tags = select(PersonTag.person_id, PersonTag.tag).where(PersonTag.owner_id == owner)
    for pid, tag in ctx.session.execute(tags.order_by(PersonTag.person_id, PersonTag.tag)):
        if (contact := contacts.get(pid)) is not None:
            contact.tags.append(tag)
    return list(contacts.values())


def _contact(pid: int, columns: Sequence[Any], job: tuple[str, str | None] | None) -> Contact:
    name, location, notes, birthday, closeness, circle_pin, updated_at = columns
    return Contact(
        pid, name, location, notes, birthday, closeness, circle_pin, updated_at,
        org=job[0] if job else None, title=job[1] if job else None,
    )  # fmt: skip


def _add_points(ctx: Ctx, contacts: dict[int, Contact]) -> None:
    """Each contact's emails, phones and web addresses, in the order they were added."""
    query = (
        select(
            ContactPoint.person_id,
            ContactPoint.kind,
            ContactPoint.value,
            ContactPoint.normalized,
            ContactPoint.label,
        )
        .where(ContactPoint.owner_id == ctx.owner_id)
        .order_by(ContactPoint.id)
    )
    for pid, kind, value, normalized, label in ctx.session.execute(query):
        contact = contacts.get(pid)
        if contact is None:
            continue
        if kind == "email":
            contact.emails.append((value, label))
        elif kind == "phone":
            contact.phones.append((value, normalized, label))
        else:
            contact.urls.append(value)


def _current_jobs(ctx: Ctx) -> dict[int, tuple[str, str | None]]:
    """(organization, title) of each person's most recent open position."""
    rows = ctx.session.execute(
        select(Position.person_id, Organization.name, Position.title, Position.started_on)
        .join(Organization, Organization.id == Position.organization_id)
        .where(Position.owner_id == ctx.owner_id, Position.ended_on.is_(None))
        .order_by(Position.id)
    )
    best: dict[int, tuple[date, str, str | None]] = {}
    for pid, org, title, started in rows:
        start = started or date.min
        held = best.get(pid)
        if held is None or start > held[0]:
            best[pid] = (start, org, title)
    return {pid: (org, title) for pid, (_start, org, title) in best.items()}


# ---- vCard 4.0 (RFC 6350) --------------------------------------------------------------


def vcards(ctx: Ctx, contacts: Sequence[Contact]) -> str:
    related = _related(ctx, {c.id for c in contacts})
    lines: list[str] = []
    for contact in contacts:
        lines += _card(ctx.owner_id, contact, related.get(contact.id, []))
    return "".join(fold(line) + "\r\n" for line in lines)


def _related(ctx: Ctx, exported: set[int]) -> dict[int, list[tuple[str, int]]]:
    """Links between exported people, seen from both ends: person -> [(kind, other)]."""
    rows = ctx.session.execute(
        select(Link.person_a_id, Link.person_b_id, Link.kind)
        .where(Link.owner_id == ctx.owner_id)
        .order_by(Link.id)
    )
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for a, b, kind in rows:
        if a in exported and b in exported:
            found[a].append((kind, b))
            found[b].append((kind, a))
    return found


def person_uid(owner_id: int, person_id: int) -> str:
    return f"{_uid_prefix(owner_id)}{person_id}"


def _uid_prefix(owner_id: int) -> str:
    return f"urn:kith:{owner_id}:"


def _card(owner_id: int, c: Contact, related: Iterable[tuple[str, int]]) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual"]
    lines += [f"UID:{person_uid(owner_id, c.id)}", f"FN:{escape(c.name)}", f"N:{_n(c.name)}"]
    lines += [f"EMAIL{_type(label)}:{escape(value)}" for value, label in c.emails]
    lines += [_tel(value, normalized, label) for value, normalized, label in c.phones]
    lines += [f"URL:{_uri(url)}" for url in c.urls]
    if c.org:
        lines.append(f"ORG:{escape(c.org)}")
    if c.title:
        lines.append(f"TITLE:{escape(c.title)}")
    if c.location:
        lines.append(f"ADR:;;;{escape(c.location)};;;")
    if c.birthday and (bday := vcard_birthday(c.birthday)):
        lines.append(f"BDAY:{bday}")
    if c.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in c.tags))
    if c.notes:
        lines.append(f"NOTE:{escape(c.notes)}")
    urn = _uid_prefix(owner_id)
    lines += [
        f"RELATED;TYPE={RELATED_TYPES.get(kind, 'contact')};VALUE=uri:{urn}{other}"
        for kind, other in related
    ]
    lines += [f"REV:{c.updated_at.astimezone(UTC):%Y%m%dT%H%M%SZ}", "END:VCARD"]
    return lines


def escape(text: str) -> str:
    """A vCard text value: backslash, comma, semicolon and newlines escaped."""
    value = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def _uri(value: str) -> str:
    return _CONTROL.sub("", value).replace("\n", "").replace("\t", "").strip()


def _n(name: str) -> str:
    """N from a display name: the last word as family name (FN stays authoritative)."""
    words = name.split()
    family = words[-1] if len(words) > 1 else ""
    given = " ".join(words[:-1]) if len(words) > 1 else name
    return f"{escape(family)};{escape(given)};;;"


def _type(label: str | None) -> str:
    vtype = _TYPE_LABELS.get((label or "").strip().lower())
    return f";TYPE={vtype}" if vtype else ""


def _tel(value: str, normalized: str, label: str | None) -> str:
    if _E164.match(normalized):
        return f"TEL;VALUE=uri{_type(label)}:tel:{normalized}"
    return f"TEL{_type(label)}:{escape(value)}"


def vcard_birthday(stored: str) -> str | None:
    """``1990-04-12`` -> ``19900412``; ``--04-12`` (no year) -> ``--0412``."""
    match = _BIRTHDAY.match(stored.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    return f"{'--' if year == '-' else year}{month}{day}"


def fold(line: str, limit: int = VCARD_LINE_OCTETS) -> str:
    """Fold at ``limit`` octets (continuations start with a space), never inside a
    UTF-8 character."""
    if len(line) <= limit and line.isascii():  # most lines: no bytes to count
        return line
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts: list[str] = []
    start, room = 0, limit
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, room = end, limit - 1
    return "\r\n ".join(parts)


# ---- CSV -------------------------------------------------------------------------------


def neutralize(cell: str) -> str:
    """A cell spreadsheets will not run as a formula: a leading ' before = + - @ tab CR."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def contacts_csv(ctx: Ctx, contacts: Sequence[Contact], as_of: date | None = None) -> str:
    last = last_contacts(ctx)
    circles = insights.computed(ctx, as_of).circles if contacts else {}
    buffer = io.StringIO()
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
