"""Imported interactions: streamed in chunks of rows, with their participants.

An interaction seen before (same source and external id) is left alone. A new one needs at
least one participant kith can identify (by email, LinkedIn URL, or an unambiguous name);
a participant nobody knew yet becomes a new person. Each chunk reserves its ids, then
writes its interactions and participants as tuples, so memory stays flat however long the
export. An interaction carries its own provenance (``source`` and ``external_id``), which a
re-import reads back in one scan (:meth:`Applier.known_interactions`): no
``source_records`` row per message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from kith.db.bulk import CHUNK, BulkInsert, Row
from kith.db.engine import IdSequence
from kith.importers.base import InteractionRecord, ParticipantRef, PersonRecord, SkippedRecord
from kith.models import Interaction, Participant
from kith.services.contacts import name_from_address, normalize_url
from kith.services.import_apply import Applier, Progress, stored_id
from kith.services.import_people import PeopleImport

INTERACTION_COLUMNS = (
    "id", "owner_id", "occurred_at", "channel", "intent", "initiator", "summary", "notes",
    "source", "external_id", "created_at", "batch_id",
)  # fmt: skip
Pending = list[tuple[InteractionRecord, list[int]]]


class InteractionImport:
    """Applies the interactions of one import."""

    def __init__(self, applier: Applier, people: PeopleImport, chunk: int = CHUNK) -> None:
        self.applier, self.people, self.tally = applier, people, applier.tally
        self.chunk = chunk  # interactions per reserved block of ids
        session = applier.ctx.session
        self.rows = BulkInsert(session, Interaction.__table__, INTERACTION_COLUMNS)
        self.links = BulkInsert(
            session,
            Participant.__table__,
            ("owner_id", "interaction_id", "person_id"),
            after=(self.rows,),
        )
        self.ids = IdSequence(session, Interaction.__table__)
        self.when = self.rows.converter("occurred_at")
        self.created_at = self.rows.value("created_at", applier.ctx.now())
        # id(participants tuple) -> (that tuple, person ids); records of one conversation
        # share their tuple. Holding it keeps the id from being reused while memoized.
        self.memo: dict[int, tuple[tuple[ParticipantRef, ...], list[int]]] = {}
        self.generation = 0  # people created while resolving; a change voids the memo
        self.known: set[str] = set()  # external ids (as stored) of this source's interactions

    def apply(self, records: Iterable[InteractionRecord], progress: Progress | None) -> None:
        sources, pending = self.applier.sources, []
        known = self.known = self.applier.known_interactions()
        for i, rec in enumerate(records):
            stored = stored_id(rec.external_id)
            if stored in known or stored in sources:  # imported before, or deleted since
                self.tally.unchanged["interactions"] += 1
                continue
            who = self._participants(rec.participants)
            if not who:
                self.tally.skipped.append(
                    SkippedRecord(self.applier.file, rec.line, "no participant could be identified")
                )
                continue
            pending.append((rec, who))
            if len(pending) >= self.chunk:
                self._write(pending)
                pending = []
            if progress and i % 2000 == 0:
                progress(i)
        self._write(pending)

    def _write(self, pending: Pending) -> None:
        """One chunk: ids reserved, then interactions and participants."""
        if not pending:
            return
        applier, created_at, when = self.applier, self.created_at, self.when
        owner, source, batch = applier.owner_id, applier.source, applier.batch_id
        ids = self.ids.take(len(pending))
        rows: list[Row] = []
        links: list[Row] = []
        known = self.known
        for iid, (rec, who) in zip(ids, pending, strict=True):
            at, external_id = rec.occurred_at, stored_id(rec.external_id)
            rows.append(
                (
                    iid, owner, when(at if at.tzinfo is not None else at.astimezone(UTC)),
                    rec.channel, rec.intent, rec.initiator, (rec.summary or rec.channel)[:500],
                    rec.content, source, external_id, created_at, batch,
                )
            )  # fmt: skip
            links += [(owner, iid, pid) for pid in who]
            known.add(external_id)
        self.rows.extend(rows)
        self.links.extend(links)
        self.links.flush()  # the interactions first (foreign key)
        self.tally.created["interactions"] += len(pending)

    def _participants(self, refs: tuple[ParticipantRef, ...]) -> list[int]:
        """Person ids of everyone in ``refs`` (new people created for unknown ones)."""
        hit = self.memo.get(id(refs))
        if hit is not None and hit[0] is refs:
            return hit[1]
        out: list[int] = []
        generation = self.generation
        for ref in refs:
            pid = self._resolve(ref)
            if pid is None:
                pid = self._new_person(ref)
            if pid is not None and pid not in out:
                out.append(pid)
        if generation == self.generation:
            self.memo[id(refs)] = (refs, out)
        return out

    def _resolve(self, ref: ParticipantRef) -> int | None:
        points = self.applier.points
        if ref.email and (pid := points.get(("email", ref.email.lower()))):
            return pid
        if ref.linkedin_url and (pid := points.get(("linkedin", normalize_url(ref.linkedin_url)))):
            return pid
        if ref.name and not ref.email:
            return self.applier.person_by_name(ref.name)
        return None

    def _new_person(self, ref: ParticipantRef) -> int | None:
        name = (ref.name or (name_from_address(ref.email) if ref.email else "")).strip()
        if not name:
            return None
        external_id = f"participant:{(ref.email or ref.linkedin_url or name).lower()}"
        seen = self.applier.sources.get(external_id)
        if seen is not None:
            return seen[2]
        rec = PersonRecord(
            external_id=external_id,
            name=name,
            emails=(ref.email.lower(),) if ref.email else (),
            linkedin_url=ref.linkedin_url,
        )
        self.memo.clear()  # a new person can change how other names resolve
        self.generation += 1
        return self.people.create([rec])[0]
