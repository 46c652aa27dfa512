"""Career history from imported records: positions and the organizations they are at.

New people get their positions in bulk (organizations created once, in one insert);
people already in kith go through ``network.add_position``, so a newer export with a new
employer closes the old position instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from kith.core.orgs import normalize_org
from kith.db.bulk import BulkInsert
from kith.db.engine import reserve_ids
from kith.importers.base import PersonRecord, PositionRecord
from kith.models import Organization, Person, Position
from kith.services import network
from kith.services.import_apply import Applier

PRELOAD_CHUNK = 500  # people whose rows are read in one query
POSITION_COLUMNS = (
    "owner_id", "person_id", "organization_id", "title", "started_on", "ended_on", "source",
)  # fmt: skip


class CareerImport:
    """Writes the positions of one import's people (organizations cached by key)."""

    def __init__(self, applier: Applier) -> None:
        self.applier = applier
        self.ctx = applier.ctx
        self.orgs: dict[str, int] | None = None
        self.keys: dict[str, str] = {}  # organization name -> normalize_org(name)
        session = self.ctx.session
        self.positions = BulkInsert(
            session,
            Position.__table__,
            POSITION_COLUMNS,
        )
        self.new_orgs = BulkInsert(
            session, Organization.__table__, ("id", "owner_id", "name", "normalized", "industry")
        )
        self.day = self.positions.converter("started_on")
        self.held: dict[int, list[Held]] = {}  # positions of people enriched, by person
        self.loaded_orgs: dict[str, Organization] = {}  # people enriched work there, by key

    def add_new(self, ids: Sequence[int], records: Sequence[PersonRecord]) -> None:
        """Positions of people just created (nothing to compare with)."""
        orgs = self._ensure_orgs(records)
        owner, source, day = self.applier.owner_id, self.applier.source, self.day
        for pid, rec in zip(ids, records, strict=True):
            for pos in positions_of(rec):
                self.positions.add(
                    (
                        owner,
                        pid,
                        orgs.get(self._key(pos.org)) or self._org_id(pos.org, rec.industry),
                        pos.title,
                        day(as_day(pos.started_on)),
                        day(as_day(pos.ended_on)),
                        source,
                    )
                )
        self.positions.flush()

    def _known_orgs(self) -> dict[str, int]:
        if self.orgs is None:
            rows = self.ctx.session.connection().execute(
                select(Organization.normalized, Organization.id).where(
                    Organization.owner_id == self.applier.owner_id
                )
            )
            self.orgs = {key: oid for key, oid in rows}
        return self.orgs

    def _ensure_orgs(self, records: Sequence[PersonRecord]) -> dict[str, int]:
        """Known organizations, the missing ones created in one bulk insert."""
        orgs = self._known_orgs()
        missing: dict[str, tuple[str, str | None]] = {}
        for rec in records:
            for pos in positions_of(rec):
                key = self._key(pos.org)
                if key and key not in orgs and key not in missing:
                    missing[key] = (pos.org.strip()[:200], rec.industry)
        ids = reserve_ids(self.ctx.session, Organization.__table__, len(missing))
        owner = self.applier.owner_id
        for oid, (key, (name, industry)) in zip(ids, missing.items(), strict=True):
            self.new_orgs.add((oid, owner, name, key, industry))
            orgs[key] = oid
        self.new_orgs.flush()
        return orgs

    def _key(self, name: str) -> str:
        """``normalize_org(name)``, once per name (30,000 people work at 2,500 places)."""
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = normalize_org(name)
        return key

    def _org_id(self, name: str, industry: str | None) -> int:
        """An organization whose name normalizes to nothing special (created one by one)."""
        orgs = self._known_orgs()
        key = normalize_org(name)
        found = orgs.get(key)
        if found is None:
            found = orgs[key] = network.get_or_create_org(self.ctx, name, industry).id
        return found

    def preload(self, person_ids: Collection[int]) -> None:
        """Read the positions of the people this import may enrich, a chunk at a time,
        instead of two queries per person in ``update``."""
        ids = sorted(set(person_ids) - self.held.keys())
        for pid in ids:
            self.held[pid] = []
        for start in range(0, len(ids), PRELOAD_CHUNK):
            rows = self.ctx.session.scalars(
                select(Position)
                .where(Position.person_id.in_(ids[start : start + PRELOAD_CHUNK]))
                .order_by(Position.id)
            )
            for pos in rows:
                self.held[pos.person_id].append(Held(pos.organization.normalized, pos))

    def update(self, person: Person, rec: PersonRecord) -> bool:
        """A new employer in a newer export closes the old position instead of duplicating.
        True when a position was added."""
        held = self._held(person.id)
        known = {(h.key, h.position.started_on) for h in held}
        current = _current(held)
        found = False
        for pos in positions_of(rec):
            key = self._key(pos.org)
            start = as_day(pos.started_on)
            if (key, start) in known or (pos.ended_on is None and key == current):
                continue
            self._add(person.id, held, pos, self._org_for(key, pos.org, rec.industry))
            found = True
        return found

    def _held(self, person_id: int) -> list[Held]:
        if person_id not in self.held:
            self.preload([person_id])
        return self.held[person_id]

    def _add(
        self, person_id: int, held: list[Held], pos: PositionRecord, org: Organization
    ) -> None:
        """As ``network.add_position``: a new current position ends the person's other
        open ones (those started by then), without a query or a flush."""
        start, end = as_day(pos.started_on), as_day(pos.ended_on)
        if end is None:
            for h in held:
                network.end_if_left(h.position, org.id, start or self.ctx.today())
        position = Position(
            owner_id=self.applier.owner_id, person_id=person_id, organization_id=org.id,
            title=pos.title, started_on=start, ended_on=end, source=self.applier.source,
        )  # fmt: skip
        self.ctx.session.add(position)
        held.append(Held(org.normalized, position))

    def _org_for(self, key: str, name: str, industry: str | None) -> Organization:
        """The organization ``name`` (normalized: ``key``) for someone already in kith,
        through ``network.get_or_create_org`` once per organization and import: unlike
        ``_org_id`` for new people, it fills in an industry the organization had none of."""
        org = self.loaded_orgs.get(key)
        if org is None or (industry and not org.industry):
            org = self.loaded_orgs[key] = network.get_or_create_org(self.ctx, name, industry)
            if self.orgs is not None:
                self.orgs.setdefault(org.normalized, org.id)
        return org


@dataclass(frozen=True, slots=True)
class Held:
    """A position of someone already in kith: its organization's key, and the row."""

    key: str
    position: Position


def _current(held: Sequence[Held]) -> str | None:
    """The organization key of the most recent open position (``current_positions``)."""
    best: Held | None = None
    for h in held:
        if h.position.ended_on is None and network.more_recent(
            h.position, best.position if best else None
        ):
            best = h
    return None if best is None else best.key


def positions_of(rec: PersonRecord) -> list[PositionRecord]:
    positions = list(rec.positions)
    if rec.org and not any(p.org == rec.org and p.ended_on is None for p in positions):
        positions.append(PositionRecord(org=rec.org, title=rec.title))
    return [p for p in positions if p.org.strip()]


def as_day(value: object) -> date | None:
    if value is None:
        return None
    as_date: Any = getattr(value, "as_date", None)
    if callable(as_date):
        result = as_date()
        assert isinstance(result, date)
        return result
    assert isinstance(value, date)
    return value
