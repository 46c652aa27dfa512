"""Past imports as they cross the boundary."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ImportRead(BaseModel):
    """One saved import: what it created and updated, by kind of record, and its notes."""

    id: int
    imported_at: str
    file: str
    kind: str
    source: str = Field(
        description="What the import's records carry as their source: list the touches it "
        "brought with GET /api/v1/interactions?source=..."
    )
    created: dict[str, int]
    updated: dict[str, int]
    skipped: int
    notes: list[str]
