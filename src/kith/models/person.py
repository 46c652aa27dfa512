"""People (the user is one of them: ``is_me``), their contact points and tags."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kith.models.base import Base, Owned, UTCDateTime


class Person(Owned, Base):
    __tablename__ = "people"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str | None] = mapped_column(String(200))
    how_met: Mapped[str | None] = mapped_column(Text)
    met_on: Mapped[date | None] = mapped_column(Date)
    introduced_by_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="SET NULL")
    )
    circle_pin: Mapped[str | None] = mapped_column(String(10))
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    closeness: Mapped[int | None] = mapped_column(Integer)
    is_kin: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    ended: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    birthday: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD or --MM-DD
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # the import that created this person (an import_batches id; None: added by hand), so
    # that undoing the import removes it. A plain number, not a foreign key: SQLite cannot
    # add a reference to an existing table without copying it, and import records are only
    # deleted with the account that owns both.
    batch_id: Mapped[int | None] = mapped_column(Integer, index=True)

    contact_points: Mapped[list[ContactPoint]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="ContactPoint.id"
    )
    tags: Mapped[list[PersonTag]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonTag.tag"
    )

    # the people list walks this index in name order; counting it needs no table rows.
    # Deleting a person (removing an account deletes all of theirs) clears the references
    # to them, found through the two id indexes.
    __table_args__ = (
        Index("ix_people_owner_list", "owner_id", "is_me", "archived", "name_key", "id"),
        Index("ix_people_introduced_by_id", "introduced_by_id"),
        Index("ix_people_merged_into_id", "merged_into_id"),
    )


class ContactPoint(Owned, Base):
    """An email, phone or URL (LinkedIn profiles are kind ``linkedin``)."""

    __tablename__ = "contact_points"
    owner_indexed = False  # a composite index starts with owner_id

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # email | phone | url | linkedin
    value: Mapped[str] = mapped_column(String(500))
    normalized: Mapped[str] = mapped_column(String(500))
    label: Mapped[str | None] = mapped_column(String(60))

    person: Mapped[Person] = relationship(back_populates="contact_points")

    __table_args__ = (Index("ix_contact_points_lookup", "owner_id", "kind", "normalized"),)


class PersonTag(Owned, Base):
    """A tag or interest on a person."""

    __tablename__ = "person_tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    tag: Mapped[str] = mapped_column(String(100))

    person: Mapped[Person] = relationship(back_populates="tags")
