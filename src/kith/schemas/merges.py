"""Merge suggestions and merges as they cross the boundary."""

from __future__ import annotations

from pydantic import BaseModel


class MergeSuggestion(BaseModel):
    """Two people who may be one: ``person`` was added first and is kept by a merge."""

    id: int
    person: str
    person_id: int
    other: str
    other_id: int
    score: float
    reason: str
    status: str  # open, accepted, rejected or obsolete


class MergeRead(BaseModel):
    """A merge made: ``merged`` moved into ``person``; undone ones are listed too."""

    id: int
    person: str
    person_id: int
    merged: str
    merged_id: int
    merged_at: str
    undone: bool
