"""People: add, find, show, edit, list, archive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from kith.core.numbers import whole_number
from kith.core.types import CIRCLES
from kith.errors import AmbiguousError, PersonNotFoundError, SelfReferenceError, UsageError
from kith.models import ContactPoint, Interaction, Participant, Person, PersonTag
from kith.schemas.people import PersonCreate, PersonRead, PersonSummary, PersonUpdate
from kith.services import network
from kith.services.contacts import (
    contact_kind_for_url,
    name_key,
    normalize_email,
    normalize_phone,
    normalize_url,
)
from kith.services.context import Ctx
from kith.services.owners import me_person

MAX_CANDIDATES_LISTED = 8
MAX_SIMILAR = 3  # names offered when none matches ("Did you mean ...?")
SIMILAR_CUTOFF = 85.0  # rapidfuzz token_sort_ratio of the normalized names (any word order)


def _people(ctx: Ctx) -> Select[Person]:
    return select(Person).where(Person.owner_id == ctx.owner_id)


def add_person(ctx: Ctx, data: PersonCreate) -> Person:
    """Create a person with their contact points, tags and current position."""
    now = ctx.now()
    name = " ".join(data.name.split())
    if not name:
        raise UsageError("A person needs a name.")
    person = Person(
        owner_id=ctx.owner_id,
        display_name=name,
        name_key=name_key(name),
        location=data.location,
        how_met=data.how_met,
        met_on=data.met_on,
        circle_pin=_circle(data.circle),
        cadence_days=data.cadence_days,
        closeness=data.closeness,
        is_kin=data.kin,
        do_not_contact=data.do_not_contact,
        notes=data.notes,
        created_at=now,
        updated_at=now,
    )
    if data.introduced_by:
        person.introduced_by_id = resolve_person(ctx, data.introduced_by).id
    ctx.session.add(person)
    ctx.session.flush()
    _add_contact_points(ctx, person, data.emails, data.phones, data.urls)
    _add_tags(ctx, person, data.tags)
    if data.org:
        network.add_position(ctx, person, org=data.org, title=data.title, industry=data.industry)
    if person.introduced_by_id is not None:
        network.add_link(ctx, person.introduced_by_id, person.id, kind="introduced")
    ctx.session.flush()
    return person


def _circle(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip().upper()
    aliases = {"INNER": "C5", "CLOSE": "C15", "5": "C5", "15": "C15", "50": "C50"}
    text = aliases.get(text, text)
    if not text.startswith("C"):
        text = "C" + text
    if text not in CIRCLES:
        raise UsageError(
            f"Unknown value '{value}' for --circle: choose one of {', '.join(CIRCLES)}."
        )
    return text


def _add_contact_points(
    ctx: Ctx, person: Person, emails: Sequence[str], phones: Sequence[str], urls: Sequence[str]
) -> None:
    existing = {(cp.kind, cp.normalized) for cp in person.contact_points}
    wanted: list[tuple[str, str, str]] = []
    wanted += [("email", e.strip(), normalize_email(e)) for e in emails]
    wanted += [("phone", p.strip(), normalize_phone(p)) for p in phones]
    wanted += [(contact_kind_for_url(u), u.strip(), normalize_url(u)) for u in urls]
    for kind, value, normalized in wanted:
        if (kind, normalized) in existing:
            continue
        existing.add((kind, normalized))
        person.contact_points.append(
            ContactPoint(owner_id=ctx.owner_id, kind=kind, value=value, normalized=normalized)
        )


def _add_tags(ctx: Ctx, person: Person, tags: Sequence[str]) -> None:
    have = {t.tag for t in person.tags}
    for raw in tags:
        tag = " ".join(raw.strip().lower().split())
        if tag and tag not in have:
            have.add(tag)
            person.tags.append(PersonTag(owner_id=ctx.owner_id, tag=tag))


# ---- finding people -------------------------------------------------------------------


def resolve_person(ctx: Ctx, query: str, *, include_archived: bool = False) -> Person:
    """Find one person by id, ``me``, email, LinkedIn URL or an unambiguous name fragment."""
    text = query.strip()
    if not text:
        raise PersonNotFoundError(query)
    if text.lower() == "me":
        return me_person(ctx)
    found = _by_id(ctx, text) or _by_contact_point(ctx, text)
    if found is not None:
        return found
    return _by_name(ctx, text, include_archived=include_archived)


def _by_id(ctx: Ctx, text: str) -> Person | None:
    number = whole_number(text)
    if number is None:
        return None
    person = ctx.session.scalar(_people(ctx).where(Person.id == number))
    if person is None:
        raise PersonNotFoundError(text)
    return person


def _by_contact_point(ctx: Ctx, text: str) -> Person | None:
    if "@" in text:
        kind, normalized = "email", text.lower()
    elif "linkedin.com/" in text.lower():
        kind, normalized = "linkedin", normalize_url(text)
    else:
        return None
    person = ctx.session.scalar(
        _people(ctx)
        .join(ContactPoint, ContactPoint.person_id == Person.id)
        .where(ContactPoint.kind == kind, ContactPoint.normalized == normalized)
        .limit(1)
    )
    if person is None:
        raise PersonNotFoundError(text)
    return person


def _by_name(ctx: Ctx, text: str, *, include_archived: bool) -> Person:
    key = name_key(text)
    query = _people(ctx).where(
        Person.name_key.contains(key, autoescape=True), Person.is_me.is_(False)
    )  # you are `me`, never a name fragment
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    matches = list(ctx.session.scalars(query.order_by(Person.display_name, Person.id).limit(50)))
    exact = [p for p in matches if p.name_key == key]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise PersonNotFoundError(text, _similar(ctx, key, include_archived=include_archived))
    shown = matches if len(exact) < 2 else exact
    listed = [f"{p.display_name} (id {p.id})" for p in shown[:MAX_CANDIDATES_LISTED]]
    raise AmbiguousError(text, listed)


def _similar(ctx: Ctx, key: str, *, include_archived: bool) -> list[str]:
    """Up to three people whose names are close to ``key`` (a typo, a missing letter)."""
    from rapidfuzz import fuzz, process  # only when a name matched no one

    query = select(Person.id, Person.display_name, Person.name_key).where(
        Person.owner_id == ctx.owner_id,
        Person.merged_into_id.is_(None),
        Person.is_me.is_(False),
    )
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    rows = ctx.session.execute(query).all()
    found = process.extract(
        key,
        [row.name_key for row in rows],
        scorer=fuzz.token_sort_ratio,
        limit=MAX_SIMILAR,
        score_cutoff=SIMILAR_CUTOFF,
    )
    return [f"{rows[i].display_name} (id {rows[i].id})" for _, _, i in found]


# ---- reading --------------------------------------------------------------------------


def last_contacts(ctx: Ctx, person_ids: Sequence[int] | None = None) -> dict[int, date]:
    query = (
        select(Participant.person_id, func.max(Interaction.occurred_at))
        .join(Interaction, Interaction.id == Participant.interaction_id)
        .where(Participant.owner_id == ctx.owner_id)
        .group_by(Participant.person_id)
    )
    if person_ids is not None:
        query = query.where(Participant.person_id.in_(person_ids))
    return {pid: when.date() for pid, when in ctx.session.execute(query) if when is not None}


def read_person(ctx: Ctx, person: Person) -> PersonRead:
    points = person.contact_points
    linkedin = next((cp.value for cp in points if cp.kind == "linkedin"), None)
    introducer = (
        ctx.session.get(Person, person.introduced_by_id) if person.introduced_by_id else None
    )
    count = ctx.session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(Participant.owner_id == ctx.owner_id, Participant.person_id == person.id)
    )
    return PersonRead(
        person=person.display_name,
        person_id=person.id,
        is_me=person.is_me,
        emails=[cp.value for cp in points if cp.kind == "email"],
        phones=[cp.value for cp in points if cp.kind == "phone"],
        urls=[cp.value for cp in points if cp.kind in ("url", "linkedin")],
        linkedin=linkedin,
        location=person.location,
        how_met=person.how_met,
        met_on=person.met_on,
        introduced_by=introducer.display_name if introducer else None,
        introduced_by_id=introducer.id if introducer else None,
        circle_pin=person.circle_pin,
        cadence_days=person.cadence_days,
        closeness=person.closeness,
        kin=person.is_kin,
        do_not_contact=person.do_not_contact,
        ended=person.ended,
        archived=person.archived,
        tags=[t.tag for t in person.tags],
        notes=person.notes,
        positions=network.read_positions(ctx, person.id),
        links=network.read_links(ctx, person.id),
        last_contact=last_contacts(ctx, [person.id]).get(person.id),
        interactions=count or 0,
    )


@dataclass(frozen=True)
class PeoplePage:
    items: list[PersonSummary]
    total: int
    limit: int
    offset: int


def list_people(
    ctx: Ctx,
    *,
    search: str | None = None,
    tag: str | None = None,
    org: str | None = None,
    include_archived: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> PeoplePage:
    query = _people(ctx).where(Person.is_me.is_(False))
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    if search:
        query = _search_filter(query, search)
    if tag:
        query = query.where(
            Person.id.in_(select(PersonTag.person_id).where(PersonTag.tag == tag.strip().lower()))
        )
    if org:
        query = query.where(Person.id.in_(network.people_at_org_query(ctx, org)))
    total = ctx.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = (
        query.options(selectinload(Person.contact_points), selectinload(Person.tags))
        .order_by(Person.name_key, Person.id)
        .limit(limit)
        .offset(offset)
    )
    return PeoplePage(_summaries(ctx, list(ctx.session.scalars(page))), total, limit, offset)


def count_people(ctx: Ctx) -> int:
    """Active contacts (not archived, not you)."""
    query = select(func.count(Person.id)).where(
        Person.owner_id == ctx.owner_id, Person.is_me.is_(False), Person.archived.is_(False)
    )
    return ctx.session.scalar(query) or 0


def _search_filter(query: Select[Person], search: str) -> Select[Person]:
    key = name_key(search)
    by_point = select(ContactPoint.person_id).where(
        ContactPoint.normalized.contains(search.strip().lower(), autoescape=True)
    )
    return query.where(or_(Person.name_key.contains(key, autoescape=True), Person.id.in_(by_point)))


def _summaries(ctx: Ctx, rows: Sequence[Person]) -> list[PersonSummary]:
    ids = [p.id for p in rows]
    last = last_contacts(ctx, ids)
    current = network.current_positions(ctx, ids)
    out = []
    for p in rows:
        pos = current.get(p.id)
        out.append(
            PersonSummary(
                person=p.display_name,
                person_id=p.id,
                org=pos.organization.name if pos else None,
                title=pos.title if pos else None,
                emails=[cp.value for cp in p.contact_points if cp.kind == "email"],
                tags=[t.tag for t in p.tags],
                circle_pin=p.circle_pin,
                last_contact=last.get(p.id),
                archived=p.archived,
            )
        )
    return out


# ---- changing -------------------------------------------------------------------------


def edit_person(ctx: Ctx, person: Person, data: PersonUpdate) -> Person:
    fields = data.model_dump(exclude_unset=True)
    if "name" in fields and data.name:
        person.display_name = " ".join(data.name.split())
        person.name_key = name_key(person.display_name)
    simple = {
        "location": "location",
        "how_met": "how_met",
        "met_on": "met_on",
        "cadence_days": "cadence_days",
        "closeness": "closeness",
        "kin": "is_kin",
        "do_not_contact": "do_not_contact",
        "ended": "ended",
        "notes": "notes",
    }
    for field, attr in simple.items():
        if field in fields:
            setattr(person, attr, fields[field])
    if "circle" in fields:
        person.circle_pin = _circle(data.circle) if data.circle else None
    if data.introduced_by:
        introducer = resolve_person(ctx, data.introduced_by)
        if introducer.id == person.id:
            raise SelfReferenceError(
                f"{person.display_name} cannot have introduced themselves: name who "
                "introduced you to them."
            )
        person.introduced_by_id = introducer.id
    _add_contact_points(ctx, person, data.add_emails, data.add_phones, data.add_urls)
    _add_tags(ctx, person, data.add_tags)
    drop = {t.strip().lower() for t in data.remove_tags}
    person.tags[:] = [t for t in person.tags if t.tag not in drop]
    person.updated_at = ctx.now()
    ctx.session.flush()
    return person


def archive_person(ctx: Ctx, person: Person, *, archived: bool = True) -> Person:
    """Archive (hide from plans and lists) without deleting anything; reversible."""
    if person.is_me:
        raise UsageError("You cannot archive yourself.")
    person.archived = archived
    person.updated_at = ctx.now()
    ctx.session.flush()
    return person
