"""The interaction log: what happened, with whom, why, and who reached out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kith.models.base import Base, Owned, UTCDateTime


class Interaction(Owned, Base):
    __tablename__ = "interactions"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(20))
    intent: Mapped[str] = mapped_column(String(20))
    initiator: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # the import that created this interaction (an import_batches id; None: added by hand), so
    # that undoing the import removes it. A plain number, not a foreign key: SQLite cannot
    # add a reference to an existing table without copying it, and import records are only
    # deleted with the account that owns both.
    batch_id: Mapped[int | None] = mapped_column(Integer)  # no index: see migration 0005

    participants: Mapped[list[Participant]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", order_by="Participant.id"
    )

    # (source, external_id) says which imported record an interaction came from; a re-import
    # reads an owner's ids once (a scan), so no index of its own: one less B-tree of random
    # keys to update for each of an export's 200,000 messages
    __table_args__ = (Index("ix_interactions_owner_when", "owner_id", "occurred_at"),)


class Participant(Owned, Base):
    __tablename__ = "participants"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(Integer, ForeignKey("people.id", ondelete="CASCADE"))

    interaction: Mapped[Interaction] = relationship(back_populates="participants")

    # one person's interactions, for one or many people: every query names the owner, so
    # (owner_id, person_id) serves them all. Removing an account deletes its people, and
    # each deleted person makes the database look for their participants by person_id:
    # SQLite skips through (owner_id, person_id) for that (its planner statistics say there
    # are few owners), PostgreSQL cannot, so it alone gets a person_id index (on SQLite it
    # would be one more B-tree for each of an import's 200,000 participants).
    __table_args__ = (
        Index("ix_participants_owner_person", "owner_id", "person_id"),
        Index("ix_participants_person_id", "person_id").ddl_if(dialect="postgresql"),
    )
