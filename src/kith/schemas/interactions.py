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


class InteractionUpdate(BaseModel):
    """A correction: only the fields given change (``model_fields_set``). ``with_people``
    replaces everyone who took part; ``outcome`` and ``note`` given as None are cleared."""

    summary: str | None = Field(default=None, min_length=1, max_length=500)
    with_people: list[str] | None = Field(default=None, min_length=1)
    channel: str | None = None
    intent: str | None = None
    initiator: str | None = None
    on: date | None = None
    outcome: str | None = None
    note: str | None = None
