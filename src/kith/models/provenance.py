"""Where data came from: makes imports idempotent and merges traceable and reversible."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kith.models.base import Base, Owned, UTCDateTime


class ImportBatch(Owned, Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    file_hash: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SourceRecord(Owned, Base):
    """One imported record: (source, external id) -> the entity it created or updated."""

    __tablename__ = "source_records"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("import_batches.id", ondelete="SET NULL")
    )

    __table_args__ = (
        Index("ix_source_records_lookup", "owner_id", "source", "external_id", unique=True),
    )


class MergeCandidate(Owned, Base):
    """Two people who may be the same, offered to the user (``kith merges list``)."""

    __tablename__ = "merge_candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_a_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    person_b_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|accepted|rejected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MergeRecord(Owned, Base):
    """A merge that happened, with what it moved, so it can be undone."""

    __tablename__ = "merge_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_id: Mapped[int] = mapped_column(Integer, ForeignKey("people.id", ondelete="CASCADE"))
    merged_id: Mapped[int] = mapped_column(Integer, ForeignKey("people.id", ondelete="CASCADE"))
    moved: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ImportChange(Owned, Base):
    """What an import did to a row that was already there, or a row it added through the
    ORM (enriching people already in kith), so that undoing the import can revert it:
    ``column_name`` None means the row was added (undo deletes it); otherwise that column went
    from ``old`` to ``new`` (undo restores ``old`` while the value is still ``new``)."""

    __tablename__ = "import_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(Integer)
    column_name: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
