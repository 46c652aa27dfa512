"""Groups, memberships, activity and goals as they cross the boundary."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class GroupRead(BaseModel):
    id: int
    name: str
    platform: str | None
    url: str | None
    interests: list[str]
    role: str | None
    joined_on: date | None
    members: int
    last_activity: date | None


class MemberRead(BaseModel):
    person: str
    person_id: int
    joined_on: date | None
    contributions: int


class ActivityRead(BaseModel):
    id: int
    person: str
    person_id: int
    kind: str
    on: date
    topic: str | None


class GroupDetail(BaseModel):
    group: GroupRead
    members: list[MemberRead]
    activity: list[ActivityRead]


class GoalRead(BaseModel):
    id: int
    kind: str
    orgs: list[str]
    roles: list[str]
    industries: list[str]
    started_on: date | None
    landed_on: date | None
    landed_org: str | None
    target: int | None
    active: bool


class ReminderRead(BaseModel):
    id: int
    person: str
    person_id: int
    due_on: date
    note: str
    done: bool
