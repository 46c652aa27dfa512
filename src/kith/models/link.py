"""Who knows whom: an undirected link between two people (stored with a < b)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kith.models.base import Base, Owned


class Link(Owned, Base):
    __tablename__ = "links"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_a_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    person_b_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    since_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="manual")

    # the unique constraint serves lookups by (owner, a); the index serves (owner, b)
    __table_args__ = (
        UniqueConstraint("owner_id", "person_a_id", "person_b_id"),
        Index("ix_links_owner_b", "owner_id", "person_b_id"),
    )
