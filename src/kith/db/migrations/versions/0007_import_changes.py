"""what an import changed in rows that were already there

Undoing an import reverts what it did to people already in kith (a filled-in location, a
new email, a position that closed the old one, a source record it updated): each change
is kept here with its import, the row, the column and the old and new values; a row the
import added through those paths is kept with no column.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 16:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("column_name", sa.String(length=60), nullable=True),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owners.id"],
            name=op.f("fk_import_changes_owner_id_owners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_changes")),
    )
    op.create_index(op.f("ix_import_changes_batch_id"), "import_changes", ["batch_id"])
    op.create_index(op.f("ix_import_changes_owner_id"), "import_changes", ["owner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_import_changes_owner_id"), table_name="import_changes")
    op.drop_index(op.f("ix_import_changes_batch_id"), table_name="import_changes")
    op.drop_table("import_changes")
