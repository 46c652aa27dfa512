"""Career history from imported records: positions and the organizations they are at.

New people get their positions in bulk (organizations created once, in one insert);
people already in kith go through ``network.add_position``, so a newer export with a new
employer closes the old position instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Sequence
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

    def update(self, person: Person, rec: PersonRecord) -> bool:
        """A new employer in a newer export closes the old position instead of duplicating.
        True when a position was added."""
        ctx = self.ctx
        rows = ctx.session.scalars(select(Position).where(Position.person_id == person.id))
        known = {(p.organization.normalized, p.started_on) for p in rows}
        current = {
            p.organization.normalized for p in network.current_positions(ctx, [person.id]).values()
        }
        found = False
        for pos in positions_of(rec):
            key = normalize_org(pos.org)
            start = as_day(pos.started_on)
            if (key, start) in known or (pos.ended_on is None and key in current):
                continue
            added = network.add_position(
                ctx,
                person,
                org=pos.org,
                title=pos.title,
                industry=rec.industry,
                started_on=start,
                ended_on=as_day(pos.ended_on),
                source=self.applier.source,
            )
            if self.orgs is not None:
                self.orgs.setdefault(key, added.organization_id)
            found = True
        return found


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
