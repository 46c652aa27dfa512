"""Applying parsed records to a real database: chunked writes, participants, provenance."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from kith.importers.base import InteractionRecord, ParticipantRef, PersonRecord
from kith.models import Interaction, Participant, Person, Position, SourceRecord
from kith.schemas.people import PersonCreate
from kith.services import people as people_service
from kith.services.context import Ctx
from kith.services.import_apply import EXTERNAL_ID_LENGTH, Applier, Tally, stored_id
from kith.services.import_interactions import InteractionImport
from kith.services.import_people import PeopleImport

START = datetime(2024, 3, 1, 9, tzinfo=UTC)
NAMES = ("Ana Lima", "Ben Okafor", "Chen Wei")


def _url(name: str) -> str:
    return "https://www.linkedin.com/in/" + name.lower().replace(" ", "-")


def _connections() -> list[PersonRecord]:
    return [
        PersonRecord(external_id=f"person:{_url(n)}", name=n, linkedin_url=_url(n), line=i + 2)
        for i, n in enumerate(NAMES)
    ]


def _messages(count: int) -> list[InteractionRecord]:
    """Messages with the three connections in turn; one conversation shares one tuple."""
    conversations = [(ParticipantRef(name=n, linkedin_url=_url(n)),) for n in NAMES]
    return [
        InteractionRecord(
            external_id=f"message:{m:04d}",
            occurred_at=START + timedelta(hours=m),
            channel="message",
            intent="catch_up",
            initiator="me" if m % 2 else "them",
            summary="LinkedIn message",
            participants=conversations[m % 3],
            line=m + 2,
        )
        for m in range(count)
    ]


def _apply(
    ctx: Ctx,
    records: list[PersonRecord],
    messages: list[InteractionRecord],
    chunk: int,
) -> Tally:
    applier = Applier(ctx, "linkedin", "messages.csv", None)
    people = PeopleImport(applier)
    people.apply(records, None)
    InteractionImport(applier, people, chunk=chunk).apply(messages, None)
    applier.flush_sources()
    ctx.session.flush()
    return applier.tally


def _who_took_part(ctx: Ctx) -> dict[str, str]:
    rows = ctx.session.execute(
        select(Interaction.external_id, Person.display_name)
        .join(Participant, Participant.interaction_id == Interaction.id)
        .join(Person, Person.id == Participant.person_id)
    )
    return {external_id: name for external_id, name in rows}


def test_messages_written_in_chunks_keep_their_participants_and_provenance(ctx: Ctx) -> None:
    messages = _messages(11)
    tally = _apply(ctx, _connections(), messages, chunk=4)
    assert (tally.created, tally.skipped) == ({"people": 3, "interactions": 11}, [])
    assert _who_took_part(ctx) == {m.external_id: NAMES[i % 3] for i, m in enumerate(messages)}
    # an interaction carries its own provenance; people get a source record each
    stored = ctx.session.execute(select(Interaction.source, Interaction.external_id)).all()
    assert sorted(stored) == sorted(("linkedin", m.external_id) for m in messages)
    provenance = ctx.session.scalars(select(SourceRecord.entity_type)).all()
    assert provenance == ["person"] * 3


def test_applying_the_same_records_again_changes_nothing(ctx: Ctx) -> None:
    _apply(ctx, _connections(), _messages(7), chunk=3)
    before = ctx.session.scalar(select(func.count()).select_from(SourceRecord))
    again = _apply(ctx, _connections(), _messages(7), chunk=3)
    assert (again.created, again.updated) == ({}, {})
    assert again.unchanged == {"people": 3, "interactions": 7}
    assert ctx.session.scalar(select(func.count()).select_from(SourceRecord)) == before
    assert ctx.session.scalar(select(func.count()).select_from(Interaction)) == 7


def test_a_message_with_no_one_to_identify_is_skipped_with_its_line(ctx: Ctx) -> None:
    stranger = InteractionRecord(
        external_id="message:stranger",
        occurred_at=START,
        channel="message",
        intent="catch_up",
        initiator="them",
        summary="LinkedIn message",
        participants=(ParticipantRef(linkedin_url="https://www.linkedin.com/in/nobody"),),
        line=42,
    )
    tally = _apply(ctx, [], [stranger], chunk=4)
    assert [(s.file, s.line, s.reason) for s in tally.skipped] == [
        ("messages.csv", 42, "no participant could be identified")
    ]
    assert ctx.session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_a_name_made_ambiguous_mid_import_no_longer_matches_later_messages(ctx: Ctx) -> None:
    known = people_service.add_person(ctx, PersonCreate(name="Dana Cruz"))
    by_name = (ParticipantRef(name="Dana Cruz"),)  # one conversation: one shared tuple
    namesake = (ParticipantRef(name="Dana Cruz", email="dana@elsewhere.org"),)
    first, middle, last = (
        InteractionRecord(
            external_id=f"message:{n}",
            occurred_at=START + timedelta(days=n),
            channel="message",
            intent="catch_up",
            initiator="them",
            summary="LinkedIn message",
            participants=refs,
        )
        for n, refs in enumerate((by_name, namesake, by_name))
    )
    _apply(ctx, [], [first, middle, last], chunk=10)
    ids = dict(
        ctx.session.execute(
            select(Interaction.external_id, Participant.person_id).join(
                Participant, Participant.interaction_id == Interaction.id
            )
        ).all()
    )
    assert ids["message:0"] == known.id
    assert len({ids["message:0"], ids["message:1"], ids["message:2"]}) == 3


def test_external_ids_are_cut_to_the_columns_that_keep_them() -> None:
    lengths = {
        column.type.length  # type: ignore[attr-defined]
        for column in (Interaction.__table__.c.external_id, SourceRecord.__table__.c.external_id)
    }
    assert lengths == {EXTERNAL_ID_LENGTH}
    assert stored_id("x" * 400) == "x" * EXTERNAL_ID_LENGTH


def test_a_changed_record_that_adds_nothing_kith_keeps_is_unchanged(ctx: Ctx) -> None:
    """A newer export whose record differs (here, a location) updates the person only
    where kith has nothing yet: Ana's own location stays, so nothing changed."""
    _apply(ctx, _connections(), [], chunk=3)
    ana = ctx.session.scalars(select(Person).where(Person.display_name == NAMES[0])).one()
    ana.location = "Lisbon"
    stamped = ana.updated_at
    newer = [replace(rec, location="Porto") for rec in _connections()]
    newer[1] = replace(newer[1], tags=("climbing",))  # Ben's record brings a tag
    again = _apply(ctx, newer, [], chunk=3)
    assert (again.updated, again.unchanged) == ({"people": 2}, {"people": 1})
    ctx.session.refresh(ana)
    assert (ana.location, ana.updated_at) == ("Lisbon", stamped)
    ben = ctx.session.scalars(select(Person).where(Person.display_name == NAMES[1])).one()
    assert ben.location == "Porto" and [t.tag for t in ben.tags] == ["climbing"]


