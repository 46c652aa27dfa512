"""Correcting and deleting logged interactions (services, on the test database)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kith.errors import ConflictError, PersonNotFoundError, UsageError
from kith.importers import ImportOptions
from kith.models import Owner, Participant, SourceRecord
from kith.schemas.interactions import InteractionCreate, InteractionUpdate
from kith.schemas.people import PersonCreate
from kith.services import backup, interaction_edits, interactions, people
from kith.services.context import Ctx
from kith.services.imports import run_import
from kith.services.owners import ensure_owner


def _people(ctx: Ctx) -> tuple[int, int]:
    ana = people.add_person(ctx, PersonCreate(name="Ana Lima"))
    ben = people.add_person(ctx, PersonCreate(name="Ben Okafor"))
    return ana.id, ben.id


def _logged(ctx: Ctx, *names: str, **fields: object) -> int:
    data = InteractionCreate(summary="Coffee", with_people=list(names), **fields)  # type: ignore[arg-type]
    return interactions.log_interaction(ctx, data).id


def test_only_the_fields_given_change(ctx: Ctx) -> None:
    _people(ctx)
    iid = _logged(ctx, "Ana", channel="in_person", note="She moved to Lisbon")
    before = interactions.read_by_id(ctx, iid)
    interaction_edits.update_interaction(ctx, iid, InteractionUpdate(intent="give"))
    after = interactions.read_by_id(ctx, iid)
    assert after.intent == "give"
    assert after.model_dump(exclude={"intent"}) == before.model_dump(exclude={"intent"})


def test_everything_can_be_corrected(ctx: Ctx) -> None:
    ana, ben = _people(ctx)
    iid = _logged(ctx, "Ana", note="typo")
    change = InteractionUpdate(
        summary="  Lunch,   talked   about her team ",
        with_people=["Ben", "Ana"],
        channel="in_person",
        intent="ask",
        initiator="them",
        on=date(2026, 11, 2),
        outcome="helped",
        note=None,
    )
    interaction_edits.update_interaction(ctx, iid, change)
    after = interactions.read_by_id(ctx, iid)
    assert (after.summary, after.channel, after.intent) == (
        "Lunch, talked about her team",
        "in_person",
        "ask",
    )
    assert (after.initiator, after.outcome, after.notes) == ("them", "helped", None)
    assert after.occurred_at == datetime(2026, 11, 2, 12, tzinfo=UTC)  # noon on a past day
    assert [p.person_id for p in after.people] == [ben, ana]


def test_the_same_day_keeps_its_time(ctx: Ctx) -> None:
    _people(ctx)
    iid = _logged(ctx, "Ana")  # today: at the clock's time
    when = interactions.read_by_id(ctx, iid).occurred_at
    interaction_edits.update_interaction(ctx, iid, InteractionUpdate(on=when.date()))
    assert interactions.read_by_id(ctx, iid).occurred_at == when


def test_an_outcome_needs_an_ask(ctx: Ctx) -> None:
    _people(ctx)
    iid = _logged(ctx, "Ana", intent="ask", outcome="helped")
    with pytest.raises(ConflictError) as refused:  # with what the interaction holds
        interaction_edits.update_interaction(ctx, iid, InteractionUpdate(intent="thanks"))
    assert str(refused.value) == (
        "This interaction has an outcome (helped), which records how an ask went: keep the "
        "intent 'ask', or clear the outcome (--outcome none)."
    )
    both = InteractionUpdate(intent="thanks", outcome="declined")  # in the request itself
    with pytest.raises(UsageError, match="use it with --intent ask"):
        interaction_edits.update_interaction(ctx, iid, both)
    other = _logged(ctx, "Ana")
    with pytest.raises(ConflictError) as no_ask:
        interaction_edits.update_interaction(ctx, other, InteractionUpdate(outcome="helped"))
    assert str(no_ask.value) == (
        "This interaction's intent is catch up; an outcome records how an ask went: set "
        "--intent ask as well."
    )
    cleared = InteractionUpdate(intent="thanks", outcome=None)
    interaction_edits.update_interaction(ctx, iid, cleared)
    after = interactions.read_by_id(ctx, iid)
    assert (after.intent, after.outcome) == ("thanks", None)


def test_a_bad_correction_changes_nothing(ctx: Ctx) -> None:
    _people(ctx)
    iid = _logged(ctx, "Ana")
    before = interactions.read_by_id(ctx, iid)
    for change in (
        InteractionUpdate(summary="Lunch", with_people=["Nobody Known"]),
        InteractionUpdate(summary="Lunch", with_people=["me"]),
        InteractionUpdate(summary="Lunch", channel="pigeon"),
    ):
        with pytest.raises((PersonNotFoundError, UsageError)):
            interaction_edits.update_interaction(ctx, iid, change)
        assert interactions.read_by_id(ctx, iid) == before


def test_a_correction_is_a_new_data_revision(ctx: Ctx) -> None:
    _people(ctx)
    iid = _logged(ctx, "Ana")
    owner = ctx.session.get(Owner, ctx.owner_id)
    assert owner is not None
    revision = owner.data_revision
    interaction_edits.update_interaction(ctx, iid, InteractionUpdate(intent="give"))
    ctx.session.refresh(owner)
    assert owner.data_revision > revision


def test_deleting_takes_its_participants(ctx: Ctx) -> None:
    _people(ctx)
    iid = _logged(ctx, "Ana", "Ben")
    keep = _logged(ctx, "Ben")
    interaction_edits.delete_interaction(ctx, iid)
    assert [i.id for i in interactions.timeline(ctx)] == [keep]
    left = ctx.session.scalar(select(func.count()).select_from(Participant))
    assert left == 1
    assert ctx.session.scalar(select(func.count()).select_from(SourceRecord)) == 0  # manual


MINE = ImportOptions(my_emails=frozenset({"me@example.org"}))
MAILBOX = (
    "From - Mon Mar 3 10:00:00 2025\nFrom: ana@example.org\nTo: me@example.org\n"
    "Subject: Hello\nDate: Mon, 3 Mar 2025 10:00:00 +0000\nMessage-ID: <one@x>\n\nHi\n\n"
    "From - Tue Mar 4 10:00:00 2025\nFrom: me@example.org\nTo: ana@example.org\n"
    "Subject: Re: Hello\nDate: Tue, 4 Mar 2025 10:00:00 +0000\nMessage-ID: <two@x>\n\nHi\n\n"
)


def test_a_deleted_import_is_not_imported_again(ctx: Ctx, tmp_path: Path) -> None:
    mailbox = tmp_path / "mail.mbox"
    mailbox.write_text(MAILBOX)
    assert run_import(ctx, mailbox, options=MINE).created == {"interactions": 2, "people": 1}
    hello = next(i for i in interactions.timeline(ctx) if i.summary == "Hello")
    interaction_edits.delete_interaction(ctx, hello.id)
    again = run_import(ctx, mailbox, options=MINE)
    assert (again.created, again.unchanged) == ({}, {"interactions": 2})
    assert [i.summary for i in interactions.timeline(ctx)] == ["Re: Hello"]


def test_a_backup_keeps_what_you_deleted_deleted(ctx: Ctx, tmp_path: Path) -> None:
    mailbox = tmp_path / "mail.mbox"
    mailbox.write_text(MAILBOX)
    run_import(ctx, mailbox, options=MINE)
    hello = next(i for i in interactions.timeline(ctx) if i.summary == "Hello")
    interaction_edits.delete_interaction(ctx, hello.id)
    saved = json.dumps(backup.export_backup(ctx))  # the real path goes through a file
    fresh = Ctx(ctx.session, ensure_owner(ctx.session, ctx.clock, "restored").id, ctx.clock)
    backup.restore_backup(fresh, json.loads(saved), file="backup.json")
    assert [i.summary for i in interactions.timeline(fresh)] == ["Re: Hello"]
    assert run_import(fresh, mailbox, options=MINE).created == {}
