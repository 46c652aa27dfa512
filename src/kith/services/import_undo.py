"""Undo an import: remove the people and interactions it created, as if it never ran.

Every person and interaction an import creates carries that import's id (``batch_id``).
Undoing it deletes those interactions (with their participants) and those people (with
their contact points, tags, positions and the links and merge suggestions the import made,
and their provenance), and the organizations left with nobody, so importing the file again
brings everything back. The import stays in the history, marked undone.

What you made your own since is kept, and said so: a created person stays when you have
logged a touch with them, put them in a group, set a reminder, linked them by hand,
merged them, edited them, or a later import matched them; they then count as yours. An
imported interaction you edited no longer belongs to its import (``interaction_edits``).
What an import did to people who were already in kith (a new email, a tag, a position, a
filled-in field, your own name from a LinkedIn profile) is taken back from its record
(``import_changes``), except values you have changed again since; its provenance for
them goes too, so importing the file again matches and enriches them anew. Imports saved
before kith kept the import of each row (schema 0005) have nothing to undo by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, update

from kith.core.coach_common import and_list, plural
from kith.db.engine import bump_data_revision
from kith.errors import ConflictError, NotFoundError
from kith.importers.base import source_for
from kith.models import (
    GroupActivity,
    ImportBatch,
    Interaction,
    Link,
    Membership,
    MergeRecord,
    Organization,
    Participant,
    Person,
    Position,
    Reminder,
    SourceRecord,
)
from kith.services.context import Ctx
from kith.services.import_changes import revert
from kith.services.import_history import ROWS_MARKED

KEPT_SHOWN = 10  # names of kept people listed


@dataclass(frozen=True)
class Undo:
    """What undoing import ``batch_id`` removes (``done``) or would remove (a preview)."""

    batch_id: int
    file: str
    interactions: int
    people: int
    kept: int  # people the import created that are yours now and stay
    kept_names: tuple[str, ...]  # the first KEPT_SHOWN of them, by name
    organizations: int
    reverted: int  # what it added to people already in kith, or changed in them: undone
    changed_since: int  # of those changes, values changed again since: left as they are
    done: bool

    @property
    def removes_anything(self) -> bool:
        return bool(self.interactions or self.people or self.organizations)

    def headline(self) -> str:
        """The first sentence of the preview (``done`` False) or of the result."""
        if self.removes_anything:
            verb = "Removed" if self.done else "Undoing it would remove"
            return f"{verb} {self.removed()}."
        if self.done:
            return "Nothing it created was still here, so nothing was removed."
        return "It created nothing that is still here: undoing it removes nothing."

    def removed(self) -> str:
        """``9 interactions, 3 people and 1 organization`` (what is not zero), or
        ``nothing``."""
        counts = (
            (self.interactions, "interaction", "interactions"),
            (self.people, "person", "people"),
            (self.organizations, "organization", "organizations"),
        )
        parts = [plural(n, one, many) for n, one, many in counts if n]
        return and_list(parts) if parts else "nothing"

    def kept_words(self) -> list[str]:
        """Sentences on what else goes and what stays, for the preview and the result."""
        out = []
        if self.kept:
            more = ", ..." if self.kept > len(self.kept_names) else ""
            names = ", ".join(self.kept_names) + more
            out.append(
                f"{plural(self.kept, 'person', 'people')} it created "
                f"{'stays' if self.kept == 1 else 'stay'}, because you have used them since "
                f"(a touch, a group, a reminder, a link, an edit or a later import): {names}."
            )
        if self.reverted:
            out.append(
                f"{plural(self.reverted, 'change', 'changes')} it made to people already in "
                "kith (an email, a tag, a position, a filled-in field) "
                f"{'is' if self.reverted == 1 else 'are'} taken back"
                f"{' too' if self.removes_anything else ''}."
            )
        if self.changed_since:
            one = self.changed_since == 1
            out.append(
                f"{plural(self.changed_since, 'value', 'values')} it set that you have changed "
                f"since {'stays as you left it' if one else 'stay as you left them'}."
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "import_id": self.batch_id,
            "file": self.file,
            "done": self.done,
            "removed": {
                "interactions": self.interactions,
                "people": self.people,
                "organizations": self.organizations,
            },
            "kept_people": self.kept,
            "kept_names": list(self.kept_names),
            "changes_reverted": self.reverted,
            "changes_kept": self.changed_since,
        }


def undo_import(ctx: Ctx, batch_id: int, *, dry_run: bool = False) -> Undo:
    """Remove what import ``batch_id`` created (or, with ``dry_run``, say what would go)."""
    batch = _undoable(ctx, batch_id)
    ctx.session.flush()
    kept = _kept_people(ctx, batch)
    leaving: set[int] = set(ctx.session.scalars(_of_batch(ctx, Person, batch_id))) - kept
    interactions = _count(ctx, _of_batch(ctx, Interaction, batch_id))
    orgs = _orphaned_orgs(ctx, batch_id, leaving)
    # first: what it did to people already there (source records back to their old import
    # before the import's own are deleted); what goes with the people it created is not
    # counted as theirs
    changes = revert(ctx.session, ctx.owner_id, batch_id, dry_run=dry_run, leaving=leaving)
    undo = Undo(batch_id, batch.file_name, interactions, len(leaving), len(kept),
                _names(ctx, kept), len(orgs), changes.removed + changes.restored, changes.kept,
                done=not dry_run)  # fmt: skip
    if not dry_run:
        _remove(ctx, batch, kept, orgs)
        batch.status = "undone"
        batch.counts = {**(batch.counts or {}), "undone": _record(ctx, undo)}
        bump_data_revision(ctx.session, {ctx.owner_id})
        ctx.session.flush()
        ctx.session.expire_all()
    return undo


def _undoable(ctx: Ctx, batch_id: int) -> ImportBatch:
    batch = ctx.session.get(ImportBatch, batch_id)
    if batch is None or batch.owner_id != ctx.owner_id or batch.status not in ("done", "undone"):
        raise NotFoundError(
            f"There is no import {batch_id}.", hint="`kith db imports` lists your imports."
        )
    if batch.status == "undone":
        undone = (batch.counts or {}).get("undone", {}).get("at", "")
        raise ConflictError(
            f"Import {batch_id} ({batch.file_name}) was already undone"
            + (f" on {undone[:10]}." if undone else "."),
            hint="Import the file again to bring it back.",
        )
    if (batch.counts or {}).get(ROWS_MARKED) is not True:
        raise ConflictError(
            f"Import {batch_id} ({batch.file_name}) was made by an earlier version of kith, "
            "which did not mark the people and interactions each import created: it cannot "
            "be undone.",
            hint="Restore a backup from before it (kith db backup keeps them in the backups "
            "folder), or remove what you do not want by hand.",
        )
    return batch


def _of_batch(ctx: Ctx, model: Any, batch_id: int) -> Select[Any]:
    return select(model.id).where(model.owner_id == ctx.owner_id, model.batch_id == batch_id)


def _count(ctx: Ctx, query: Select[Any]) -> int:
    return ctx.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _kept_people(ctx: Ctx, batch: ImportBatch) -> set[int]:
    """People ``batch`` created that something else now refers to, or that changed since."""
    created = _of_batch(ctx, Person, batch.id)
    users: list[Select[Any]] = [
        select(Participant.person_id)
        .join(Interaction, Interaction.id == Participant.interaction_id)
        .where(Participant.person_id.in_(created), _not_of(Interaction.batch_id, batch.id)),
        select(Membership.person_id).where(Membership.person_id.in_(created)),
        select(GroupActivity.person_id).where(GroupActivity.person_id.in_(created)),
        select(Reminder.person_id).where(Reminder.person_id.in_(created)),
        select(MergeRecord.kept_id).where(MergeRecord.kept_id.in_(created)),
        select(MergeRecord.merged_id).where(MergeRecord.merged_id.in_(created)),
        select(Link.person_a_id).where(Link.person_a_id.in_(created), _by_hand(batch)),
        select(Link.person_b_id).where(Link.person_b_id.in_(created), _by_hand(batch)),
        select(Person.introduced_by_id).where(
            Person.introduced_by_id.in_(created), _not_of(Person.batch_id, batch.id)
        ),
        select(SourceRecord.entity_id).where(
            SourceRecord.owner_id == ctx.owner_id,
            SourceRecord.entity_type == "person",
            SourceRecord.entity_id.in_(created),
            _not_of(SourceRecord.batch_id, batch.id),
        ),
        created.where(Person.updated_at > (batch.finished_at or batch.started_at)),
    ]
    kept: set[int] = set()
    for query in users:
        kept.update(pid for pid in ctx.session.scalars(query) if pid is not None)
    return kept


def _by_hand(batch: ImportBatch) -> ColumnElement[bool]:
    """A link not made by an import from the same source as ``batch``."""
    return Link.source != source_for(batch.kind)


def _not_of(column: Any, batch_id: int) -> ColumnElement[bool]:
    return or_(column.is_(None), column != batch_id)


def _names(ctx: Ctx, kept: set[int]) -> tuple[str, ...]:
    if not kept:
        return ()
    shown = sorted(kept)[: KEPT_SHOWN * 20]  # enough to pick the first names from
    names = ctx.session.scalars(select(Person.display_name).where(Person.id.in_(shown)))
    return tuple(sorted(names, key=str.casefold)[:KEPT_SHOWN])


def _orphaned_orgs(ctx: Ctx, batch_id: int, leaving: set[int]) -> list[int]:
    """Organizations where only the people about to be removed work."""
    created = _of_batch(ctx, Person, batch_id)
    theirs = select(Position.organization_id).where(Position.person_id.in_(created))
    rows = ctx.session.execute(
        select(Position.organization_id, Position.person_id).where(
            Position.owner_id == ctx.owner_id, Position.organization_id.in_(theirs)
        )
    )
    orgs: dict[int, bool] = {}  # organization -> anyone staying works there
    for org, pid in rows:
        orgs[org] = orgs.get(org, False) or pid not in leaving
    return sorted(org for org, staying in orgs.items() if not staying)


def _remove(ctx: Ctx, batch: ImportBatch, kept: set[int], orgs: list[int]) -> None:
    session, owner = ctx.session, ctx.owner_id
    created = _of_batch(ctx, Person, batch.id)
    provenance = delete(SourceRecord).where(
        SourceRecord.owner_id == owner, SourceRecord.batch_id == batch.id
    )
    # its records of people already there (matched, now unmatched: their changes went)
    session.execute(provenance.where(SourceRecord.entity_id.not_in(created)))
    for chunk in _chunks(sorted(kept)):  # yours now: no longer the import's
        session.execute(update(Person).where(Person.id.in_(chunk)).values(batch_id=None))
    # the records of the people who go (importing again creates them anew); people who
    # stay keep theirs, as they keep what the import wrote into them
    session.execute(provenance.where(SourceRecord.entity_id.in_(created)))
    session.execute(
        delete(Interaction).where(Interaction.owner_id == owner, Interaction.batch_id == batch.id)
    )
    session.execute(delete(Person).where(Person.owner_id == owner, Person.batch_id == batch.id))
    for chunk in _chunks(orgs):
        session.execute(delete(Organization).where(Organization.id.in_(chunk)))


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _record(ctx: Ctx, undo: Undo) -> dict[str, Any]:
    """What the import's history entry keeps of its undo."""
    return {
        "at": ctx.now().isoformat(),
        "interactions": undo.interactions,
        "people": undo.people,
        "kept_people": undo.kept,
        "organizations": undo.organizations,
    }
