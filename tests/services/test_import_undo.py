"""Undoing an import: what it created goes, what you made your own since stays, and the
same file imported again brings the rest back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kith.clock import Clock, fixed_clock
from kith.errors import ConflictError, NotFoundError
from kith.models import (
    ContactPoint,
    ImportBatch,
    Interaction,
    Organization,
    Participant,
    Person,
    Position,
    SourceRecord,
)
from kith.schemas.interactions import InteractionCreate, InteractionUpdate
from kith.schemas.people import PersonUpdate
from kith.services import backup, groups, interaction_edits, interactions, people
from kith.services.context import Ctx
from kith.services.import_history import ROWS_MARKED, past_imports
from kith.services.import_undo import Undo, undo_import
from kith.services.imports import run_import
from kith.services.owners import ensure_owner

DATA = Path(__file__).resolve().parents[1] / "data"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"
CONNECTIONS = DATA / "linkedin" / "network-jobs__Connections.csv"
TABLES = (Person, ContactPoint, Position, Organization, Interaction, Participant, SourceRecord)


def _counts(ctx: Ctx) -> dict[str, int]:
    ctx.session.flush()
    return {
        model.__tablename__: ctx.session.scalar(
            select(func.count()).select_from(model).where(model.owner_id == ctx.owner_id)
        )
        or 0
        for model in TABLES
    }


def _batch(ctx: Ctx, file: Path) -> int:
    return next(item["id"] for item in past_imports(ctx) if item["file"] == file.name)


def _later(ctx: Ctx, days: int = 1) -> Ctx:
    """The same owner, a day after the imports (what you do next)."""
    return Ctx(ctx.session, ctx.owner_id, fixed_clock(ctx.now() + timedelta(days=days)))


def test_undo_removes_what_the_import_created_and_importing_again_brings_it_back(
    ctx: Ctx,
) -> None:
    run_import(ctx, CONNECTIONS)
    before = _counts(ctx)
    report = run_import(ctx, MESSAGES)
    assert report.created == {"interactions": 9, "people": 4}
    batch = _batch(ctx, MESSAGES)

    undone = undo_import(ctx, batch)

    assert (undone.interactions, undone.people, undone.kept, undone.done) == (9, 4, 0, True)
    assert undone.removed() == "9 interactions and 4 people"
    assert _counts(ctx) == before
    entry = next(item for item in past_imports(ctx) if item["id"] == batch)
    assert entry["undone"] == {
        "at": ctx.now().isoformat(),
        "interactions": 9,
        "people": 4,
        "kept_people": 0,
        "organizations": 0,
    }
    again = run_import(ctx, MESSAGES)
    assert again.created == {"interactions": 9, "people": 4}


def test_undoing_connections_leaves_no_person_organization_or_provenance(ctx: Ctx) -> None:
    empty = _counts(ctx)
    run_import(ctx, CONNECTIONS)
    assert _counts(ctx)[Organization.__tablename__] > 0

    undone = undo_import(ctx, _batch(ctx, CONNECTIONS))

    assert undone.people == 10 and undone.organizations > 0
    assert _counts(ctx) == empty


def test_a_dry_run_says_what_would_go_and_changes_nothing(ctx: Ctx) -> None:
    run_import(ctx, CONNECTIONS)
    run_import(ctx, MESSAGES)
    before = _counts(ctx)
    preview = undo_import(ctx, _batch(ctx, MESSAGES), dry_run=True)
    assert (preview.interactions, preview.people, preview.done) == (9, 4, False)
    assert _counts(ctx) == before
    assert all(item["undone"] is None for item in past_imports(ctx))


def test_people_you_used_since_stay_and_become_yours(ctx: Ctx) -> None:
    run_import(ctx, CONNECTIONS)
    batch = _batch(ctx, CONNECTIONS)
    later = _later(ctx)
    interactions.log_interaction(
        later, InteractionCreate(summary="Coffee", with_people=["Ada Lovelace"])
    )
    club = groups.add_group(later, "Design club")
    groups.join(later, club, people.resolve_person(later, "Alice Chen"))
    people.edit_person(later, people.resolve_person(later, "Jane Doe"), PersonUpdate(notes="PM"))
    before = _counts(ctx)

    undone = undo_import(later, batch)

    assert undone.kept_names == ("Ada Lovelace", "Alice Chen", "Jane Doe")
    assert (undone.people, undone.kept) == (7, 3)
    assert undone.kept_words()[0].startswith("3 people it created stay, because you have used")
    after = _counts(ctx)
    assert after[Person.__tablename__] == before[Person.__tablename__] - 7
    assert after[Interaction.__tablename__] == 1  # the coffee you logged
    kept = ctx.session.scalars(select(Person).where(Person.display_name == "Ada Lovelace")).one()
    assert kept.batch_id is None  # yours now: a later undo of anything leaves them be
    assert [p.organization.name for p in _positions(ctx, kept.id)] == ["Analytical Engines Inc"]


def _positions(ctx: Ctx, person_id: int) -> list[Any]:
    return list(ctx.session.scalars(select(Position).where(Position.person_id == person_id)))


def test_an_imported_touch_you_corrected_stays_with_its_people(ctx: Ctx) -> None:
    run_import(ctx, CONNECTIONS)
    run_import(ctx, MESSAGES)
    batch = _batch(ctx, MESSAGES)
    imported = ctx.session.scalars(
        select(Interaction).where(Interaction.batch_id == batch).order_by(Interaction.id)
    ).first()
    assert imported is not None
    interaction_edits.update_interaction(
        _later(ctx), imported.id, InteractionUpdate(intent="give", summary="Sent the intro")
    )
    corrected, names = imported.id, {p.person_id for p in imported.participants}

    undone = undo_import(_later(ctx), batch)

    assert undone.interactions == 8
    still = ctx.session.get(Interaction, corrected)
    assert still is not None and still.summary == "Sent the intro"
    assert {p.person_id for p in still.participants} == names
    assert all(ctx.session.get(Person, pid) is not None for pid in names)


def test_people_a_later_import_matched_stay(ctx: Ctx, tmp_path: Path) -> None:
    run_import(ctx, MESSAGES)  # creates the people in the messages
    first = _batch(ctx, MESSAGES)
    connections = tmp_path / "Connections.csv"
    connections.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Alice,Johnson,https://linkedin.com/in/alicejohnson,,Initech,CTO,01 Jan 2024\n",
        encoding="utf-8",
    )
    assert run_import(_later(ctx), connections).merged == {"people": 1}  # by profile URL
    before = _counts(ctx)

    undone = undo_import(_later(ctx, 2), first)

    assert (undone.kept_names, undone.people) == (("Alice Johnson",), 3)
    assert _counts(ctx)[Person.__tablename__] == before[Person.__tablename__] - 3
    assert _counts(ctx)[Interaction.__tablename__] == 0


def test_what_an_import_did_to_people_already_there_is_taken_back(ctx: Ctx, tmp_path: Path) -> None:
    first, second = tmp_path / "phone.vcf", tmp_path / "laptop.vcf"
    first.write_text(_card("Ana Lima", "EMAIL:ana@example.org"), encoding="utf-8")
    second.write_text(
        _card("Ana Lima", "EMAIL:ana@example.org", "TEL:+44 20 7946 0018", "NOTE:Met at PyCon",
              "CATEGORIES:python")
        + _card("Ben Okafor", "EMAIL:ben@example.org"),
        encoding="utf-8",
    )  # fmt: skip
    run_import(ctx, first)
    before = _everything(ctx)
    assert run_import(_later(ctx), second).updated == {"people": 1}  # the same card, grown
    ana = people.resolve_person(ctx, "Ana Lima")
    assert (ana.notes, [t.tag for t in ana.tags]) == ("Met at PyCon", ["python"])

    preview = undo_import(_later(ctx, 2), _batch(ctx, second), dry_run=True)
    assert (preview.people, preview.reverted, preview.changed_since) == (1, 3, 0)
    assert preview.kept_words() == [
        "3 changes it made to people already in kith (an email, a tag, a position, a "
        "filled-in field) are taken back too."
    ]
    undo_import(_later(ctx, 2), _batch(ctx, second))

    assert _everything(ctx) == before  # Ana as the first file left her, Ben gone
    again = run_import(_later(ctx, 3), second)  # and the file applies anew
    assert (again.created, again.updated) == ({"people": 1}, {"people": 1})


def test_a_value_you_changed_since_stays_as_you_left_it(ctx: Ctx, tmp_path: Path) -> None:
    second = _ana_grown(ctx, tmp_path, "NOTE:Met at PyCon")
    ana = people.resolve_person(ctx, "Ana Lima")
    people.edit_person(_later(ctx, 2), ana, PersonUpdate(notes="Met at PyCon 2024, Lisbon"))

    undone = undo_import(_later(ctx, 3), _batch(ctx, second))

    assert undone.changed_since == 1  # the note
    assert undone.kept_words()[-1] == (
        "1 value it set that you have changed since stays as you left it."
    )
    ctx.session.expire_all()
    assert people.resolve_person(ctx, "Ana Lima").notes == "Met at PyCon 2024, Lisbon"


def _ana_grown(ctx: Ctx, tmp_path: Path, *lines: str) -> Path:
    """Ana imported from one vCard, then a day later from another that adds ``lines``;
    returns the second file."""
    first, second = tmp_path / "phone.vcf", tmp_path / "laptop.vcf"
    first.write_text(_card("Ana Lima", "EMAIL:ana@example.org"), encoding="utf-8")
    second.write_text(_card("Ana Lima", "EMAIL:ana@example.org", *lines), encoding="utf-8")
    run_import(ctx, first)
    run_import(_later(ctx), second)
    return second


def _card(name: str, *lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", *lines, "END:VCARD", ""])


def test_unknown_foreign_and_undone_imports_are_refused(ctx: Ctx, clock: Clock) -> None:
    run_import(ctx, CONNECTIONS)
    batch = _batch(ctx, CONNECTIONS)
    with pytest.raises(NotFoundError, match=f"There is no import {batch + 1}"):
        undo_import(ctx, batch + 1)
    someone_else = Ctx(ctx.session, ensure_owner(ctx.session, clock, "bob").id, clock)
    with pytest.raises(NotFoundError, match=f"There is no import {batch}"):
        undo_import(someone_else, batch)
    undo_import(ctx, batch)
    with pytest.raises(ConflictError, match="was already undone on 2026-11-25") as refused:
        undo_import(ctx, batch)
    assert refused.value.hint == "Import the file again to bring it back."


def test_touches_logged_by_hand_and_people_added_by_hand_are_never_the_imports(
    ctx: Ctx,
) -> None:
    run_import(ctx, CONNECTIONS)
    logged = interactions.log_interaction(
        ctx, InteractionCreate(summary="Call", with_people=["John Smith"], on=date(2026, 11, 1))
    )
    assert logged.batch_id is None
    assert ctx.session.get(Person, logged.participants[0].person_id) is not None
    moment = datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert logged.occurred_at == moment


def test_an_import_made_before_rows_were_marked_cannot_be_undone(ctx: Ctx) -> None:
    run_import(ctx, CONNECTIONS)
    batch = ctx.session.get(ImportBatch, _batch(ctx, CONNECTIONS))
    assert batch is not None
    batch.counts = {k: v for k, v in batch.counts.items() if k != ROWS_MARKED}  # as in 0004
    assert past_imports(ctx)[0]["undoable"] is False
    with pytest.raises(ConflictError, match="made by an earlier version of kith") as refused:
        undo_import(ctx, batch.id)
    assert refused.value.hint is not None and "Restore a backup" in refused.value.hint
    assert _counts(ctx)[Person.__tablename__] == 11


def test_a_restored_backup_can_still_undo_its_imports(ctx: Ctx, clock: Clock) -> None:
    run_import(ctx, CONNECTIONS)
    run_import(ctx, MESSAGES)
    saved = json.loads(json.dumps(backup.export_backup(ctx)))
    other = Ctx(ctx.session, ensure_owner(ctx.session, clock, "restored").id, clock)
    backup.restore_backup(other, saved, file="backup.json")
    before = _counts(other)

    undone = undo_import(other, _batch(other, MESSAGES))

    assert (undone.interactions, undone.people) == (9, 4)
    assert _counts(other)[Person.__tablename__] == before[Person.__tablename__] - 4
    assert _counts(other)[Interaction.__tablename__] == 0


@pytest.mark.parametrize(
    ("interactions", "people", "organizations", "words"),
    [
        (0, 0, 0, "nothing"),
        (0, 1, 0, "1 person"),
        (2, 0, 0, "2 interactions"),
        (1, 3, 2, "1 interaction, 3 people and 2 organizations"),
    ],
)
def test_what_an_undo_removes_in_words(
    interactions: int, people: int, organizations: int, words: str
) -> None:
    undo = Undo(7, "f.vcf", interactions, people, 0, (), organizations, 0, 0, done=True)
    assert undo.removed() == words


SAMPLES = sorted(
    p
    for p in DATA.rglob("*")
    if p.is_file() and p.suffix in {".csv", ".vcf", ".ics", ".mbox", ".eml"}
)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_undoing_a_sample_import_leaves_every_table_as_before(ctx: Ctx, sample: Path) -> None:
    before = _everything(ctx)
    report = run_import(ctx, sample)
    if report.import_id is None:
        pytest.fail(f"{sample.name} was not saved as an import")
    undo_import(ctx, report.import_id)
    assert _everything(ctx) == before


def _everything(ctx: Ctx) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the owner has, table by table, but the import records themselves."""
    from kith.models import Base

    ctx.session.flush()
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name in ("owners", "import_batches") or "owner_id" not in table.c:
            continue
        rows = ctx.session.execute(
            select(table).where(table.c.owner_id == ctx.owner_id).order_by(*table.primary_key)
        )
        out[table.name] = [tuple(row) for row in rows]
    return out


