"""HTML forms: what the browser posts, and its translation into service inputs.

Every problem is reported beside its field (``FieldErrors``); the page re-renders with the
values the person typed and status 422.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict

from kith.core.numbers import whole_number
from kith.core.types import CHANNELS, CIRCLES, INITIATORS, INTENTS, OUTCOMES
from kith.errors import KithError, UsageError
from kith.schemas.interactions import InteractionCreate, InteractionRead, InteractionUpdate
from kith.schemas.people import PersonCreate, PersonUpdate
from kith.services.contacts import normalize_email

MIN_YEAR, MAX_YEAR = 1900, 2199  # the coach counts weeks back from dates
_REF = re.compile(r"\(#(\d+)\)\s*$")
_REFS = re.compile(r"\(#(\d+)\)")
_SPLIT = re.compile(r"[,;\n]+")


class FieldErrors(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class _Form(BaseModel):
    model_config = ConfigDict(extra="ignore")


def person_option(name: str, person_id: int) -> str:
    """The text a picker shows and posts back: ``Ada Lovelace (#12)``."""
    return f"{name} (#{person_id})"


def person_ref(text: str) -> str:
    """``Ada Lovelace (#12)`` -> ``12``; anything else is a name, email or id as typed."""
    match = _REF.search(text)
    return match.group(1) if match else text.strip()


def people_refs(text: str) -> list[str]:
    """``Doe, Jo (#5), Ana`` -> ``["5", "Ana"]``: a picked person's label may hold commas,
    so each ``(#id)`` takes the text before it as its label; typed names after the last one
    are separated by commas."""
    parts = _REFS.split(text or "")
    return [*parts[1::2], *split_list(parts[-1])]


def split_list(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text or "") if part.strip()]


def parse_day(text: str, field: str, errors: dict[str, str]) -> date | None:
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        errors[field] = f"“{text}” is not a date: use YYYY-MM-DD, e.g. 2024-03-15."
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        errors[field] = f"Use a date between {MIN_YEAR} and {MAX_YEAR}."
        return None
    return day


