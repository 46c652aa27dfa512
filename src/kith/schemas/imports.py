"""Past imports as they cross the boundary."""

from __future__ import annotations

from typing import Any

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
    updated: dict[str, int] = Field(
        description="Records found from an earlier import of the same source and updated."
    )
    merged: dict[str, int] = Field(
        default_factory=dict,
        description="Records matched to people already in kith (by an address, a phone or "
        "a profile) and merged into them.",
    )
    skipped: int
    notes: list[str]
    undoable: bool = Field(
        default=False,
        description="Whether there is something to undo and POST /api/v1/imports/{id}/undo "
        "can undo it (an import that changed nothing has nothing to undo; imports made "
        "before kith marked the rows each import created cannot be undone).",
    )
    undone: dict[str, Any] | None = Field(
        default=None,
        description="Set once the import was undone: when ('at') and how many interactions, "
        "people and organizations it removed, and how many people it kept ('kept_people').",
    )


class SkippedRead(BaseModel):
    file: str
    line: int | None
    reason: str


class ImportReportRead(BaseModel):
    """What an import did (or, on a dry run, would do), by kind of record."""

    import_id: int | None = Field(
        description="The saved import (undo it with POST /api/v1/imports/{id}/undo); null "
        "for a dry run and for a restored backup."
    )
    file: str
    kind: str
    dry_run: bool
    created: dict[str, int]
    updated: dict[str, int]
    merged: dict[str, int]
    unchanged: dict[str, int]
    skipped: list[SkippedRead]
    merge_candidates: int
    warnings: list[str]


class UndoRemoved(BaseModel):
    interactions: int
    people: int
    organizations: int


class ImportUndoRead(BaseModel):
    """What undoing an import removed (``done``), or would remove (a dry run)."""

    import_id: int
    file: str
    done: bool
    removed: UndoRemoved
    kept_people: int = Field(
        description="People the import created that stay: you have used them since (a touch, "
        "a group, a reminder, a link, an edit, or a later import matched them)."
    )
    kept_names: list[str] = Field(description="The first of them, by name.")
    changes_reverted: int = Field(
        description="What it added to people already in kith, or changed in them (an email, "
        "a tag, a position, a filled-in field), taken back."
    )
    changes_kept: int = Field(
        description="Values it set that you have changed again since: left as you left them."
    )
