"""The JSON backup restores losslessly into an empty database, with every id re-mapped.

The second database is always a new SQLite file (also on PostgreSQL runs, where the first
one is PostgreSQL): a backup must move between backends.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kith.clock import Clock
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory
from kith.db.migrate import head_revision, upgrade
from kith.errors import ConflictError, ImportFormatError
from kith.models import (
    Group,
    ImportBatch,
    MergeCandidate,
    Organization,
    Owner,
    Person,
    SourceRecord,
)
from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import goals, groups, insights, interactions, merge, network, people
from kith.services.backup import export_backup, restore_backup
from kith.services.context import Ctx
from kith.services.demo import load_demo
from kith.services.imports import run_import
from kith.services.owners import ensure_owner

# what points where, written out here independently of kith.services.backup
REFS: dict[str, dict[str, str]] = {
    "import_batches": {},  # first: people and interactions name the import that made them
    "people": {
        "introduced_by_id": "people",
        "merged_into_id": "people",
        "batch_id": "import_batches",
    },
    "contact_points": {"person_id": "people"},
    "person_tags": {"person_id": "people"},
    "organizations": {},
    "positions": {"person_id": "people", "organization_id": "organizations"},
    "links": {"person_a_id": "people", "person_b_id": "people"},
    "interactions": {"batch_id": "import_batches"},
    "groups": {},
    "memberships": {"group_id": "groups", "person_id": "people"},
    "group_activities": {"group_id": "groups", "person_id": "people"},
    "goals": {},
    "reminders": {"person_id": "people"},
    "source_records": {"batch_id": "import_batches"},
    "merge_candidates": {"person_a_id": "people", "person_b_id": "people"},
    "merge_records": {"kept_id": "people", "merged_id": "people"},
    "import_changes": {"batch_id": "import_batches"},
}
MOVED = {"tags": "person_tags", "participants": "participants"}
ENTITIES = {"person": "people", "interaction": "interactions"}
PAIRS = ("links", "merge_candidates")  # stored with a < b: compare as unordered pairs


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def canonical(backup: dict[str, Any]) -> dict[str, Any]:
    """The backup with every id replaced by the content of the record it names."""
    doc = copy.deepcopy(backup)
    doc.pop("exported_at")
    keys: dict[str, dict[int, str]] = {
        "people": {
            p["id"]: _key({k: v for k, v in p.items() if k not in ("id", *REFS["people"])})
            for p in doc["people"]
        }
    }
    out = {name: doc[name] for name in ("kith_backup", "schema", "owner")}
    for table, refs in REFS.items():
        records = [_resolve(table, refs, rec, keys) for rec in doc[table]]
        keys[table] = {rec["id"]: _key(c) for rec, c in zip(doc[table], records, strict=True)}
        if table == "interactions":
            keys["participants"] = {
                part["id"]: _key(
                    [keys["interactions"][rec["id"]], keys["people"][part["person_id"]]]
                )
                for rec in doc[table]
                for part in rec["participants"]
            }
        out[table] = sorted(records, key=_key)
    return out


def _resolve(
    table: str, refs: dict[str, str], rec: dict[str, Any], keys: dict[str, dict[int, str]]
) -> dict[str, Any]:
    c = {k: v for k, v in rec.items() if k != "id"}
    for column, target in refs.items():
        c[column] = None if c[column] is None else keys[target][c[column]]
    if table in PAIRS:
        c["pair"] = sorted([c.pop("person_a_id"), c.pop("person_b_id")])
    if table == "interactions":
        c["participants"] = sorted(keys["people"][p["person_id"]] for p in c["participants"])
    if table == "source_records":
        c["entity_id"] = keys[ENTITIES[c["entity_type"]]][c["entity_id"]]
    if table == "import_changes":  # the row it is about, named by its content
        c["row_id"] = "owner" if c["table_name"] == "owners" else keys[c["table_name"]][c["row_id"]]
        if c["column_name"] == "batch_id":
            c["old"], c["new"] = (None if v is None else keys["import_batches"][v]
                                  for v in (c["old"], c["new"]))  # fmt: skip
    if table == "merge_records":
        c["moved"] = {
            name: sorted(keys[MOVED.get(name, name)][i] for i in ids)
            for name, ids in c["moved"].items()
        }
    return c


@pytest.fixture
def new_database(tmp_path: Path, clock: Clock) -> Iterator[Any]:
    """Makes a new, migrated SQLite database and a context for its default owner."""
    engines = []

    def make(name: str) -> Ctx:
        engine = make_engine(sqlite_url(tmp_path / f"{name}.db"))
        upgrade(engine)
        engines.append(engine)
        session = make_session_factory(engine)()
        return Ctx(session, ensure_owner(session, clock).id, clock)

    yield make
    for engine in engines:
        engine.dispose()


def _rich_network(ctx: Ctx) -> dict[str, Person]:
    """The demo network plus one of everything the demo does not make."""
    load_demo(ctx, people=40, seed=3)
    ana = people.add_person(
        ctx,
        PersonCreate(
            name="Ana Lima",
            emails=["ana@example.org"],
            phones=["+44 20 7946 0018"],
            urls=["https://www.linkedin.com/in/ana-lima"],
            org="Acme Corp.",
            title="Engineer",
            tags=["python", "mentor"],
            closeness=4,
            circle="C15",
            met_on=date(2019, 3, 2),
            notes="Met at PyCon.\nPrefers video calls.",
        ),
    )
    ana.birthday = "--04-12"
    ben = people.add_person(ctx, PersonCreate(name="Ben Okafor", introduced_by=str(ana.id)))
    dup = people.add_person(
        ctx, PersonCreate(name="A. Lima", emails=["a@old.example"], tags=["ux"])
    )
    interactions.log_interaction(
        ctx, InteractionCreate(summary="Coffee", with_people=[str(dup.id)], on=date(2026, 5, 1))
    )
    goals.add_reminder(ctx, dup, date(2026, 12, 1), "Send the article")
    merge.merge_people(ctx, ana, dup, note="same person")
    demo_friend = ctx.session.scalars(
        select(Person)
        .where(Person.owner_id == ctx.owner_id, Person.is_me.is_(False))
        .order_by(Person.id)
    ).first()
    assert demo_friend is not None
    network.add_link(ctx, ana.id, demo_friend.id, kind="knows_well", since=date(2018, 6, 1))
    asked = interactions.log_interaction(
        ctx,
        InteractionCreate(
            summary="Asked for a referral",
            with_people=[str(ana.id), str(ben.id)],
            intent="ask",
            outcome="helped",
            channel="video",
            note="She will ping the hiring manager; follow up Friday.",
            on=date(2026, 11, 20),
        ),
    )
    goals.set_habit(ctx, "new_people_per_month", 3)
    done = goals.add_reminder(ctx, ben, date(2026, 11, 1), "Thank him")
    goals.complete_reminder(ctx, done.id)
    people.archive_person(ctx, demo_friend)
    _provenance(ctx, ben, asked.id, ana)
    _enriching_import(ctx)
    ctx.session.flush()
    return {"ana": ana, "ben": ben, "dup": dup}


def _enriching_import(ctx: Ctx) -> None:
    """A real import that creates someone and adds to Ana (recorded for undo)."""
    with tempfile.TemporaryDirectory() as folder:
        cards = Path(folder) / "phone.vcf"
        cards.write_text(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.org\r\n"
            "TEL:+351 21 000 0000\r\nCATEGORIES:lisbon\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Caro Diaz\r\nEMAIL:caro@example.org\r\n"
            "END:VCARD\r\n",
            encoding="utf-8",
        )
        report = run_import(ctx, cards)
    assert (report.created, report.merged) == ({"people": 1}, {"people": 1})


def _provenance(ctx: Ctx, ben: Person, interaction_id: int, ana: Person) -> None:
    batch = ImportBatch(
        owner_id=ctx.owner_id,
        file_name="contacts.vcf",
        kind="vcard",
        file_hash="ab" * 32,
        counts={"created": {"people": 1}},
        status="done",
        started_at=ctx.now(),
        finished_at=ctx.now(),
    )
    ctx.session.add(batch)
    ctx.session.flush()
    for external, entity, entity_id in (
        ("person:uid:1", "person", ben.id),
        ("mail:<x@y>", "interaction", interaction_id),
    ):
        ctx.session.add(
            SourceRecord(
                owner_id=ctx.owner_id,
                source="vcard",
                external_id=external,
                content_hash="cd" * 32,
                entity_type=entity,
                entity_id=entity_id,
                batch_id=batch.id,
            )
        )
    ctx.session.add(
        MergeCandidate(
            owner_id=ctx.owner_id,
            person_a_id=min(ana.id, ben.id),
            person_b_id=max(ana.id, ben.id),
            reason="similar names (81%)",
            score=0.81,
            status="rejected",
            created_at=ctx.now(),
        )
    )


def _someone_else_first(ctx: Ctx) -> None:
    """Another owner's rows, so every id in the restored database differs from the backup's."""
    other = ensure_owner(ctx.session, ctx.clock, "someone-else")
    them = Ctx(ctx.session, other.id, ctx.clock)
    load_demo(them, people=12, seed=5)
    a = people.add_person(them, PersonCreate(name="Other One", emails=["1@other.example"]))
    b = people.add_person(them, PersonCreate(name="Other Two", tags=["x"]))
    goals.add_reminder(them, b, date(2026, 1, 1))
    chat = interactions.log_interaction(
        them, InteractionCreate(summary="Chat", with_people=[str(a.id)], on=date(2026, 2, 1))
    )
    merge.merge_people(them, a, b)
    _provenance(them, a, chat.id, b)
    ctx.session.flush()


# ---- the round trip --------------------------------------------------------------------


def test_backup_round_trip_is_lossless_with_every_id_remapped(ctx: Ctx, new_database: Any) -> None:
    cast = _rich_network(ctx)
    original = export_backup(ctx)
    restored_ctx: Ctx = new_database("restored")
    _someone_else_first(restored_ctx)

    text = json.dumps(original)  # the real path goes through a file
    counts = restore_backup(restored_ctx, json.loads(text), file="backup.json")
    again = export_backup(restored_ctx)

    assert canonical(again) == canonical(original)
    assert counts["people"] == len(original["people"]) - 1
    assert counts["interactions"] == len(original["interactions"])
    assert counts["participants"] == sum(len(i["participants"]) for i in original["interactions"])
    assert {k: counts[k] for k in REFS if k != "people"} == {
        k: len(original[k]) for k in REFS if k != "people"
    }
    ana_id = next(p["id"] for p in again["people"] if p["display_name"] == "Ana Lima")
    assert ana_id != cast["ana"].id  # ids really were re-assigned


def test_backup_restores_into_another_owner_of_the_same_database(ctx: Ctx) -> None:
    """On PostgreSQL runs this restores into PostgreSQL; the first owner is untouched."""
    _rich_network(ctx)
    original = export_backup(ctx)
    newcomer = ensure_owner(ctx.session, ctx.clock, "newcomer")
    theirs = Ctx(ctx.session, newcomer.id, ctx.clock)
    restore_backup(theirs, json.loads(json.dumps(original)), file="backup.json")
    assert canonical(export_backup(theirs)) == canonical(original)
    assert export_backup(ctx) == original


def test_restored_database_gives_the_same_advice(ctx: Ctx, new_database: Any) -> None:
    _rich_network(ctx)
    restored_ctx: Ctx = new_database("restored")
    _someone_else_first(restored_ctx)
    restore_backup(restored_ctx, export_backup(ctx), file="backup.json")

    def names(c: Ctx) -> list[tuple[str, str]]:
        return [(d["person"], d["why"]) for d in insights.due(c)]

    assert names(restored_ctx) == names(ctx)
    assert insights.health(restored_ctx)["score"] == insights.health(ctx)["score"]


def test_backup_holds_the_owner_settings_and_me(ctx: Ctx) -> None:
    owner = ctx.session.get(Owner, ctx.owner_id)
    assert owner is not None
    owner.weekly_budget, owner.my_emails = 7, ["me@example.org"]
    backup = export_backup(ctx)
    assert (backup["kith_backup"], backup["schema"]) == (1, head_revision())
    assert backup["exported_at"] == "2026-11-25T15:30:00Z"
    assert backup["owner"] == {
        "weekly_budget": 7,
        "timezone": "UTC",
        "my_emails": ["me@example.org"],
        "settings": {},
    }
    (me,) = backup["people"]
    assert (me["is_me"], me["display_name"], me["created_at"]) == (
        True,
        "Me",
        "2026-11-25T15:30:00Z",
    )
    assert "owner_id" not in me


def test_backup_tables_are_ordered_by_id(ctx: Ctx) -> None:
    load_demo(ctx, people=15, seed=1)
    backup = export_backup(ctx)
    for key in REFS:
        ids = [r["id"] for r in backup[key]]
        assert ids == sorted(ids), key


def test_restore_maps_the_backups_me_onto_this_databases_me(ctx: Ctx, new_database: Any) -> None:
    me_of(ctx).display_name = "Sam Rivera"
    network.add_position(ctx, me_of(ctx), org="Acme", title="Manager")
    restored_ctx: Ctx = new_database("restored")
    _someone_else_first(restored_ctx)
    restore_backup(restored_ctx, export_backup(ctx), file="backup.json")
    shown = people.read_person(restored_ctx, me_of(restored_ctx))
    assert (shown.person, shown.is_me) == ("Sam Rivera", True)
    assert [(p.org, p.title) for p in shown.positions] == [("Acme", "Manager")]


def me_of(ctx: Ctx) -> Person:
    return people.resolve_person(ctx, "me")


def test_a_moved_id_whose_row_is_gone_is_dropped(ctx: Ctx, new_database: Any) -> None:
    keep = people.add_person(ctx, PersonCreate(name="Ana Lima"))
    other = people.add_person(ctx, PersonCreate(name="A. Lima"))
    group = groups.add_group(ctx, "PyLadies")
    groups.join(ctx, group, other)
    record = merge.merge_people(ctx, keep, other)
    groups.leave(ctx, group, people.resolve_person(ctx, str(keep.id)))
    backup = export_backup(ctx)
    assert len(backup["merge_records"][0]["moved"]["memberships"]) == 1
    assert backup["memberships"] == []
    restored_ctx: Ctx = new_database("restored")
    _someone_else_first(restored_ctx)
    restore_backup(restored_ctx, backup, file="backup.json")
    (moved,) = [m["moved"] for m in export_backup(restored_ctx)["merge_records"]]
    assert moved["memberships"] == []
    assert record.moved["memberships"] != []


# ---- refusals --------------------------------------------------------------------------


def test_restore_refuses_a_database_that_holds_people(ctx: Ctx, new_database: Any) -> None:
    backup = export_backup(ctx)
    target: Ctx = new_database("busy")
    people.add_person(target, PersonCreate(name="Ana Lima"))
    with pytest.raises(ConflictError) as err:
        restore_backup(target, backup, file="backup.json")
    assert str(err.value) == (
        "This database already holds people; restore a backup only into an empty database. "
        "Use --db with a new file."
    )


def test_restore_refuses_a_database_with_any_data_of_this_owner(
    ctx: Ctx, new_database: Any
) -> None:
    backup = export_backup(ctx)
    target: Ctx = new_database("busy")
    groups.add_group(target, "PyLadies")
    with pytest.raises(ConflictError) as err:
        restore_backup(target, backup, file="backup.json")
    assert str(err.value).startswith("This database already holds groups; restore a backup")


def _small_backup(ctx: Ctx) -> dict[str, Any]:
    ana = people.add_person(ctx, PersonCreate(name="Ana Lima", emails=["ana@example.org"]))
    ben = people.add_person(ctx, PersonCreate(name="Ben Okafor"))
    network.add_link(ctx, ana.id, ben.id, kind="knows")
    interactions.log_interaction(
        ctx, InteractionCreate(summary="Coffee", with_people=[str(ana.id)], on=date(2026, 1, 5))
    )
    ctx.session.flush()
    return export_backup(ctx)


def _put(record: dict[str, Any], key: str, value: Any) -> None:
    record[key] = value


def _merge_record(doc: dict[str, Any]) -> None:
    people_ids = [p["id"] for p in doc["people"]]
    doc["merge_records"] = [
        {
            "id": 1,
            "kept_id": people_ids[1],
            "merged_id": people_ids[2],
            "moved": {"friendships": [1]},
            "note": None,
            "merged_at": "2026-01-01T00:00:00Z",
            "undone_at": None,
        }
    ]


def _source_record(doc: dict[str, Any]) -> None:
    doc["source_records"] = [
        {
            "id": 3,
            "source": "vcard",
            "external_id": "x",
            "content_hash": "h",
            "entity_type": "person",
            "entity_id": 77777,
            "batch_id": None,
        }
    ]


NOT_IN_BACKUP = "which is not in the backup."
UPGRADE = "Upgrade kith, then restore."
CORRUPTIONS: list[tuple[Any, str]] = [
    (
        lambda d: _put(d["links"][0], "person_b_id", 999999),
        f"links record {{link}}: 'person_b_id' points to people record 999999, {NOT_IN_BACKUP}",
    ),
    (
        lambda d: _put(d["interactions"][0]["participants"][0], "person_id", 424242),
        f"participants record {{part}}: 'person_id' points to people record 424242, "
        f"{NOT_IN_BACKUP}",
    ),
    (
        lambda d: _put(d["people"][1], "met_on", "2024-13-01"),
        "people record {ana}: 'met_on' should be a date (YYYY-MM-DD), not \"2024-13-01\".",
    ),
    (
        lambda d: _put(d["people"][1], "display_name", None),
        "people record {ana}: 'display_name' must not be empty.",
    ),
    (
        lambda d: d["contact_points"].append(dict(d["contact_points"][0])),
        "contact_points has two records with id {point}.",
    ),
    (
        lambda d: _put(d, "groups", [{"id": 1, "name": "X", "colour": "red"}]),
        "groups record 1 has an unknown field 'colour'.",
    ),
    (
        lambda d: d.pop("kith_backup"),
        'this is not a kith backup (it has no "kith_backup" marker). '
        "Make one with `kith export json`.",
    ),
    (
        lambda d: _put(d, "kith_backup", 2),
        f"unknown backup version 2; this kith reads version 1. {UPGRADE}",
    ),
    (
        lambda d: _put(d, "schema", "9999_future"),
        "the backup comes from a newer kith (schema 9999_future); this kith knows up to "
        f"{{head}}. {UPGRADE}",
    ),
    (lambda d: d.pop("positions"), 'the backup has no "positions" table.'),
    (
        lambda d: _put(d["people"][1], "is_me", True),
        'the backup needs exactly one "me" person (is_me true), not 2.',
    ),
    (_merge_record, "merge_records record 1: 'moved' names an unknown table 'friendships'."),
    (
        _source_record,
        f"source_records record 3: 'entity_id' points to people record 77777, {NOT_IN_BACKUP}",
    ),
]


def corruptible(ctx: Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    """A small backup with a weekly budget of 3 (the target's stays 10 if nothing is
    written), and the ids and schema the messages of CORRUPTIONS name."""
    doc = _small_backup(ctx)
    ids = {
        "link": doc["links"][0]["id"],
        "part": doc["interactions"][0]["participants"][0]["id"],
        "ana": doc["people"][1]["id"],
        "point": doc["contact_points"][0]["id"],
        "head": head_revision(),
    }
    doc["owner"]["weekly_budget"] = 3
    return doc, ids


@pytest.mark.parametrize(("corrupt", "problem"), CORRUPTIONS)
def test_a_corrupted_backup_names_table_and_record_and_writes_nothing(
    ctx: Ctx, new_database: Any, corrupt: Any, problem: str
) -> None:
    doc, ids = corruptible(ctx)
    corrupt(doc)
    target: Ctx = new_database("target")
    with pytest.raises(ImportFormatError) as err:
        restore_backup(target, doc, file="kith-backup.json")
    assert str(err.value) == f"Could not read `kith-backup.json`: {problem.format(**ids)}"
    assert err.value.file == "kith-backup.json"
    target.session.flush()
    assert target.session.scalar(select(func.count()).select_from(Person)) == 1
    assert target.session.scalar(select(func.count()).select_from(Organization)) == 0
    assert target.session.scalar(select(func.count()).select_from(Group)) == 0
    owner = target.session.get(Owner, target.owner_id)
    assert owner is not None and owner.weekly_budget == 10


def test_a_document_that_is_not_an_object_is_not_a_backup(ctx: Ctx) -> None:
    with pytest.raises(ImportFormatError) as err:
        restore_backup(ctx, [1, 2], file="list.json")
    assert str(err.value) == (
        'Could not read `list.json`: this is not a kith backup (it has no "kith_backup" '
        "marker). Make one with `kith export json`."
    )


def test_a_backup_from_before_import_changes_still_restores(ctx: Ctx) -> None:
    _rich_network(ctx)
    original = export_backup(ctx)
    assert original["import_changes"]  # Ana's phone and tag from the vCard import
    older = {k: v for k, v in original.items() if k != "import_changes"}
    newcomer = ensure_owner(ctx.session, ctx.clock, "newcomer")
    theirs = Ctx(ctx.session, newcomer.id, ctx.clock)
    counts = restore_backup(theirs, json.loads(json.dumps(older)), file="backup.json")
    assert counts["import_changes"] == 0
    assert counts["people"] == len(original["people"]) - 1