def parse_int(text: str, field: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    if not text.strip():
        return None
    number = whole_number(text)
    if number is None or not low <= number <= high:
        errors[field] = f"Use a whole number from {low} to {high}."
        return None
    return number


# ---- logging an interaction -------------------------------------------------------------


class _TouchForm(_Form):
    """What a logged touch says, as the quick log and the correction form post it."""

    channel: str = "message"
    intent: str = "catch_up"
    initiator: str = "me"
    on: str = ""
    summary: str = ""
    note: str = ""
    outcome: str = ""
    next: str = ""


class LogForm(_TouchForm):
    person: str = ""


def field_of(exc: KithError, fallback: str) -> str:
    """The form field a service error is about (its message names the CLI flag)."""
    text = str(exc)
    for name in ("channel", "intent", "initiator", "outcome"):
        if f"--{name}" in text:
            return name
    return fallback


def interaction_from(form: LogForm) -> InteractionCreate:
    errors: dict[str, str] = {}
    if not form.person.strip():
        errors["person"] = "Who was it with? Type a name, or pick one from the list."
    errors |= _choice_errors(form.channel, form.intent, form.initiator, form.outcome)
    on = parse_day(form.on, "on", errors)
    if errors:
        raise FieldErrors(errors)
    summary = " ".join(form.summary.split()) or default_summary(form.intent, form.channel)
    return InteractionCreate(
        summary=summary[:500],
        with_people=[person_ref(form.person)],
        channel=form.channel,
        intent=form.intent,
        initiator=form.initiator,
        on=on,
        outcome=form.outcome or None,
        note=form.note.strip() or None,
    )


def default_summary(intent: str, channel: str) -> str:
    return f"{intent.replace('_', ' ').capitalize()} ({channel.replace('_', ' ')})"


# ---- correcting an interaction ----------------------------------------------------------


class InteractionForm(_TouchForm):
    people: str = ""  # "Ada Lovelace (#12), Ben Okafor (#14)"


def interaction_form(it: InteractionRead) -> InteractionForm:
    """The form showing a logged interaction as it is."""
    return InteractionForm(
        people=", ".join(person_option(p.person, p.person_id) for p in it.people),
        channel=it.channel,
        intent=it.intent,
        initiator=it.initiator,
        on=it.on.isoformat(),
        summary=it.summary,
        note=it.notes or "",
        outcome=it.outcome or "",
    )


def interaction_update_from(form: InteractionForm) -> InteractionUpdate:
    """Every field, as the form shows them all; a blank outcome or note clears it."""
    errors: dict[str, str] = {}
    names = people_refs(form.people)
    if not names:
        errors["people"] = "Who was it with? Name at least one person."
    errors |= _choice_errors(form.channel, form.intent, form.initiator, form.outcome)
    on = parse_day(form.on, "on", errors)
    if on is None and "on" not in errors:
        errors["on"] = "When was it? Use YYYY-MM-DD, e.g. 2024-03-15."
    if errors:
        raise FieldErrors(errors)
    return InteractionUpdate(
        summary=(" ".join(form.summary.split()) or default_summary(form.intent, form.channel))[
            :500
        ],
        with_people=names,
        channel=form.channel,
        intent=form.intent,
        initiator=form.initiator,
        on=on,
        outcome=form.outcome or None,
        note=form.note.strip() or None,
    )


def _choice_errors(channel: str, intent: str, initiator: str, outcome: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, value, options in (
        ("channel", channel, CHANNELS),
        ("intent", intent, INTENTS),
        ("initiator", initiator, INITIATORS),
    ):
        if value not in options:
            errors[name] = f"Choose one of: {', '.join(c.replace('_', ' ') for c in options)}."
    if outcome and outcome not in OUTCOMES:
        errors["outcome"] = "Choose helped, declined or no reply."
    if outcome and intent != "ask":
        errors["outcome"] = "An outcome records how an ask went: set the intent to “ask”."
    return errors


# ---- adding and editing a person --------------------------------------------------------


class PersonForm(_Form):
    name: str = ""
    emails: str = ""
    phones: str = ""
    urls: str = ""
    org: str = ""
    title: str = ""
    tags: str = ""
    location: str = ""
    how_met: str = ""
    met_on: str = ""
    circle: str = ""
    cadence_days: str = ""
    closeness: str = ""
    kin: str = ""
    do_not_contact: str = ""
    notes: str = ""


def _common(form: PersonForm, errors: dict[str, str]) -> dict[str, object]:
    name = " ".join(form.name.split())
    if not name:
        errors["name"] = "A person needs a name."
    elif len(name) > 200:
        errors["name"] = "Keep the name under 200 characters."
    for email in split_list(form.emails):
        try:
            normalize_email(email, "email")
        except UsageError:
            errors["emails"] = f"“{email}” does not look like an email: use name@example.org."
            break
    if form.circle and form.circle not in CIRCLES:
        errors["circle"] = f"Choose one of {', '.join(CIRCLES)}, or leave it to kith."
    return {
        "name": name,
        "location": form.location.strip() or None,
        "how_met": form.how_met.strip() or None,
        "met_on": parse_day(form.met_on, "met_on", errors),
        "circle": form.circle or None,
        "cadence_days": parse_int(form.cadence_days, "cadence_days", 1, 3650, errors),
        "closeness": parse_int(form.closeness, "closeness", 1, 5, errors),
        "kin": bool(form.kin),
        "do_not_contact": bool(form.do_not_contact),
        "notes": form.notes.strip() or None,
    }


def person_create_from(form: PersonForm) -> PersonCreate:
    errors: dict[str, str] = {}
    values = _common(form, errors)
    if errors:
        raise FieldErrors(errors)
    return PersonCreate.model_validate(
        {
            **values,
            "emails": split_list(form.emails),
            "phones": split_list(form.phones),
            "urls": split_list(form.urls),
            "org": form.org.strip() or None,
            "title": form.title.strip() or None,
            "tags": split_list(form.tags),
        }
    )


def person_update_from(form: PersonForm, current_tags: list[str]) -> PersonUpdate:
    """The edit form shows the whole person; unchanged values are simply written back."""
    errors: dict[str, str] = {}
    values = _common(form, errors)
    if errors:
        raise FieldErrors(errors)
    tags = split_list(form.tags)
    wanted = {" ".join(t.lower().split()) for t in tags}
    return PersonUpdate.model_validate(
        {
            **values,
            "add_emails": split_list(form.emails),
            "add_phones": split_list(form.phones),
            "add_urls": split_list(form.urls),
            "add_tags": tags,
            "remove_tags": [t for t in current_tags if t not in wanted],
        }
    )
