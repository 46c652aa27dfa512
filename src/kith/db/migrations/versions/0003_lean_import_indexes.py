"""fewer indexes for imports to update

Every index is one more B-tree to update for each row an import writes, and a LinkedIn
export writes 200,000 interactions and as many participants. Removed:

- the single-column owner_id indexes of tables that also have a composite index starting
  with owner_id, which serves the same queries;
- ix_interactions_external (owner_id, source, external_id): nothing looks an interaction up
  by its external id; a re-import reads an owner's ids in one scan, and the random keys made
  it the most expensive index of the table to maintain;
- ix_participants_person_id: every query names the owner, so (owner_id, person_id) serves
  it; people are never deleted, so no cascade needs it.

Imported interactions no longer get a source_records row each (their own source and
external_id say where they came from); existing rows are kept and still honoured.

On SQLite the planner statistics are then gathered (ANALYZE): with one owner holding every
row, they tell SQLite that a plain table scan beats the owner indexes for whole-table
reads (see kith.db.engine.refresh_planner_stats).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERED = (  # tables whose ix_<table>_owner_id a composite index starting with owner_id covers
    "interactions",
    "participants",
    "organizations",
    "positions",
    "groups",
    "links",
    "people",
    "contact_points",
    "source_records",
)


def upgrade() -> None:
    for table in COVERED:
        op.drop_index(f"ix_{table}_owner_id", table_name=table)
    op.drop_index("ix_interactions_external", table_name="interactions")
    op.drop_index("ix_participants_person_id", table_name="participants")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE")


def downgrade() -> None:
    op.create_index("ix_participants_person_id", "participants", ["person_id"])
    op.create_index(
        "ix_interactions_external", "interactions", ["owner_id", "source", "external_id"]
    )
    for table in COVERED:
        op.create_index(f"ix_{table}_owner_id", table, ["owner_id"])
