"""vCard 2.1, 3.0 and 4.0 -> PersonRecords. One bad card is skipped, never the file.

Framing, encodings and quoted-printable are handled in ``vcard_lines``; this module
gives the properties meaning: all EMAIL/TEL/URL values (preferred first), N/FN, ORG
with units, TITLE, BDAY (``--MMDD`` and Apple's omit-year), NOTE, CATEGORIES, ADR (for
a location), RELATED and the Apple/Google/Evolution/Outlook relative extensions with
their ``itemN.X-ABLabel`` labels. Contact groups are skipped as not people.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kith.errors import ImportFormatError
from kith.importers.base import (
    Birthday,
    ImportOptions,
    ParseResult,
    PersonRecord,
    PositionRecord,
    RelatedRecord,
)
from kith.importers.collect import Collector, read_bytes
from kith.importers.reading import told
from kith.importers.values import (
    clean,
    collapse_phone,
    join_name,
    normalize_email,
    normalize_linkedin_url,
    parse_birthday,
    short_hash,
    unique,
)
from kith.importers.vcard_lines import (
    Prop,
    RawCard,
    logical_lines,
    parse_prop,
    split_cards,
    split_escaped,
    to_utf8_bytes,
    unescape,
    unwrap_label,
)

_RELATIVES = {
    "X-ABRELATEDNAMES": "related",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-EVOLUTION-MANAGER": "manager",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-MS-SPOUSE": "spouse",
    "X-MS-MANAGER": "manager",
    "X-MS-ASSISTANT": "assistant",
    "X-SPOUSE": "spouse",
    "X-MANAGER": "manager",
    "X-ASSISTANT": "assistant",
}
_GROUP_KINDS = frozenset({"group", "org", "location"})
CARDS_BETWEEN_REPORTS = 200  # cards read between two reports of how far


def parse_vcard(path: Path, options: ImportOptions | None = None) -> ParseResult:
    """vCards carry no interactions: of ``options`` only ``on_read`` is used (told how
    many of the file's lines are read)."""
    on_read = options.on_read if options is not None else None
    out = Collector("vcard", path.name)
    data = to_utf8_bytes(read_bytes(path))
    lines = data.count(b"\n") + 1 if on_read is not None else 0
    found = 0
    for card in split_cards(data):
        found += 1
        if on_read is not None and found % CARDS_BETWEEN_REPORTS == 0:
            told(on_read, card.line, lines)
        try:
            _read_card(card, path.name, out)
        except (ValueError, TypeError, IndexError, KeyError, LookupError) as exc:
            out.skip(path.name, card.line, f"unreadable card ({type(exc).__name__})")
    if not found:
        raise ImportFormatError(
            "no BEGIN:VCARD found; this is not a vCard file",
            file=path.name,
            hint="Export the address book as vCard (.vcf).",
        )
    told(on_read, lines, lines)
    return out.result()


def _read_card(card: RawCard, file: str, out: Collector) -> None:
    if not card.closed:
        out.skip(file, card.line, "card has no END:VCARD (file cut off?)")
        return
    by_name: dict[str, list[Prop]] = defaultdict(list)
    labels: dict[str, str] = {}
    for number, raw in logical_lines(card):
        prop = parse_prop(number, raw)
        if prop is None:
            out.warn(f"`{file}` line {number}: an unreadable property was ignored.")
            continue
        by_name[prop.name].append(prop)
        if prop.name == "X-ABLABEL" and prop.group:
            labels[prop.group] = unwrap_label(unescape(prop.value))
    kind = _first_text(by_name, "KIND", "X-ADDRESSBOOKSERVER-KIND")
    if kind and kind.lower() in _GROUP_KINDS:
        out.skip(file, card.line, f"a contact {kind.lower()}, not a person")
        return
    if (_first_text(by_name, "X-ABSHOWAS") or "").upper() == "COMPANY":  # Apple Contacts
        out.skip(file, card.line, "a company's card (X-ABShowAs: COMPANY), not a person")
        return
    record = _person(by_name, labels, card.line)
    if record is None:
        out.skip(file, card.line, "card has no name, email or phone")
        return
    out.add_person(record)


def _first_text(by_name: dict[str, list[Prop]], *names: str) -> str | None:
    for name in names:
        for prop in by_name.get(name, ()):
            value = clean(unescape(prop.value))
            if value:
                return value
    return None


def _preferred(props: list[Prop]) -> list[Prop]:
    """PREF (2.1/3.0 type) or PREF=1 (4.0) first, otherwise file order."""

    def rank(prop: Prop) -> int:
        if "pref" in prop.types:
            return 0
        pref = prop.params.get("PREF")
        if pref and pref[0].strip().isdecimal() and len(pref[0].strip()) <= 3:
            return int(pref[0].strip())
        return 100

    return sorted(props, key=rank)


def _names(by_name: dict[str, list[Prop]]) -> tuple[str | None, str | None, str | None]:
    """(full name, given, family) from FN and N; N components may hold comma lists."""
    given = family = None
    parts: list[str | None] = []
    for prop in by_name.get("N", ())[:1]:
        pieces = [
            clean(" ".join(unescape(v) for v in split_escaped(p, ","))) or None
            for p in split_escaped(prop.value, ";")
        ]
        pieces += [None] * (5 - len(pieces))
        family, given = pieces[0], pieces[1]
        parts = [pieces[3], pieces[1], pieces[2], pieces[0], pieces[4]]
    full = _first_text(by_name, "FN") or clean(join_name(*parts)) or None
    return full, given, family


def _orgs(by_name: dict[str, list[Prop]]) -> list[str]:
    orgs = []
    for prop in by_name.get("ORG", ()):
        first = clean(unescape(split_escaped(prop.value, ";")[0]))
        if first:
            orgs.append(first)
    return orgs


def _emails_phones(by_name: dict[str, list[Prop]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    emails = [normalize_email(unescape(p.value)) for p in _preferred(by_name.get("EMAIL", []))]
    phones = [collapse_phone(unescape(p.value)) for p in _preferred(by_name.get("TEL", []))]
    return unique([e for e in emails if e]), unique([p for p in phones if p])


def _urls(by_name: dict[str, list[Prop]]) -> tuple[str | None, tuple[str, ...]]:
    linkedin: str | None = None
    others: list[str] = []
    props = by_name.get("URL", []) + by_name.get("X-SOCIALPROFILE", [])
    for prop in _preferred(props):
        value = clean(unescape(prop.value))
        if not value:
            continue
        profile = normalize_linkedin_url(value)
        if profile:
            linkedin = linkedin or profile
        elif prop.name == "URL":
            others.append(value)
    return linkedin, unique(others)


def _birthday(by_name: dict[str, list[Prop]]) -> Birthday | None:
    for prop in by_name.get("BDAY", ()):
        if any(v.lower() == "text" for v in prop.params.get("VALUE", ())):
            continue  # "circa 1800" is not a date
        found = parse_birthday(unescape(prop.value).split("T", 1)[0])
        if found is None:
            continue
        if "X-APPLE-OMIT-YEAR" in prop.params:
            return Birthday(found.month, found.day, None)
        return found
    return None


def _location(by_name: dict[str, list[Prop]]) -> str | None:
    for prop in _preferred(by_name.get("ADR", [])):
        parts = [clean(unescape(p)) for p in split_escaped(prop.value, ";")]
        parts += [None] * (7 - len(parts))
        place = ", ".join(p for p in (parts[3], parts[4], parts[6]) if p)
        if place:
            return place
    return None


def _related(by_name: dict[str, list[Prop]], labels: dict[str, str]) -> tuple[RelatedRecord, ...]:
    found: list[RelatedRecord] = []
    for prop in by_name.get("RELATED", ()):
        value = clean(unescape(prop.value))
        kind = next(iter(sorted(prop.types - {"pref"})), "related")
        if value:
            is_uri = ":" in value and " " not in value
            found.append(RelatedRecord(kind, None if is_uri else value, value if is_uri else None))
    for name, default in _RELATIVES.items():
        for prop in by_name.get(name, ()):
            value = clean(unescape(prop.value))
            label = labels.get(prop.group or "", "") if prop.group else ""
            if value:
                found.append(RelatedRecord((label or default).lower(), value))
    return tuple(found)


def _tags(by_name: dict[str, list[Prop]]) -> tuple[str, ...]:
    tags: list[str] = []
    for prop in by_name.get("CATEGORIES", ()):
        tags += [t for t in (clean(unescape(p)) for p in split_escaped(prop.value, ",")) if t]
    return unique(tags)


def _notes(by_name: dict[str, list[Prop]]) -> str | None:
    notes = [unescape(p.value).strip() for p in by_name.get("NOTE", ())]
    joined = "\n\n".join(n for n in notes if n)
    return joined or None


def _person(
    by_name: dict[str, list[Prop]], labels: dict[str, str], line: int
) -> PersonRecord | None:
    full, given, family = _names(by_name)
    emails, phones = _emails_phones(by_name)
    orgs = _orgs(by_name)
    titles = [t for t in (clean(unescape(p.value)) for p in by_name.get("TITLE", ())) if t]
    name = full or (orgs[0] if orgs else None) or (emails[0] if emails else None)
    name = name or (phones[0] if phones else None)
    if not name:
        return None
    linkedin, urls = _urls(by_name)
    uid = _first_text(by_name, "UID", "X-ABUID")
    if uid:
        external = f"person:uid:{uid}"
    elif emails:
        external = f"person:email:{emails[0]}"
    else:
        external = f"person:name:{short_hash(name.casefold(), orgs[0] if orgs else '')}"
    positions = tuple(
        PositionRecord(org, titles[i] if i < len(titles) else None) for i, org in enumerate(orgs)
    )
    return PersonRecord(
        external_id=external,
        name=name,
        given_name=given,
        family_name=family,
        nickname=_first_text(by_name, "NICKNAME"),
        emails=emails,
        phones=phones,
        urls=urls,
        linkedin_url=linkedin,
        org=orgs[0] if orgs else None,
        title=titles[0] if titles else _first_text(by_name, "ROLE"),
        location=_location(by_name),
        tags=_tags(by_name),
        notes=_notes(by_name),
        birthday=_birthday(by_name),
        positions=positions,
        related=_related(by_name, labels),
        line=line,
    )
