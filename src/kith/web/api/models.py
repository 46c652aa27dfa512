"""API input models: the shared schemas, made exact for JSON clients.

Pydantic's lax mode would accept ``true`` for a number, ``1`` for a boolean and a Unix
timestamp for a date; the API refuses those (422), and its OpenAPI patterns say what the
services will accept, so a request that matches the schema is never refused later.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema

from kith.schemas.interactions import InteractionCreate, InteractionUpdate
from kith.schemas.people import PersonCreate, PersonSummary, PersonUpdate

# dates from 1900 to 2199: the coach counts weeks back from them, and year 2 is a typo
DAY_PATTERN = r"^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"
_ISO_DAY = re.compile(DAY_PATTERN)
NO_NUL = r"^[^\x00]*$"
# at least one visible character (the services collapse whitespace and refuse empty names)
VISIBLE = r"^[^\x00]*[^\s\x00-\x20\x7f-\xa0][^\x00]*$"
EMAIL = r"^[^@\s\x00-\x20\x7f-\xa0]+@[^@\s\x00-\x20\x7f-\xa0]+\.[^@\s\x00-\x20\x7f-\xa0]+$"
MAX_ID = 2_147_483_647


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DAY.match(value):
        return value
    raise ValueError("use a date from 1900 to 2199, like 2024-03-15")


Cadence = Annotated[int, Field(ge=1, le=3650), BeforeValidator(_number)]
Closeness = Annotated[int, Field(ge=1, le=5), BeforeValidator(_number)]
Day = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
]
Text = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]
LongText = Annotated[str, Field(max_length=20000, pattern=NO_NUL)]
Short = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
Visible = Annotated[str, Field(min_length=1, max_length=200, pattern=VISIBLE)]
Email = Annotated[str, Field(max_length=320, pattern=EMAIL)]
Point = Annotated[str, Field(min_length=1, max_length=500, pattern=VISIBLE)]
Tag = Annotated[str, Field(max_length=100, pattern=NO_NUL)]
Circle = Literal["C5", "C15", "C50", "C150", "C500", "C1500"]
Channel = Literal[
    "in_person", "video", "call", "event", "email", "message", "social_comment", "group_post"
]
Intent = Literal["give", "ask", "connect", "catch_up", "follow_up", "thanks"]
Initiator = Literal["me", "them", "mutual"]
Outcome = Literal["helped", "declined", "no_reply"]
GroupRole = Literal["member", "observer", "organizer"]


class _Exact(BaseModel):
    model_config = ConfigDict(regex_engine="python-re", extra="forbid")


class ApiPersonCreate(_Exact, PersonCreate):
    """A new person; ``introduced_by`` names someone already known (id, email or name)."""

    name: Visible
    emails: list[Email] = Field(default_factory=list, max_length=20)
    phones: list[Point] = Field(default_factory=list, max_length=20)
    urls: list[Point] = Field(default_factory=list, max_length=20)
    org: Visible | None = None
    title: Short | None = None
    industry: Annotated[str, Field(max_length=120, pattern=NO_NUL)] | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    location: Short | None = None
    how_met: Text | None = None
    met_on: Day | None = None
    introduced_by: Visible | None = None
    circle: Circle | None = None
    cadence_days: Cadence | None = None
    closeness: Closeness | None = None
    kin: StrictBool = False
    do_not_contact: StrictBool = False
    notes: LongText | None = None


class ApiPersonUpdate(_Exact, PersonUpdate):
    """Only the fields you send change; ``add_*`` and ``remove_tags`` edit lists.

    ``null`` clears an optional field; name and the flags cannot be cleared.
    """

    name: Visible | SkipJsonSchema[None] = None
    location: Short | None = None
    how_met: Text | None = None
    met_on: Day | None = None
    introduced_by: Visible | None = None
    circle: Circle | None = None
    cadence_days: Cadence | None = None
    closeness: Closeness | None = None
    kin: StrictBool | SkipJsonSchema[None] = None
    do_not_contact: StrictBool | SkipJsonSchema[None] = None
    ended: StrictBool | SkipJsonSchema[None] = None
    notes: LongText | None = None
    add_emails: list[Email] = Field(default_factory=list, max_length=20)
    add_phones: list[Point] = Field(default_factory=list, max_length=20)
    add_urls: list[Point] = Field(default_factory=list, max_length=20)
    add_tags: list[Tag] = Field(default_factory=list, max_length=50)
    remove_tags: list[Tag] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _no_null_for_required_facts(self) -> ApiPersonUpdate:
        for name in ("name", "kin", "do_not_contact", "ended"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null: leave it out to keep it unchanged")
        return self


class ApiInteractionCreate(InteractionCreate):
    """One logged touch; ``outcome`` records how an ask went (only with intent ``ask``)."""

    model_config = ConfigDict(
        regex_engine="python-re",
        extra="forbid",
        # the schema says what the service enforces: an outcome needs intent "ask"
        json_schema_extra={
            "anyOf": [
                {"properties": {"outcome": {"type": "null"}}},
                {"properties": {"intent": {"const": "ask"}}, "required": ["intent"]},
            ]
        },
    )

    summary: Annotated[str, Field(min_length=1, max_length=500, pattern=VISIBLE)]
    with_people: list[Visible] = Field(min_length=1, max_length=50)
    channel: Channel = "message"
    intent: Intent = "catch_up"
    initiator: Initiator = "me"
    on: Day | None = None
    outcome: Outcome | None = None
    note: LongText | None = None

    @model_validator(mode="after")
    def _outcome_needs_ask(self) -> ApiInteractionCreate:
        if self.outcome is not None and self.intent != "ask":
            raise ValueError("an outcome records how an ask went: use it with intent 'ask'")
        return self


class ApiInteractionUpdate(_Exact, InteractionUpdate):
    """A correction: only the fields you send change. ``with_people`` replaces everyone
    who took part; ``null`` clears ``outcome`` and ``note`` (the others cannot be cleared).
    An outcome needs intent ``ask``: sent together otherwise, 422; an intent that does not
    fit the outcome the interaction already has (or the reverse), 409."""

    model_config = ConfigDict(
        regex_engine="python-re",
        extra="forbid",
        # the schema says what the service enforces of the body itself
        json_schema_extra={
            "anyOf": [
                {"not": {"required": ["outcome"]}},
                {"properties": {"outcome": {"type": "null"}}},
                {"not": {"required": ["intent"]}},
                {"properties": {"intent": {"const": "ask"}}},
            ]
        },
    )

    summary: (
        Annotated[str, Field(min_length=1, max_length=500, pattern=VISIBLE)] | SkipJsonSchema[None]
    ) = None
    with_people: (
        Annotated[list[Visible], Field(min_length=1, max_length=50)] | SkipJsonSchema[None]
    ) = None
    channel: Channel | SkipJsonSchema[None] = None
    intent: Intent | SkipJsonSchema[None] = None
    initiator: Initiator | SkipJsonSchema[None] = None
    on: Day | SkipJsonSchema[None] = None
    outcome: Outcome | None = None
    note: LongText | None = None

    @model_validator(mode="after")
    def _no_null_for_required_facts(self) -> ApiInteractionUpdate:
        for name in ("summary", "with_people", "channel", "intent", "initiator", "on"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null: leave it out to keep it unchanged")
        if self.outcome is not None and self.intent not in (None, "ask"):
            raise ValueError("an outcome records how an ask went: use it with intent 'ask'")
        return self


class ApiGroupCreate(_Exact):
    name: Visible
    platform: Annotated[str, Field(max_length=100, pattern=NO_NUL)] | None = None
    url: Annotated[str, Field(max_length=500, pattern=NO_NUL)] | None = None
    interests: list[Tag] = Field(default_factory=list, max_length=50)
    role: GroupRole | None = "member"
    joined_on: Day | None = None


class ApiJobSearchCreate(_Exact):
    orgs: list[Visible] = Field(default_factory=list, max_length=50)
    roles: list[Visible] = Field(default_factory=list, max_length=50)
    industries: list[Visible] = Field(default_factory=list, max_length=50)
    started_on: Day | None = None


class PeoplePage(BaseModel):
    items: list[PersonSummary]
    total: int
    limit: int
    offset: int
