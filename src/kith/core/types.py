"""Plain, frozen data the pure core computes over.

Services load these from the database (see ``kith.services.snapshot``); the core never
touches SQLAlchemy, FastAPI or Typer. Every id is the database id of the row it came from.
Interactions are always "with" the people in ``participants``; the user ("me") is implicit
and never listed among them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

Channel = Literal[
    "in_person", "video", "call", "event", "email", "message", "social_comment", "group_post"
]
Intent = Literal["give", "ask", "connect", "catch_up", "follow_up", "thanks"]
Initiator = Literal["me", "them", "mutual"]
Outcome = Literal["helped", "declined", "no_reply"]
LinkKind = Literal["knows", "knows_well", "introduced", "colleague", "colleague_inferred", "family"]
GroupActivityKind = Literal["post", "comment", "talk", "organized"]
GroupRole = Literal["member", "observer", "organizer"]
GoalKind = Literal["job_search", "touches_per_week", "new_people_per_month"]

CHANNELS: tuple[str, ...] = (
    "in_person",
    "video",
    "call",
    "event",
    "email",
    "message",
    "social_comment",
    "group_post",
)
INTENTS: tuple[str, ...] = ("give", "ask", "connect", "catch_up", "follow_up", "thanks")
INITIATORS: tuple[str, ...] = ("me", "them", "mutual")
OUTCOMES: tuple[str, ...] = ("helped", "declined", "no_reply")
LINK_KINDS: tuple[str, ...] = (
    "knows",
    "knows_well",
    "introduced",
    "colleague",
    "colleague_inferred",
    "family",
)
USER_LINK_KINDS: tuple[str, ...] = ("knows", "knows_well", "introduced", "colleague", "family")
GROUP_ACTIVITY_KINDS: tuple[str, ...] = ("post", "comment", "talk", "organized")
GROUP_ROLES: tuple[str, ...] = ("member", "observer", "organizer")
CIRCLES: tuple[str, ...] = ("C5", "C15", "C50", "C150", "C500", "C1500")


@dataclass(frozen=True, slots=True)
class PositionFact:
    """One stint of a person at an organization."""

    org: str
    org_key: str  # normalized organization name (see kith.core.orgs.normalize_org)
    title: str | None = None
    industry: str | None = None
    started_on: date | None = None
    ended_on: date | None = None  # None: current

    @property
    def current(self) -> bool:
        return self.ended_on is None


@dataclass(frozen=True, slots=True)
class PersonFact:
    """A contact (or the user, when ``is_me``)."""

    id: int
    name: str
    added_on: date
    is_me: bool = False
    met_on: date | None = None
    closeness: int | None = None  # 1..5, the user's own rating
    circle_pin: str | None = None  # one of CIRCLES
    cadence_days: int | None = None  # user override
    is_kin: bool = False
    do_not_contact: bool = False
    ended: bool = False  # relationship ended on bad terms
    archived: bool = False
    location: str | None = None
    how_met: str | None = None
    introduced_by: int | None = None
    tags: frozenset[str] = frozenset()
    positions: tuple[PositionFact, ...] = ()
    has_email: bool = False
    has_phone: bool = False


@dataclass(frozen=True, slots=True)
class InteractionFact:
    id: int
    on: date
    channel: str
    intent: str
    initiator: str
    participants: tuple[int, ...]
    outcome: str | None = None
    # True when the note or summary mentions thanks or an update (closes a loop, spec f)
    mentions_thanks: bool = False
    summary: str = ""


@dataclass(frozen=True, slots=True)
class LinkFact:
    a: int
    b: int
    kind: str
    since: date | None = None


@dataclass(frozen=True, slots=True)
class GroupActivityFact:
    person_id: int
    kind: str
    on: date
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class GroupFact:
    id: int
    name: str
    platform: str | None = None
    url: str | None = None
    interests: frozenset[str] = frozenset()
    my_role: str | None = None  # None: the user is not a member
    joined_on: date | None = None
    members: frozenset[int] = frozenset()  # contacts (not me) who are members
    activities: tuple[GroupActivityFact, ...] = ()  # includes the user's own (person_id == me)


@dataclass(frozen=True, slots=True)
class GoalFact:
    id: int
    kind: str  # one of GoalKind
    started_on: date | None = None
    landed_on: date | None = None
    landed_org: str | None = None
    orgs: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    target: int | None = None  # habit goals: touches per week / new people per month

    @property
    def active_on(self) -> bool:
        return self.landed_on is None


@dataclass(frozen=True, slots=True)
class ReminderFact:
    id: int
    person_id: int
    due_on: date
    note: str
    done: bool = False


@dataclass(frozen=True)
class Network:
    """Everything the insights need about one owner's network, as of loading."""

    me: PersonFact
    people: Mapping[int, PersonFact]  # contacts only, archived excluded; never includes me
    interactions: tuple[InteractionFact, ...] = ()  # sorted by date ascending
    links: tuple[LinkFact, ...] = ()  # between contacts, or between me and a contact
    groups: tuple[GroupFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
    reminders: tuple[ReminderFact, ...] = ()
    my_field: frozenset[str] = field(default_factory=frozenset)  # user's own industries/roles

    @cached_property
    def by_person(self) -> Mapping[int, tuple[InteractionFact, ...]]:
        """Interactions per contact, in date order (computed once per Network)."""
        grouped: dict[int, list[InteractionFact]] = {}
        for it in self.interactions:
            for pid in it.participants:
                grouped.setdefault(pid, []).append(it)
        return {pid: tuple(items) for pid, items in grouped.items()}

    @cached_property
    def linked_contacts(self) -> frozenset[int]:
        """Contacts with at least one known link to another contact (computed once)."""
        out: set[int] = set()
        for link in self.links:
            if link.a != link.b and link.a in self.people and link.b in self.people:
                out.update((link.a, link.b))
        return frozenset(out)

    def interactions_with(self, person_id: int) -> tuple[InteractionFact, ...]:
        return self.by_person.get(person_id, ())


# ---- results shared between insight modules -------------------------------------------


@dataclass(frozen=True, slots=True)
class TieStrength:
    """Spec (a): how strong a tie is, with the parts that explain it."""

    person_id: int
    score: float  # [0, 1]
    band: str  # strong | medium | weak | nominal
    dormant: bool
    active: float  # ACTIVE sub-score: warmth now
    latent: float  # LATENT sub-score: bond that survives dormancy
    components: Mapping[str, float]  # recency, intensity, duration, closeness, structural,
    #                                  services, mutuality (closeness absent when unrated)
    last_meaningful: date | None
    why: str


@dataclass(frozen=True, slots=True)
class Reciprocity:
    """Spec (f) for one contact: the give/ask ledger and the drive-through flags."""

    person_id: int
    gives: int  # user-initiated give + connect
    asks: int  # user-initiated asks
    received: int  # contact-initiated give + connect (help received)
    balance: float
    flags: tuple[str, ...]  # cold_ask, ask_only, no_thanks, owes, ghosted_after_landing
    evidence: Mapping[str, str]  # flag code -> one sentence
