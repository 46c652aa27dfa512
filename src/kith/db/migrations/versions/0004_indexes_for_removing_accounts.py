"""indexes that let an account be removed

`kith users remove` deletes an account and everything in it. Each deleted person makes the
database clear or delete what refers to them, looked up by that person's id:

- people.introduced_by_id and people.merged_into_id had no index (a scan of every person,
  every owner's, for each person deleted);
- participants.person_id: on PostgreSQL, which cannot skip through (owner_id, person_id),
  an index of its own (0003 had dropped it when people were never deleted). SQLite does
  skip through it, so it does not pay for one more index on every imported participant.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_people_introduced_by_id", "people", ["introduced_by_id"])
    op.create_index("ix_people_merged_into_id", "people", ["merged_into_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_participants_person_id", "participants", ["person_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_participants_person_id", table_name="participants")
    op.drop_index("ix_people_merged_into_id", table_name="people")
    op.drop_index("ix_people_introduced_by_id", table_name="people")
