"""The imports made: listed newest first with their counts; dry runs and failures leave none."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.services.context import Ctx
from kith.services.import_history import in_words, past_imports
from kith.services.import_interactions import InteractionImport
from kith.services.imports import run_import
from kith.services.owners import ensure_owner

DATA = Path(__file__).resolve().parents[1] / "data"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"
CONNECTIONS = DATA / "linkedin" / "network-jobs__Connections.csv"


def test_saved_imports_are_listed_newest_first_with_their_counts(ctx: Ctx) -> None:
    run_import(ctx, CONNECTIONS)
    run_import(ctx, MESSAGES, dry_run=True)
    run_import(ctx, MESSAGES)
    run_import(ctx, MESSAGES)  # again: saved, with nothing new
    again, messages, connections = past_imports(ctx)
    assert (connections["file"], connections["kind"]) == (CONNECTIONS.name, "linkedin")
    assert connections["created"] == {"people": 10}
    assert messages["created"] == {"interactions": 9, "people": 4}
    assert messages["notes"] == [
        "11 LinkedIn messages became 9 interactions: the messages of one conversation on "
        "one day are one touch, started by whoever wrote first."
    ]
    assert (again["created"], again["updated"], again["skipped"]) == ({}, {}, 0)
    assert again["imported_at"] == ctx.now().isoformat()
    assert [i["id"] for i in past_imports(ctx, limit=1)] == [again["id"]]


def test_an_import_that_fails_midway_leaves_no_trace(
    ctx: Ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(InteractionImport, "apply", crash)  # after people and the batch
    with pytest.raises(RuntimeError):
        run_import(ctx, MESSAGES)
    assert past_imports(ctx) == []


def test_another_owners_imports_are_not_listed(
    session_factory: sessionmaker[Session], clock: Clock
) -> None:
    session = session_factory()
    alice = Ctx(session, ensure_owner(session, clock, "alice").id, clock)
    bob = Ctx(session, ensure_owner(session, clock, "bob").id, clock)
    run_import(alice, CONNECTIONS)
    assert past_imports(bob) == []
    assert len(past_imports(alice)) == 1
    session.rollback()
    session.close()


def test_counts_in_words() -> None:
    assert in_words({"people": 1, "interactions": 9}) == "9 interactions, 1 person"
    assert in_words({"people": 2, "contact_points": 1, "links": 0}) == "1 contact point, 2 people"
    assert in_words({}) == "0"
    assert in_words({"import_batches": 1, "import_changes": 3}) == (
        "1 import batch, 3 import changes"  # a restored backup's counts
    )
    assert in_words({"group_activities": 1}) == "1 group activity"
    assert in_words({"interactions": 198_414, "people": 30_000}) == (
        "198,414 interactions, 30,000 people"
    )
