"""Interactions as they cross the boundary."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class InteractionCreate(BaseModel):
    summary: str = Field(min_length=1, max_length=500)
    with_people: list[str] = Field(min_length=1, description="ids, emails or names")
    channel: str = "message"
    intent: str = "catch_up"
    initiator: str = "me"
    on: date | None = None
    outcome: str | None = None
    note: str | None = None


class Participant(BaseModel):
    person: str
    person_id: int


class InteractionRead(BaseModel):
    id: int
    occurred_at: datetime
    on: date
    channel: str
    intent: str
    initiator: str
    outcome: str | None
    summary: str
    notes: str | None
    source: str
    people: list[Participant]
