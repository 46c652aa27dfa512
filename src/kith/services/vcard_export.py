"""vCard export: 4.0 (RFC 6350) with who-knows-whom as RELATED, or 3.0 (RFC 2426) for the
address books that read no other (the Contacts app of Android's open-source base, several
mail services)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Literal

from sqlalchemy import select

from kith.models import Link
from kith.services.context import Ctx
from kith.services.export_contacts import Contact

Version = Literal["4.0", "3.0"]
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


def vcards(ctx: Ctx, contacts: Sequence[Contact], version: Version = "4.0") -> str:
    """The cards of ``contacts`` in vCard ``version`` 4.0 (RFC 6350, with RELATED links
    between them) or 3.0 (RFC 2426, for the many address books that read no other: no
    links, phones as text, a birthday without a year as ``--MM-DD``)."""
    v4 = version == "4.0"
    related = _related(ctx, {c.id for c in contacts}) if v4 else {}
    lines: list[str] = []
    for contact in contacts:
        lines += _card(ctx.owner_id, contact, related.get(contact.id, []), v4)
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


def _card(owner_id: int, c: Contact, related: Iterable[tuple[str, int]], v4: bool) -> list[str]:
    version = ["VERSION:4.0", "KIND:individual"] if v4 else ["VERSION:3.0"]  # 3.0: no KIND
    lines = ["BEGIN:VCARD", *version]
    lines += [f"UID:{person_uid(owner_id, c.id)}", f"FN:{escape(c.name)}", f"N:{_n(c.name)}"]
    lines += [f"EMAIL{_type(label)}:{escape(value)}" for value, label in c.emails]
    lines += [_tel(value, normalized, label, v4) for value, normalized, label in c.phones]
    lines += [f"URL:{_uri(url)}" for url in c.urls]
    if c.org:
        lines.append(f"ORG:{escape(c.org)}")
    if c.title:
        lines.append(f"TITLE:{escape(c.title)}")
    if c.location:
        lines.append(f"ADR:;;;{escape(c.location)};;;")
    if c.birthday and (bday := vcard_birthday(c.birthday, v4)):
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


def _tel(value: str, normalized: str, label: str | None, v4: bool = True) -> str:
    """vCard 4 writes an international number as a ``tel:`` URI; 3.0 has text only."""
    international = _E164.match(normalized) is not None
    if v4 and international:
        return f"TEL;VALUE=uri{_type(label)}:tel:{normalized}"
    return f"TEL{_type(label)}:{escape(normalized if international else value)}"


def vcard_birthday(stored: str, v4: bool = True) -> str | None:
    """vCard 4: ``1990-04-12`` -> ``19900412``, ``--04-12`` (no year) -> ``--0412``;
    3.0 keeps the stored form (ISO 8601, as Google's address book writes it)."""
    match = _BIRTHDAY.match(stored.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    if not v4:
        return f"{'-' if year == '-' else year}-{month}-{day}"
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
