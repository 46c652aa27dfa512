"""Applying parsed import records: the state one import shares, and its provenance.

Idempotent by construction: every person record is stored in ``source_records`` under
(source, external id) with its content hash, every interaction under the same pair on its
own row. A record seen before with the same hash is unchanged; with a new hash it updates
the entity it created; a new record is matched to an existing person by email, LinkedIn
URL or phone before anyone new is created.

People are applied by ``import_people``, interactions by ``import_interactions``; both
write with :class:`kith.db.bulk.BulkInsert` (tuples, ids reserved up front), so a
30,000-connection, 200,000-message export never holds a dict per row. People's provenance
goes through :meth:`Applier.remember` in the same pass; an interaction's is its own
``source`` and ``external_id`` (:meth:`Applier.known_interactions`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from kith.db.bulk import BulkInsert
from kith.importers.base import SkippedRecord
from kith.models import ContactPoint, Interaction, Person, SourceRecord
from kith.services.contacts import name_key
from kith.services.context import Ctx

Progress = Callable[[int], None]  # records of one list applied so far
ImportProgress = Callable[[int, int], None]  # records applied so far, of how many
Seen = tuple[int, str, int]  # (source record id, content hash, entity id); id 0 = new
PROVENANCE_COLUMNS = (
    "owner_id", "source", "external_id", "content_hash", "entity_type", "entity_id", "batch_id",
)  # fmt: skip


EXTERNAL_ID_LENGTH = 300  # source_records.external_id and interactions.external_id


def stored_id(external_id: str) -> str:
    """An external id as the database keeps it (cut to the column's length)."""
    return external_id[:EXTERNAL_ID_LENGTH]


@dataclass
class Tally:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[SkippedRecord] = field(default_factory=list)
    touched_people: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # for the report, after the parser's


def fast_name_key(name: str) -> str:
    """``contacts.name_key`` without Unicode normalization for ASCII names (the same key:
    NFKD changes no ASCII character and there is nothing to strip)."""
    if name.isascii():
        return " ".join(name.lower().split())
    return name_key(name)


class Applier:
    """What one import knows while it applies records for one owner, inside the caller's
    transaction: provenance seen so far, contact points and names to match people by."""

    def __init__(self, ctx: Ctx, source: str, file: str, batch_id: int | None) -> None:
        self.ctx, self.source, self.file, self.batch_id = ctx, source, file, batch_id
        self.owner_id = ctx.owner_id
        self.tally = Tally()
        ctx.session.flush()  # the index queries below bypass autoflush
        self.sources = self._load_sources()
        self.points = self._load_points()
        self.names = self._load_names()
        self.orgs: dict[str, int] = {}
        self.provenance = BulkInsert(
            ctx.session,
            SourceRecord.__table__,
            PROVENANCE_COLUMNS,
        )

    # ---- indexes ----------------------------------------------------------------------

    def _load_sources(self) -> dict[str, Seen]:
        rows = self.ctx.session.connection().execute(
            select(
                SourceRecord.external_id,
                SourceRecord.id,
                SourceRecord.content_hash,
                SourceRecord.entity_id,
            )
            .where(SourceRecord.owner_id == self.owner_id, SourceRecord.source == self.source)
            .order_by(SourceRecord.id)  # table order: SQLite reads the rows sequentially
        )
        return {ext: (sid, digest, eid) for ext, sid, digest, eid in rows}

    def _load_points(self) -> dict[tuple[str, str], int]:
        rows = self.ctx.session.connection().execute(
            select(ContactPoint.kind, ContactPoint.normalized, ContactPoint.person_id)
            .join(Person, Person.id == ContactPoint.person_id)
            .where(ContactPoint.owner_id == self.owner_id, Person.merged_into_id.is_(None))
        )
        return {(kind, norm): pid for kind, norm, pid in rows}

    def _load_names(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for pid, key in self.ctx.session.connection().execute(
            select(Person.id, Person.name_key).where(
                Person.owner_id == self.owner_id,
                Person.merged_into_id.is_(None),
                Person.is_me.is_(False),
            )
        ):
            out.setdefault(key, []).append(pid)
        return out

    def known_interactions(self) -> set[str]:
        """External ids (as stored, see ``stored_id``) of the interactions this source
        imported before, read in one scan of the owner's interactions."""
        ctx = self.ctx
        ctx.session.flush()
        rows = ctx.session.connection().execute(
            select(Interaction.external_id).where(
                Interaction.owner_id == self.owner_id,
                Interaction.source == self.source,
                Interaction.external_id.is_not(None),
            )
        )
        return {external_id for (external_id,) in rows if external_id is not None}

    def person_by_name(self, name: str) -> int | None:
        found = self.names.get(fast_name_key(name), [])
        return found[0] if len(found) == 1 else None

    # ---- provenance -------------------------------------------------------------------

    def remember(self, external_id: str, digest: str, entity: str, entity_id: int) -> None:
        """Record where an entity came from (written with the next chunk of rows)."""
        self.provenance.add(
            (
                self.owner_id,
                self.source,
                stored_id(external_id),
                digest,
                entity,
                entity_id,
                self.batch_id,
            )
        )
        self.sources[external_id] = (0, digest, entity_id)

    def flush_sources(self) -> None:
        self.provenance.flush()

    def update_source(self, sid: int, digest: str) -> None:
        source = self.ctx.session.get(SourceRecord, sid)
        assert source is not None
        source.content_hash = digest
        source.batch_id = self.batch_id
