"""Apply parsed import records to the database: match, create, update, record provenance.

Idempotent by construction: every record is stored in ``source_records`` under
(source, external id) with its content hash. A record seen before with the same hash is
unchanged; with a new hash it updates the entity it created; a new record is matched to an
existing person by email, LinkedIn URL or phone before anyone new is created. Rows are
written with bulk inserts (``RETURNING`` ids), so a 30,000-connection export stays fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select

from kith.core.orgs import normalize_org
from kith.db.engine import reserve_ids
from kith.importers.base import (
    InteractionRecord,
    ParticipantRef,
    PersonRecord,
    PositionRecord,
    ProfileRecord,
    SkippedRecord,
)
from kith.models import (
    ContactPoint,
    Interaction,
    Organization,
    Owner,
    Participant,
    Person,
    PersonTag,
    Position,
    SourceRecord,
)
from kith.services import network
from kith.services.contacts import name_key, normalize_phone, normalize_url
from kith.services.context import Ctx
from kith.services.owners import me_person

RELATED_KINDS = {
    "spouse": "family",
    "child": "family",
    "parent": "family",
    "sibling": "family",
    "kin": "family",
    "friend": "knows_well",
    "colleague": "colleague",
    "co-worker": "colleague",
    "manager": "colleague",
    "assistant": "colleague",
}
Progress = Callable[[int], None]


@dataclass
class Tally:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[SkippedRecord] = field(default_factory=list)
    touched_people: set[int] = field(default_factory=set)


class Applier:
    """Applies one parse result for one owner inside the caller's transaction."""

    def __init__(self, ctx: Ctx, source: str, file: str, batch_id: int | None) -> None:
        self.ctx, self.source, self.file, self.batch_id = ctx, source, file, batch_id
        self.tally = Tally()
        self.sources = self._load_sources()
        self.points = self._load_points()
        self.names = self._load_names()
        self.orgs: dict[str, int] = {}
        self.new_sources: list[dict[str, Any]] = []

    # ---- indexes ----------------------------------------------------------------------

    def _load_sources(self) -> dict[str, tuple[int, str, int]]:
        rows = self.ctx.session.execute(
            select(
                SourceRecord.external_id,
                SourceRecord.id,
                SourceRecord.content_hash,
                SourceRecord.entity_id,
            ).where(SourceRecord.owner_id == self.ctx.owner_id, SourceRecord.source == self.source)
        )
        return {ext: (sid, digest, eid) for ext, sid, digest, eid in rows}

    def _load_points(self) -> dict[tuple[str, str], int]:
        rows = self.ctx.session.execute(
            select(ContactPoint.kind, ContactPoint.normalized, ContactPoint.person_id)
            .join(Person, Person.id == ContactPoint.person_id)
            .where(ContactPoint.owner_id == self.ctx.owner_id, Person.merged_into_id.is_(None))
        )
        return {(kind, norm): pid for kind, norm, pid in rows}

    def _load_names(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for pid, key in self.ctx.session.execute(
            select(Person.id, Person.name_key).where(
                Person.owner_id == self.ctx.owner_id,
                Person.merged_into_id.is_(None),
                Person.is_me.is_(False),
            )
        ):
            out.setdefault(key, []).append(pid)
        return out

    # ---- people -----------------------------------------------------------------------

    def apply_people(self, records: Sequence[PersonRecord], progress: Progress | None) -> None:
        fresh: list[PersonRecord] = []
        for i, rec in enumerate(records):
            seen = self.sources.get(rec.external_id)
            if seen is not None:
                self._known_person(rec, seen)
            else:
                match = self._match(rec)
                if match is not None:
                    self._enrich(match, rec, "merged")
                    self._remember(rec.external_id, rec.content_hash, "person", match)
                else:
                    fresh.append(rec)
            if progress and i % 500 == 0:
                progress(i)
        self._create_people(fresh)
        for rec in records:
            if rec.related:
                self._related(rec)

    def _known_person(self, rec: PersonRecord, seen: tuple[int, str, int]) -> None:
        sid, digest, pid = seen
        if digest == rec.content_hash:
            self.tally.unchanged["people"] += 1
            return
        if self.ctx.session.get(Person, pid) is None:  # deleted since; recreate next time
            return
        self._enrich(pid, rec, "updated")
        source = self.ctx.session.get(SourceRecord, sid)
        assert source is not None
        source.content_hash = rec.content_hash
        source.batch_id = self.batch_id

    def _match(self, rec: PersonRecord) -> int | None:
        keys = [("email", e.lower()) for e in rec.emails]
        if rec.linkedin_url:
            keys.append(("linkedin", normalize_url(rec.linkedin_url)))
        keys += [("phone", normalize_phone(p)) for p in rec.phones]
        for key in keys:
            pid = self.points.get(key)
            if pid is not None:
                return pid
        return None

    def _create_people(self, records: Sequence[PersonRecord]) -> None:
        if not records:
            return
        now = self.ctx.now()
        rows = [self._person_row(rec, now) for rec in records]
        ids = self._insert_returning(Person, rows)
        points, tags = [], []
        for pid, rec in zip(ids, records, strict=True):
            points += self._point_rows(pid, rec)
            tags += [
                {"owner_id": self.ctx.owner_id, "person_id": pid, "tag": t}
                for t in _clean_tags(rec.tags)
            ]
            self.names.setdefault(name_key(rec.name), []).append(pid)
            self._remember(rec.external_id, rec.content_hash, "person", pid)
            self.tally.touched_people.add(pid)
        self._bulk(ContactPoint, points)
        self._bulk(PersonTag, tags)
        self._positions_bulk(ids, records)
        self.tally.created["people"] += len(records)

    def _person_row(self, rec: PersonRecord, now: datetime) -> dict[str, Any]:
        return {
            "owner_id": self.ctx.owner_id,
            "display_name": rec.name,
            "name_key": name_key(rec.name),
            "is_me": False,
            "location": rec.location,
            "notes": rec.notes,
            "how_met": "Connected on LinkedIn" if rec.connected_on else None,
            "met_on": rec.connected_on,
            "birthday": str(rec.birthday) if rec.birthday else None,
            "is_kin": False,
            "do_not_contact": False,
            "ended": False,
            "archived": False,
            "created_at": now,
            "updated_at": now,
        }

    def _point_rows(self, pid: int, rec: PersonRecord) -> list[dict[str, Any]]:
        wanted: list[tuple[str, str, str]] = [("email", e, e.lower()) for e in rec.emails]
        wanted += [("phone", p, normalize_phone(p)) for p in rec.phones]
        if rec.linkedin_url:
            wanted.append(("linkedin", rec.linkedin_url, normalize_url(rec.linkedin_url)))
        wanted += [("url", u, normalize_url(u)) for u in rec.urls]
        rows, seen = [], set()
        for kind, value, norm in wanted:
            if (kind, norm) in seen or not norm:
                continue
            seen.add((kind, norm))
            self.points.setdefault((kind, norm), pid)
            rows.append(
                {
                    "owner_id": self.ctx.owner_id,
                    "person_id": pid,
                    "kind": kind,
                    "value": value[:500],
                    "normalized": norm[:500],
                    "label": None,
                }
            )
        return rows

    def _positions_bulk(self, ids: Sequence[int], records: Sequence[PersonRecord]) -> None:
        self._ensure_orgs(records)
        rows: list[dict[str, Any]] = []
        for pid, rec in zip(ids, records, strict=True):
            for pos in _positions_of(rec):
                rows.append(
                    {
                        "owner_id": self.ctx.owner_id,
                        "person_id": pid,
                        "organization_id": self._org_id(pos.org, rec.industry),
                        "title": pos.title,
                        "started_on": _day(pos.started_on),
                        "ended_on": _day(pos.ended_on),
                        "source": self.source,
                    }
                )
        self._bulk(Position, rows)

    def _ensure_orgs(self, records: Sequence[PersonRecord]) -> None:
        """Load known organizations once and create the missing ones in one bulk insert."""
        if not self.orgs:
            self.orgs = dict(
                self.ctx.session.execute(
                    select(Organization.normalized, Organization.id).where(
                        Organization.owner_id == self.ctx.owner_id
                    )
                ).all()
            )
        missing: dict[str, dict[str, Any]] = {}
        for rec in records:
            for pos in _positions_of(rec):
                key = normalize_org(pos.org)
                if key and key not in self.orgs and key not in missing:
                    missing[key] = {
                        "owner_id": self.ctx.owner_id,
                        "name": pos.org.strip()[:200],
                        "normalized": key,
                        "industry": rec.industry,
                    }
        rows = list(missing.values())
        for key, oid in zip(missing, self._insert_returning(Organization, rows), strict=True):
            self.orgs[key] = oid

    def _org_id(self, name: str, industry: str | None) -> int:
        key = normalize_org(name)
        found = self.orgs.get(key)
        if found is None:  # an organization name that normalizes to nothing special
            found = self.orgs[key] = network.get_or_create_org(self.ctx, name, industry).id
        return found

    def _enrich(self, pid: int, rec: PersonRecord, how: str) -> None:
        """Add what a record knows to an existing person, never overwriting the user's data."""
        person = self.ctx.session.get(Person, pid)
        assert person is not None
        existing = {(cp.kind, cp.normalized) for cp in person.contact_points}
        for row in self._point_rows(pid, rec):
            if (row["kind"], row["normalized"]) not in existing:
                person.contact_points.append(ContactPoint(**row))
        have = {t.tag for t in person.tags}
        for tag in _clean_tags(rec.tags):
            if tag not in have:
                person.tags.append(PersonTag(owner_id=self.ctx.owner_id, tag=tag))
        person.location = person.location or rec.location
        person.notes = person.notes or rec.notes
        person.met_on = person.met_on or rec.connected_on
        self._update_career(person, rec)
        person.updated_at = self.ctx.now()
        self.tally.touched_people.add(pid)
        (self.tally.merged if how == "merged" else self.tally.updated)["people"] += 1

    def _update_career(self, person: Person, rec: PersonRecord) -> None:
        """A new employer in a newer export closes the old position instead of duplicating."""
        rows = self.ctx.session.scalars(select(Position).where(Position.person_id == person.id))
        known = {(p.organization.normalized, p.started_on) for p in rows}
        current = {
            p.organization.normalized
            for p in network.current_positions(self.ctx, [person.id]).values()
        }
        for pos in _positions_of(rec):
            key = normalize_org(pos.org)
            start = _day(pos.started_on)
            if (key, start) in known or (pos.ended_on is None and key in current):
                continue
            network.add_position(
                self.ctx,
                person,
                org=pos.org,
                title=pos.title,
                industry=rec.industry,
                started_on=start,
                ended_on=_day(pos.ended_on),
                source=self.source,
            )

    def _related(self, rec: PersonRecord) -> None:
        seen = self.sources.get(rec.external_id)
        pid = seen[2] if seen else self._source_entity(rec.external_id)
        if pid is None:
            return
        for rel in rec.related:
            target = self._person_by_name(rel.name) if rel.name else None
            if target is None or target == pid:
                self.tally.skipped.append(
                    SkippedRecord(
                        self.file,
                        rec.line,
                        f"{rec.name}: related person '{rel.name or rel.uri}' "
                        "is not in kith yet; add them and run the import again to link them",
                    )
                )
                continue
            kind = RELATED_KINDS.get(rel.kind, "knows")
            network.add_link(self.ctx, pid, target, kind=kind, source=self.source)
            self.tally.created["links"] += 1

    def _source_entity(self, external_id: str) -> int | None:
        for row in self.new_sources:
            if row["external_id"] == external_id:
                return int(row["entity_id"])
        return None

    def _person_by_name(self, name: str) -> int | None:
        found = self.names.get(name_key(name), [])
        return found[0] if len(found) == 1 else None

    # ---- interactions -----------------------------------------------------------------

    def apply_interactions(
        self, records: Iterable[InteractionRecord], progress: Progress | None
    ) -> None:
        now = self.ctx.now()
        rows: list[dict[str, Any]] = []
        parts: list[list[int]] = []
        pending: list[InteractionRecord] = []
        for i, rec in enumerate(records):
            seen = self.sources.get(rec.external_id)
            if seen is not None:
                self.tally.unchanged["interactions"] += 1
                continue
            who = self._participants(rec.participants, rec)
            if not who:
                self.tally.skipped.append(
                    SkippedRecord(self.file, rec.line, "no participant could be identified")
                )
                continue
            rows.append(self._interaction_row(rec, now))
            parts.append(who)
            pending.append(rec)
            if progress and i % 2000 == 0:
                progress(i)
        ids = self._insert_returning(Interaction, rows)
        links = [
            {"owner_id": self.ctx.owner_id, "interaction_id": iid, "person_id": pid}
            for iid, who in zip(ids, parts, strict=True)
            for pid in who
        ]
        self._bulk(Participant, links)
        for iid, rec in zip(ids, pending, strict=True):
            self._remember(rec.external_id, rec.content_hash, "interaction", iid)
        self.tally.created["interactions"] += len(rows)

    def _interaction_row(self, rec: InteractionRecord, now: datetime) -> dict[str, Any]:
        return {
            "owner_id": self.ctx.owner_id,
            "occurred_at": rec.occurred_at.astimezone(UTC),
            "channel": rec.channel,
            "intent": rec.intent,
            "initiator": rec.initiator,
            "outcome": None,
            "summary": (rec.summary or rec.channel)[:500],
            "notes": rec.content,
            "source": self.source,
            "external_id": rec.external_id[:300],
            "created_at": now,
        }

    def _participants(self, refs: Sequence[ParticipantRef], rec: object) -> list[int]:
        out: list[int] = []
        for ref in refs:
            pid = self._resolve_ref(ref)
            if pid is None:
                pid = self._new_person_from_ref(ref)
            if pid is not None and pid not in out:
                out.append(pid)
        return out

    def _resolve_ref(self, ref: ParticipantRef) -> int | None:
        if ref.email and (pid := self.points.get(("email", ref.email.lower()))):
            return pid
        if ref.linkedin_url and (
            pid := self.points.get(("linkedin", normalize_url(ref.linkedin_url)))
        ):
            return pid
        if ref.name and not ref.email:
            return self._person_by_name(ref.name)
        return None

    def _new_person_from_ref(self, ref: ParticipantRef) -> int | None:
        name = (ref.name or (ref.email.split("@")[0] if ref.email else "")).strip()
        if not name:
            return None
        rec = PersonRecord(
            external_id=f"participant:{(ref.email or ref.linkedin_url or name).lower()}",
            name=name,
            emails=(ref.email.lower(),) if ref.email else (),
            linkedin_url=ref.linkedin_url,
        )
        if rec.external_id in self.sources:
            return self.sources[rec.external_id][2]
        self._create_people([rec])
        return self.sources[rec.external_id][2]

    # ---- the user's own profile -------------------------------------------------------

    def apply_me(self, profile: ProfileRecord) -> None:
        me = me_person(self.ctx)
        if profile.name and me.display_name == "Me":
            me.display_name, me.name_key = profile.name, name_key(profile.name)
        owner = self.ctx.session.get(Owner, self.ctx.owner_id)
        assert owner is not None
        mine = list(owner.my_emails or [])
        for email in profile.emails:
            if email.lower() not in mine:
                mine.append(email.lower())
        owner.my_emails = mine
        record = PersonRecord(
            external_id="me",
            name=me.display_name,
            linkedin_url=profile.linkedin_url,
            positions=profile.positions,
            industry=profile.industry,
        )
        self._update_career(me, record)
        if profile.linkedin_url:
            key = ("linkedin", normalize_url(profile.linkedin_url))
            if key not in self.points:
                me.contact_points.append(
                    ContactPoint(
                        owner_id=self.ctx.owner_id,
                        kind="linkedin",
                        value=profile.linkedin_url,
                        normalized=key[1],
                    )
                )
                self.points[key] = me.id

    # ---- writing ----------------------------------------------------------------------

    def _remember(self, external_id: str, digest: str, entity: str, entity_id: int) -> None:
        row = {
            "owner_id": self.ctx.owner_id,
            "source": self.source,
            "external_id": external_id[:300],
            "content_hash": digest,
            "entity_type": entity,
            "entity_id": entity_id,
            "batch_id": self.batch_id,
        }
        self.new_sources.append(row)
        self.sources[external_id] = (0, digest, entity_id)

    def flush_sources(self) -> None:
        self._bulk(SourceRecord, self.new_sources)
        self.new_sources = []

    def _insert_returning(self, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert rows with ids reserved up front (one fast executemany, ids known)."""
        ids = reserve_ids(self.ctx.session, model.__table__, len(rows))
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        self._bulk(model, rows)
        return ids

    def _bulk(self, model: Any, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), 5000):
            self.ctx.session.connection().execute(
                insert(model.__table__), list(rows[start : start + 5000])
            )


def _positions_of(rec: PersonRecord) -> list[PositionRecord]:
    positions = list(rec.positions)
    if rec.org and not any(p.org == rec.org and p.ended_on is None for p in positions):
        positions.append(PositionRecord(org=rec.org, title=rec.title))
    return [p for p in positions if p.org.strip()]


def _day(value: object) -> date | None:
    if value is None:
        return None
    as_date = getattr(value, "as_date", None)
    if callable(as_date):
        result = as_date()
        assert isinstance(result, date)
        return result
    assert isinstance(value, date)
    return value


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for raw in tags:
        tag = " ".join(raw.strip().lower().split())[:100]
        if tag and tag not in seen:
            seen.append(tag)
    return seen
