"""Past imports as they cross the boundary."""

from __future__ import annotations

from pydantic import BaseModel


class ImportRead(BaseModel):
    """One saved import: what it created and updated, by kind of record, and its notes."""

    id: int
    imported_at: str
    file: str
    kind: str
    created: dict[str, int]
    updated: dict[str, int]
    skipped: int
    notes: list[str]
