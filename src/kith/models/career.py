"""Organizations and career history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kith.models.base import Base, Owned


class Organization(Owned, Base):
    __tablename__ = "organizations"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    normalized: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str | None] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (Index("ix_organizations_lookup", "owner_id", "normalized"),)


class Position(Owned, Base):
    __tablename__ = "positions"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(200))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="manual")

    organization: Mapped[Organization] = relationship(lazy="joined")

    __table_args__ = (Index("ix_positions_owner_person", "owner_id", "person_id"),)