NEWER = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Lima,https://www.linkedin.com/in/ana-lima,,{company},Engineer,15 Nov 2024
"""


def test_undoing_a_newer_export_reopens_the_position_it_closed(ctx: Ctx, tmp_path: Path) -> None:
    older, newer = tmp_path / "old", tmp_path / "new"
    for folder, company in ((older, "Initech"), (newer, "Globex")):
        folder.mkdir()
        (folder / "Connections.csv").write_text(NEWER.format(company=company), encoding="utf-8")
    run_import(ctx, older)
    before = _everything(ctx)
    run_import(_later(ctx, 30), newer)  # a new employer: Initech ends, Globex begins
    ana = people.resolve_person(ctx, "Ana Lima")
    ended = {p.organization.name: p.ended_on for p in _positions(ctx, ana.id)}
    assert ended["Initech"] is not None and ended["Globex"] is None

    undone = undo_import(_later(ctx, 31), _batch(ctx, newer))

    assert (undone.people, undone.interactions) == (0, 0)
    assert _everything(ctx) == before  # Initech open again, Globex and its record gone


def test_a_restored_backup_still_takes_back_what_an_import_added(
    ctx: Ctx, clock: Clock, tmp_path: Path
) -> None:
    second = _ana_grown(ctx, tmp_path, "TEL:+44 20 7946 0018")
    saved = json.loads(json.dumps(backup.export_backup(ctx)))
    other = Ctx(ctx.session, ensure_owner(ctx.session, clock, "restored").id, clock)
    backup.restore_backup(other, saved, file="backup.json")

    undone = undo_import(_later(other, 2), _batch(other, second))

    assert (undone.reverted, undone.changed_since) == (1, 0)
    ana = people.resolve_person(other, "Ana Lima")
    assert [cp.kind for cp in ana.contact_points] == ["email"]


def test_what_goes_with_the_people_it_created_is_not_counted_as_changes(
    ctx: Ctx, tmp_path: Path
) -> None:
    cards = tmp_path / "family.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.org\r\n"
        "RELATED;TYPE=spouse;VALUE=text:Ben Okafor\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ben Okafor\r\nEMAIL:ben@example.org\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert run_import(ctx, cards).created == {"links": 1, "people": 2}  # the link: the ORM's

    preview = undo_import(_later(ctx), _batch(ctx, cards), dry_run=True)

    assert (preview.people, preview.reverted, preview.kept_words()) == (2, 0, [])
