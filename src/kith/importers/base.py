"""Plain records that every importer produces. No database, no I/O.

A parser reads one file (or one LinkedIn archive) and returns a :class:`ParseResult`.
The import service applies it. Two properties make applying idempotent:

- ``external_id`` is stable for the same real-world record across re-exports
  (a LinkedIn profile URL, a vCard UID, a Message-ID, an event UID plus its
  recurrence id, or failing those a hash of the identifying fields). It is unique
  within one ``ParseResult`` and namespaced by record type (``person:``,
  ``message:``, ``email:`` ...), so people and interactions never collide under one
  source.
- ``content_hash`` (people, invitations, the profile) changes exactly when the record's
  content changes, so an unchanged record can be skipped on re-import and a changed one
  updates what it created. Interactions are never updated: seen before is unchanged.

``line`` is the 1-based physical line where the record starts in its file (``None``
where lines mean nothing, e.g. inside a zip member we could not read by lines).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from kith.importers.reading import ReadProgress

Channel = Literal[
    "in_person", "video", "call", "event", "email", "message", "social_comment", "group_post"
]
Intent = Literal["give", "ask", "connect", "catch_up", "follow_up", "thanks"]
Initiator = Literal["me", "them", "mutual"]
Direction = Literal["incoming", "outgoing"]

KINDS: tuple[str, ...] = (
    "linkedin",
    "vcard",
    "google_csv",
    "outlook_csv",
    "thunderbird_csv",
    "contacts_csv",
    "ical",
    "mbox",
    "eml",
    "kith_backup",
)
CSV_KINDS = ("google_csv", "outlook_csv", "thunderbird_csv", "contacts_csv")


def source_for(kind: str) -> str:
    """The ``source`` an import of this kind gives what it creates (``eml`` files are
    mail like an mbox; every contacts CSV dialect is ``csv``)."""
    return "csv" if kind in CSV_KINDS else ("mbox" if kind == "eml" else kind)


_HASHED_FIELDS: dict[type, tuple[str, ...]] = {}


def _hashed_fields(cls: type) -> tuple[str, ...]:
    names = _HASHED_FIELDS.get(cls)
    if names is None:
        names = _HASHED_FIELDS[cls] = tuple(f.name for f in fields(cls) if f.name != "line")
    return names


def _digest(record: Any) -> str:
    """sha256 over every field except ``line`` (where a record sits is not content)."""
    parts = [repr(getattr(record, name)) for name in _hashed_fields(type(record))]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date that may be known only to the year or the month (``Nov 2022``, ``2017``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> date:
        """The first day the partial date could mean (``2017`` -> 2017-01-01)."""
        return date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Birthday:
    """Month and day, with the year when the source knows it (``--0203`` has none)."""

    month: int
    day: int
    year: int | None = None

    def __str__(self) -> str:
        head = f"{self.year:04d}" if self.year is not None else "-"
        return f"{head}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class PositionRecord:
    """One stint at an organization. ``ended_on is None`` means current (or unknown)."""

    org: str
    title: str | None = None
    started_on: PartialDate | None = None
    ended_on: PartialDate | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class RelatedRecord:
    """Someone a contact is related to (vCard RELATED, X-ABRELATEDNAMES, Google Relation)."""

    kind: str  # lower case: spouse, child, manager, assistant, friend, related ...
    name: str | None = None
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class ParticipantRef:
    """Who took part in an interaction, as far as the source says. Never the user."""

    name: str | None = None
    email: str | None = None
    linkedin_url: str | None = None


def person_key(ref: ParticipantRef) -> str:
    """Whom a reference names: its address, else its profile, else its name in any case."""
    return ref.email or ref.linkedin_url or (ref.name or "").casefold()


def each_person_once(refs: Iterable[ParticipantRef]) -> tuple[ParticipantRef, ...]:
    """Each person once, in order of appearance (``person_key``); a named mention wins over
    a bare address ("Ann Lee <ann@x>" over "ann@x")."""
    found: dict[str, ParticipantRef] = {}
    for ref in refs:
        key = person_key(ref)
        if key not in found or (ref.name and not found[key].name):
            found[key] = ref
    return tuple(found.values())


@dataclass(frozen=True, slots=True)
class PersonRecord:
    external_id: str
    name: str
    given_name: str | None = None
    family_name: str | None = None
    nickname: str | None = None
    emails: tuple[str, ...] = ()  # lower case; preferred first
    phones: tuple[str, ...] = ()  # as written, whitespace collapsed; preferred first
    urls: tuple[str, ...] = ()  # other web addresses (not the LinkedIn profile)
    linkedin_url: str | None = None  # normalized: https://www.linkedin.com/in/<slug>
    org: str | None = None
    title: str | None = None
    industry: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    birthday: Birthday | None = None
    connected_on: date | None = None
    positions: tuple[PositionRecord, ...] = ()
    related: tuple[RelatedRecord, ...] = ()
    line: int | None = None

    @property
    def content_hash(self) -> str:
        return _digest(self)


class InteractionRecord(NamedTuple):
    """One interaction. A named tuple, not a frozen dataclass like the other records: an
    export holds 200,000 messages, and building a frozen dataclass costs four times as
    much. Seen before (same source and ``external_id``) means unchanged: an interaction
    is never updated by a re-import, so it has no content hash."""

    external_id: str
    occurred_at: datetime  # timezone-aware, UTC
    channel: Channel
    intent: Intent
    initiator: Initiator
    summary: str  # short, never the message body
    participants: tuple[ParticipantRef, ...]  # everyone except the user
    content: str | None = None  # the body, only with ImportOptions.keep_content
    thread: str | None = None  # conversation id, when the source has one
    line: int | None = None


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    """A LinkedIn connection invitation: tells who made the first contact."""

    external_id: str
    sent_at: datetime  # UTC
    direction: Direction
    counterpart: ParticipantRef
    has_message: bool = False
    message: str | None = None  # only with keep_content
    line: int | None = None

    @property
    def initiator(self) -> Initiator:
        return "me" if self.direction == "outgoing" else "them"

    @property
    def content_hash(self) -> str:
        return _digest(self)


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    """The user's own profile, emails and career history (LinkedIn Profile/Positions/...)."""

    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    headline: str | None = None
    industry: str | None = None
    location: str | None = None
    birthday: Birthday | None = None
    emails: tuple[str, ...] = ()  # primary first
    phones: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    linkedin_url: str | None = None  # given or inferred (see linkedin_messages)
    positions: tuple[PositionRecord, ...] = ()

    @property
    def content_hash(self) -> str:
        return _digest(self)


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    file: str
    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    kind: str
    source: str  # file or folder name, for reports
    people: tuple[PersonRecord, ...] = ()
    interactions: tuple[InteractionRecord, ...] = ()
    invitations: tuple[InvitationRecord, ...] = ()
    me: ProfileRecord | None = None
    skipped: tuple[SkippedRecord, ...] = ()
    warnings: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "people": len(self.people),
            "interactions": len(self.interactions),
            "invitations": len(self.invitations),
            "skipped": len(self.skipped),
            "warnings": len(self.warnings),
        }


@dataclass(frozen=True)
class ImportOptions:
    """What the user told us (and who wants to know how far the file has been read).
    ``my_emails`` is compared case-insensitively."""

    my_emails: frozenset[str] = field(default_factory=frozenset)
    keep_content: bool = False
    since: date | None = None
    max_recipients: int = 20
    my_linkedin_url: str | None = None
    my_name: str | None = None
    # told how far the file has been read (``kith.importers.reading``); not a choice of
    # the user's, so never compared
    on_read: ReadProgress | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        lowered = frozenset(e.strip().lower() for e in self.my_emails if e.strip())
        object.__setattr__(self, "my_emails", lowered)

    def is_me(self, email: str | None) -> bool:
        return email is not None and email.lower() in self.my_emails
