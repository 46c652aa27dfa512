"""People as they cross the boundary (CLI options, forms, JSON)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class PersonCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)
    org: str | None = None
    title: str | None = None
    industry: str | None = None
    tags: list[str] = Field(default_factory=list)
    location: str | None = None
    how_met: str | None = None
    met_on: date | None = None
    introduced_by: str | None = Field(default=None, description="id, email or name")
    circle: str | None = None
    cadence_days: int | None = Field(default=None, ge=1, le=3650)
    closeness: int | None = Field(default=None, ge=1, le=5)
    kin: bool = False
    do_not_contact: bool = False
    notes: str | None = None


class PersonUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    location: str | None = None
    how_met: str | None = None
    met_on: date | None = None
    introduced_by: str | None = None
    circle: str | None = None
    cadence_days: int | None = Field(default=None, ge=1, le=3650)
    closeness: int | None = Field(default=None, ge=1, le=5)
    kin: bool | None = None
    do_not_contact: bool | None = None
    ended: bool | None = None
    notes: str | None = None
    add_emails: list[str] = Field(default_factory=list)
    add_phones: list[str] = Field(default_factory=list)
    add_urls: list[str] = Field(default_factory=list)
    add_tags: list[str] = Field(default_factory=list)
    remove_tags: list[str] = Field(default_factory=list)


class PositionRead(BaseModel):
    id: int
    org: str
    title: str | None
    industry: str | None
    started_on: date | None
    ended_on: date | None
    current: bool


class LinkRead(BaseModel):
    id: int
    person: str
    person_id: int
    kind: str
    since: date | None
    source: str


class PersonSummary(BaseModel):
    person: str
    person_id: int
    org: str | None
    title: str | None
    emails: list[str]
    tags: list[str]
    circle_pin: str | None
    last_contact: date | None
    archived: bool


class PersonRead(BaseModel):
    person: str
    person_id: int
    is_me: bool
    emails: list[str]
    phones: list[str]
    urls: list[str]
    linkedin: str | None
    location: str | None
    how_met: str | None
    met_on: date | None
    introduced_by: str | None
    introduced_by_id: int | None
    circle_pin: str | None
    cadence_days: int | None
    closeness: int | None
    kin: bool
    do_not_contact: bool
    ended: bool
    archived: bool
    tags: list[str]
    notes: str | None
    positions: list[PositionRead]
    links: list[LinkRead]
    last_contact: date | None
    interactions: int
