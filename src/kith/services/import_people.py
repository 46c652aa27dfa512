"""Imported people: matched by email, LinkedIn URL or phone, else created in bulk.

A record seen before (same source and external id) is unchanged when its content hash is
the same, and otherwise enriches the person it created. A new record that matches someone
already in kith by an exact contact point is merged into them; the rest are created with
their contact points, tags and positions in a few bulk inserts, provenance in the same pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kith.db.bulk import BulkInsert, Row
from kith.db.engine import reserve_ids
from kith.importers.base import PersonRecord, ProfileRecord, SkippedRecord
from kith.models import ContactPoint, Owner, Person, PersonTag
from kith.services import network
from kith.services.contacts import name_key, normalize_phone, normalize_url
from kith.services.import_apply import Applier, Progress, Seen, fast_name_key
from kith.services.import_career import PRELOAD_CHUNK, CareerImport
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
PERSON_COLUMNS = (
    "id", "owner_id", "display_name", "name_key", "is_me", "location", "notes", "how_met",
    "met_on", "birthday", "is_kin", "do_not_contact", "ended", "archived", "created_at",
    "updated_at", "batch_id",
)  # fmt: skip
POINT_COLUMNS = ("owner_id", "person_id", "kind", "value", "normalized")
Found = tuple[Seen | None, str | int | None]  # (seen before, content hash | person matched)


class PeopleImport:
    """Applies the people of one import (and creates participants nobody knew yet)."""

    def __init__(self, applier: Applier) -> None:
        self.applier, self.ctx, self.tally = applier, applier.ctx, applier.tally
        session = self.ctx.session
        self.career = CareerImport(applier)
        self.loaded: dict[int, Person] = {}  # people to enrich, held while the import runs
        self.points_added = self.points_read = 0  # addresses added to match by, and when read
        self.people = BulkInsert(session, Person.__table__, PERSON_COLUMNS)
        after = (self.people,)
        self.points = BulkInsert(session, ContactPoint.__table__, POINT_COLUMNS, after=after)
        self.tags = BulkInsert(
            session, PersonTag.__table__, ("owner_id", "person_id", "tag"), after=after
        )
        self.now = self.people.value("created_at", self.ctx.now())
        self.met_on = self.people.converter("met_on")
        self.false = self.people.value("is_me", False)
        owner = session.get(Owner, applier.owner_id)
        self.mine = frozenset(e.lower() for e in (owner.my_emails if owner else None) or ())
        self.me_id: int | None = None  # read when first needed

    def apply(self, records: Sequence[PersonRecord], progress: Progress | None) -> None:
        fresh: list[PersonRecord] = []
        session = self.ctx.session
        found = self._preload(records)
        # what the people already here are given is flushed a chunk at a time: every row
        # it needs was read above, so nothing on the way has to see it in the database
        with session.no_autoflush:
            enriched = 0
            for i, (rec, hint) in enumerate(zip(records, found, strict=True)):
                if self._apply_one(rec, hint, fresh):
                    enriched += 1
                    if enriched % PRELOAD_CHUNK == 0:
                        session.flush()
                if progress and i % 500 == 0:
                    progress(i)
        session.flush()
        self.create(fresh)
        for rec in records:
            if rec.related:
                self._related(rec)

    def _preload(self, records: Sequence[PersonRecord]) -> list[Found]:
        """Who each record is (seen before, or matched) and the people these records will
        enrich, read with their contact points, tags and positions a chunk at a time (a
        query or three per person otherwise)."""
        sources = self.applier.sources
        found: list[Found] = []
        ids: set[int] = set()
        self.points_read = self.points_added
        for rec in records:
            seen = sources.get(rec.external_id)
            if seen is None:
                pid = self._match(rec)
                found.append((seen, pid))
            else:
                digest = rec.content_hash
                pid = seen[2] if digest != seen[1] else None
                found.append((seen, digest))
            if pid:
                ids.add(pid)
        ordered = sorted(ids)
        for start in range(0, len(ordered), PRELOAD_CHUNK):
            people = self.ctx.session.scalars(
                select(Person)
                .where(Person.id.in_(ordered[start : start + PRELOAD_CHUNK]))
                .options(selectinload(Person.contact_points), selectinload(Person.tags))
            )
            self.loaded.update((person.id, person) for person in people)
        self.career.preload(ids)
        return found

    def _apply_one(self, rec: PersonRecord, found: Found, fresh: list[PersonRecord]) -> bool:
        """Enrich who ``rec`` is (True), or keep it in ``fresh`` to be created. The match
        made up front holds until an enrichment adds an address or profile to match by."""
        seen, hint = found
        if seen is not None:
            assert isinstance(hint, str)
            return self._known(rec, seen, hint)
        match = hint if self.points_added == self.points_read else self._match(rec)
        if not isinstance(match, int):
            fresh.append(rec)
            return False
        self.enrich(match, rec, "merged")
        self.applier.remember(rec.external_id, rec.content_hash, "person", match)
        if match == self._me_id() and any(e.lower() in self.mine for e in rec.emails):
            self._yours(rec)
        return True

    def _me_id(self) -> int:
        if self.me_id is None:
            self.me_id = me_person(self.ctx).id
        return self.me_id

    def _yours(self, rec: PersonRecord) -> None:
        """A record with one of your addresses is you (a phone's "My Card"): its other
        addresses are yours from now on (mail from them is yours), and the report says so.
        Not a record matched to you by a phone number alone: a home phone is shared."""
        self.learn_emails(rec.emails)
        me = me_person(self.ctx)
        if rec.name and me.display_name == "Me":  # the name you have not given kith yet
            me.display_name, me.name_key = rec.name, name_key(rec.name)
        where = f" (line {rec.line})" if rec.line else ""
        self.tally.notes.append(
            f"{rec.name}{where} is you: one of their addresses is yours, so what it holds "
            "was added to your own page, not to a new contact."
        )

    def learn_emails(self, emails: Iterable[str]) -> None:
        """Remember ``emails`` among the owner's own addresses."""
        owner = self.ctx.session.get(Owner, self.applier.owner_id)
        assert owner is not None
        mine = list(owner.my_emails or [])
        mine += [e for e in dict.fromkeys(e.lower() for e in emails) if e not in mine]
        owner.my_emails = mine
        self.mine = frozenset(mine)

    def _known(self, rec: PersonRecord, seen: Seen, digest: str) -> bool:
        """A record imported before: unchanged, or its person enriched (True)."""
        sid, before, pid = seen
        if digest == before:
            self.tally.unchanged["people"] += 1
            return False
        if self.ctx.session.get(Person, pid) is None:  # deleted since; recreate next time
            return False
        self.enrich(pid, rec, "updated")
        self.applier.update_source(sid, digest)
        return True

    def _match(self, rec: PersonRecord) -> int | None:
        points = self.applier.points
        for email in rec.emails:
            if (pid := points.get(("email", email.lower()))) is not None:
                return pid
        if rec.linkedin_url and (
            (pid := points.get(("linkedin", normalize_url(rec.linkedin_url)))) is not None
        ):
            return pid
        for phone in rec.phones:
            if (pid := points.get(("phone", normalize_phone(phone)))) is not None:
                return pid
        if any(email.lower() in self.mine for email in rec.emails):
            return self._me_id()  # your own card (a phone's "My Card"): you
        return None

    def create(self, records: Sequence[PersonRecord]) -> list[int]:
        """Create these people (rows, contact points, tags, positions, provenance)."""
        if not records:
            return []
        applier, owner = self.applier, self.applier.owner_id
        ids = reserve_ids(self.ctx.session, Person.__table__, len(records))
        for pid, rec in zip(ids, records, strict=True):
            key = fast_name_key(rec.name)
            self.people.add(self._person_row(pid, key, rec))
            self.points.extend(self._point_rows(pid, rec))
            self.tags.extend((owner, pid, tag) for tag in clean_tags(rec.tags))
            applier.names.setdefault(key, []).append(pid)
            applier.remember(rec.external_id, rec.content_hash, "person", pid)
        self.people.flush()
        self.points.flush()
        self.tags.flush()
        self.career.add_new(ids, records)
        self.tally.touched_people.update(ids)
        self.tally.created["people"] += len(records)
        return ids

    def _person_row(self, pid: int, key: str, rec: PersonRecord) -> Row:
        false, now = self.false, self.now
        return (
            pid, self.applier.owner_id, rec.name, key, false, rec.location, rec.notes,
            "Connected on LinkedIn" if rec.connected_on else None, self.met_on(rec.connected_on),
            str(rec.birthday) if rec.birthday else None, false, false, false, false, now, now,
            self.applier.batch_id,
        )  # fmt: skip

    def _point_rows(self, pid: int, rec: PersonRecord) -> list[Row]:
        """New contact points of ``pid`` (also indexed for matching later records)."""
        wanted: list[tuple[str, str, str]] = [("email", e, e.lower()) for e in rec.emails]
        wanted += [("phone", p, normalize_phone(p)) for p in rec.phones]
        if rec.linkedin_url:
            wanted.append(("linkedin", rec.linkedin_url, normalize_url(rec.linkedin_url)))
        wanted += [("url", u, normalize_url(u)) for u in rec.urls]
        rows: list[Row] = []
        seen: set[tuple[str, str]] = set()
        points = self.applier.points
        for kind, value, norm in wanted:
            if (kind, norm) in seen or not norm:
                continue
            seen.add((kind, norm))
            if (kind, norm) not in points:
                points[kind, norm] = pid
                self.points_added += 1
            rows.append((self.applier.owner_id, pid, kind, value[:500], norm[:500]))
        return rows

    def enrich(self, pid: int, rec: PersonRecord, how: str) -> None:
        """Add what a record knows to an existing person, never overwriting the user's data.
        A record matched to someone already in kith counts as merged; a changed record of an
        earlier import as updated, or unchanged when it adds nothing kith keeps."""
        person = self.loaded.get(pid) or self.ctx.session.get(Person, pid)
        assert person is not None
        changed = self._add_details(person, rec)
        changed = self.career.update(person, rec) or changed
        if changed:
            person.updated_at = self.ctx.now()
        self.tally.touched_people.add(pid)
        if how == "merged":
            self.tally.merged["people"] += 1
        else:
            (self.tally.updated if changed else self.tally.unchanged)["people"] += 1

    def _add_details(self, person: Person, rec: PersonRecord) -> bool:
        """Contact points, tags and empty fields ``rec`` adds to ``person`` (True if any)."""
        existing = {(cp.kind, cp.normalized) for cp in person.contact_points}
        new_points = [
            row for row in self._point_rows(person.id, rec) if (row[2], row[4]) not in existing
        ]
        for row in new_points:
            person.contact_points.append(ContactPoint(**dict(zip(POINT_COLUMNS, row, strict=True))))
        have = {t.tag for t in person.tags}
        new_tags = [tag for tag in clean_tags(rec.tags) if tag not in have]
        for tag in new_tags:
            person.tags.append(PersonTag(owner_id=self.applier.owner_id, tag=tag))
        filled = [
            (field, value)
            for field, value in (
                ("location", rec.location), ("notes", rec.notes), ("met_on", rec.connected_on)
            )
            if value and not getattr(person, field)
        ]  # fmt: skip
        for field, value in filled:
            setattr(person, field, value)
        return bool(new_points or new_tags or filled)

    def _related(self, rec: PersonRecord) -> None:
        seen = self.applier.sources.get(rec.external_id)
        if seen is None:
            return
        pid = seen[2]
        for rel in rec.related:
            target = self.applier.person_by_name(rel.name) if rel.name else None
            if target is None or target == pid:
                self.tally.skipped.append(
                    SkippedRecord(
                        self.applier.file,
                        rec.line,
                        f"{rec.name}: related person '{rel.name or rel.uri}' "
                        "is not in kith yet; add them and run the import again to link them",
                    )
                )
                continue
            kind = RELATED_KINDS.get(rel.kind, "knows")
            network.add_link(self.ctx, pid, target, kind=kind, source=self.applier.source)
            self.tally.created["links"] += 1

    def apply_me(self, profile: ProfileRecord) -> None:
        """The user's own profile: their name, emails, career and LinkedIn URL."""
        me = me_person(self.ctx)
        if profile.name and me.display_name == "Me":
            me.display_name, me.name_key = profile.name, name_key(profile.name)
        self.learn_emails(profile.emails)
        record = PersonRecord(
            external_id="me",
            name=me.display_name,
            linkedin_url=profile.linkedin_url,
            positions=profile.positions,
            industry=profile.industry,
        )
        self.career.update(me, record)
        if profile.linkedin_url:
            key = ("linkedin", normalize_url(profile.linkedin_url))
            if key not in self.applier.points:
                me.contact_points.append(
                    ContactPoint(
                        owner_id=self.applier.owner_id,
                        kind="linkedin",
                        value=profile.linkedin_url,
                        normalized=key[1],
                    )
                )
                self.applier.points[key] = me.id


def clean_tags(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for raw in tags:
        tag = " ".join(raw.strip().lower().split())[:100]
        if tag and tag not in seen:
            seen.append(tag)
    return seen
