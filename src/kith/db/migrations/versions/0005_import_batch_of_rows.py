"""which import created each person and interaction

An import can be undone (`kith db undo-import`, the Import page): it removes the people and
interactions that import created. People and interactions now say which import that was
(``batch_id``, empty for what you added by hand and for everything imported before this
revision). A plain number, not a foreign key: SQLite cannot add a reference to an existing
table without copying the table. Indexed on people, where undo looks it up several times;
not on interactions, where an index would cost every imported message (about 15 % more
time inserting them) and undo reads the owner's interactions once anyway.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("people", "interactions")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("batch_id", sa.Integer(), nullable=True))
    op.create_index("ix_people_batch_id", "people", ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_people_batch_id", table_name="people")
    for table in TABLES:
        op.drop_column(table, "batch_id")  # SQLite 3.35+ drops a column in place