def test_two_records_for_one_person_in_one_import_see_each_others_positions(ctx: Ctx) -> None:
    """Records matched to someone already in kith are applied from rows read up front; a
    second record for the same person still sees what the first one added."""
    ana = replace(_connections()[0], org="Initech")
    _apply(ctx, [ana], [], chunk=3)
    moves = [
        replace(ana, external_id=f"card:{n}", org=org, emails=(f"ana{n}@example.org",))
        for n, org in enumerate(("Acme", "Globex", "Acme"))
    ]
    again = _apply(ctx, moves, [], chunk=3)
    assert (again.created, again.merged) == ({}, {"people": 3})
    person = ctx.session.scalars(select(Person).where(Person.display_name == NAMES[0])).one()
    held = ctx.session.scalars(select(Position).where(Position.person_id == person.id))
    today = ctx.today()
    assert sorted((p.organization.name, p.ended_on) for p in held) == [
        ("Acme", today),  # the last record's Acme was already there: not added twice
        ("Globex", None),
        ("Initech", today),
    ]
    assert sorted(cp.value for cp in person.contact_points if cp.kind == "email") == [
        "ana0@example.org",
        "ana1@example.org",
        "ana2@example.org",
    ]


def test_an_address_added_by_an_earlier_record_is_matched_before_a_phone(ctx: Ctx) -> None:
    """Who a record is gets worked out up front, and again once an earlier record of the
    same import added an address to match by: an email still wins over a phone."""
    xena = PersonRecord(external_id="card:x", name="Xena Park", emails=("xena@old.example",))
    yuri = PersonRecord(external_id="card:y", name="Yuri Park", phones=("+1 617 555 0100",))
    _apply(ctx, [xena, yuri], [], chunk=3)
    moved = PersonRecord(
        external_id="book:1", name="Xena Park", emails=("xena@old.example", "xena@new.example")
    )
    shared = PersonRecord(
        external_id="book:2", name="X. Park", emails=("xena@new.example",),
        phones=("+1 617 555 0100",),  # the family's landline, also Yuri's
    )  # fmt: skip
    again = _apply(ctx, [moved, shared], [], chunk=3)
    assert again.merged == {"people": 2}
    by_name = {
        p.display_name: sorted(cp.value for cp in p.contact_points)
        for p in ctx.session.scalars(select(Person).where(Person.is_me.is_(False)))
    }
    assert by_name == {
        "Xena Park": ["+1 617 555 0100", "xena@new.example", "xena@old.example"],
        "Yuri Park": ["+1 617 555 0100"],
    }
