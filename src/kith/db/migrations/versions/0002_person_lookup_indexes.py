"""indexes for per-person lookups within an owner

The people list now walks an index in name order instead of sorting all of an owner's
people for every page, counts them from the index alone, and finds "me" directly (each
request looks "me" up). The owner_id indexes alone let the query planner scan all of an
owner's participants, positions or links when a page asks for a few dozen people at once
(a people-list page took 160 ms per query at 30,000 people); (owner_id, person) indexes make
those lookups direct.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 00:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_owner_archived")
        batch_op.create_index(
            "ix_people_owner_list", ["owner_id", "is_me", "archived", "name_key", "id"]
        )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index("ix_participants_owner_person", ["owner_id", "person_id"])
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index("ix_positions_owner_person", ["owner_id", "person_id"])
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index("ix_links_owner_b", ["owner_id", "person_b_id"])


def downgrade() -> None:
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("ix_links_owner_b")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index("ix_positions_owner_person")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index("ix_participants_owner_person")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_owner_list")
        batch_op.create_index("ix_people_owner_archived", ["owner_id", "archived"])
