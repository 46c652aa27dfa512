"""Restoring a backup file: kith's own layout (a record per line) is read a record at a time,
twice (checked, then written); any other layout is read whole. Either way the result and the
errors are the same, and nothing is written before everything is checked.

The restores go into another owner of the test database (PostgreSQL on PostgreSQL runs) or
into a new SQLite file.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import func, select

from kith.clock import Clock
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory
from kith.db.migrate import upgrade
from kith.errors import ImportFormatError
from kith.models import Owner
from kith.services.backup import PARTICIPANTS, TABLES, backup_chunks, export_backup
from kith.services.backup import restore_backup_file as restore
from kith.services.backup_read import LayoutError, StreamedBackup
from kith.services.context import Ctx
from kith.services.imports import _read_json, run_import
from kith.services.owners import ensure_owner
from tests.services.test_backup import (
    CORRUPTIONS,
    _rich_network,
    canonical,
    corruptible,
)

TABLE_KEYS = {t.key for t in TABLES}


def _never(path: Path) -> NoReturn:
    pytest.fail(f"{path.name} was read whole")


class WholeReads:
    """The whole-document reader the import passes (``_read_json``), counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path) -> Any:
        self.calls += 1
        return _read_json(path)


def kith_layout(doc: dict[str, Any], newline: str = "\n") -> str:
    """``doc`` laid out as ``backup_chunks`` writes it: settings, then a record per line."""
    entries = []
    for key, value in doc.items():
        if key in TABLE_KEYS and value:
            lines = [f"    {json.dumps(rec, ensure_ascii=False)}" for rec in value]
            entries.append(f"  {json.dumps(key)}: [\n" + ",\n".join(lines) + "\n  ]")
        else:
            entries.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return ("{\n" + ",\n".join(entries) + "\n}\n").replace("\n", newline)


def _file(folder: Path, text: str) -> Path:
    path = folder / "kith-backup.json"
    path.write_bytes(text.encode("utf-8"))  # as written: line endings included
    return path


def _newcomer(ctx: Ctx) -> Ctx:
    return Ctx(ctx.session, ensure_owner(ctx.session, ctx.clock, "newcomer").id, ctx.clock)


def _rows(ctx: Ctx) -> dict[str, Any]:
    """How many rows this owner has in every table a restore writes, and its settings."""
    ctx.session.flush()
    counts: dict[str, Any] = {
        table.key: ctx.session.scalar(
            select(func.count()).where(table.model.owner_id == ctx.owner_id)
        )
        for table in (*TABLES, PARTICIPANTS)
    }
    owner = ctx.session.get(Owner, ctx.owner_id)
    assert owner is not None
    counts["owner"] = (owner.weekly_budget, owner.timezone, owner.my_emails)
    return counts


@pytest.fixture
def target(tmp_path: Path, clock: Clock) -> Iterator[Ctx]:
    """A new, migrated SQLite database, and a context for its default owner."""
    engine = make_engine(sqlite_url(tmp_path / "target.db"))
    upgrade(engine)
    session = make_session_factory(engine)()
    yield Ctx(session, ensure_owner(session, clock).id, clock)
    session.close()
    engine.dispose()


@pytest.fixture
def network(ctx: Ctx) -> tuple[str, dict[str, Any]]:
    """A network with one of everything: its backup as kith writes it, and as data."""
    _rich_network(ctx)
    text = "".join(backup_chunks(ctx))
    return text, json.loads(text)


def test_the_test_layout_is_kiths(network: tuple[str, dict[str, Any]]) -> None:
    text, doc = network
    assert kith_layout(doc) == text


# ---- kith's own layout: a record at a time ---------------------------------------------


def test_kiths_own_backup_restores_without_being_read_whole(
    ctx: Ctx, network: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    text, original = network
    theirs = _newcomer(ctx)
    counts = restore(theirs, _file(tmp_path, text), load=_never)
    assert canonical(export_backup(theirs)) == canonical(original)
    assert counts["people"] == len(original["people"]) - 1
    assert counts["participants"] == sum(len(i["participants"]) for i in original["interactions"])
    assert counts["import_changes"] == len(original["import_changes"]) > 0


def test_kith_import_restores_a_backup_file(
    ctx: Ctx, network: tuple[str, dict[str, Any]], target: Ctx, tmp_path: Path
) -> None:
    text, original = network
    report = run_import(target, _file(tmp_path, text))
    assert (report.kind, report.created["people"]) == ("kith_backup", len(original["people"]) - 1)
    assert canonical(export_backup(target)) == canonical(original)


def _without_import_changes(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "import_changes"}


def _keys_reordered(doc: dict[str, Any]) -> dict[str, Any]:
    return dict(reversed(doc.items()))


def _people_reversed(doc: dict[str, Any]) -> dict[str, Any]:
    return {**doc, "people": doc["people"][::-1]}


def _participants_reversed(doc: dict[str, Any]) -> dict[str, Any]:
    interactions = [{**i, "participants": i["participants"][::-1]} for i in doc["interactions"]]
    return {**doc, "interactions": interactions}


# (layout, read whole?): every layout a kith ever wrote, or a person might make of one
LAYOUTS: list[tuple[str, Callable[[dict[str, Any]], str], bool]] = [
    ("kith's", kith_layout, False),
    ("kith's with Windows line ends", lambda d: kith_layout(d, "\r\n"), False),
    ("kith's from before import_changes", lambda d: kith_layout(_without_import_changes(d)), False),
    ("indented (an earlier kith)", lambda d: json.dumps(d, indent=2, ensure_ascii=False), True),
    ("on one line", json.dumps, True),
    ("keys in another order", lambda d: kith_layout(_keys_reordered(d)), True),
    ("people out of id order", lambda d: kith_layout(_people_reversed(d)), True),
    ("participants out of id order", lambda d: kith_layout(_participants_reversed(d)), True),
]


@pytest.mark.parametrize(("layout", "lay_out", "whole"), LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_every_layout_restores_the_same_network(
    ctx: Ctx,
    network: tuple[str, dict[str, Any]],
    tmp_path: Path,
    layout: str,
    lay_out: Callable[[dict[str, Any]], str],
    whole: bool,
) -> None:
    _, original = network
    if "before import_changes" in layout:
        original = {**original, "import_changes": []}
    theirs, reads = _newcomer(ctx), WholeReads()
    restore(theirs, _file(tmp_path, lay_out(network[1])), load=reads)
    assert reads.calls == int(whole)
    assert canonical(export_backup(theirs)) == canonical(original)


# ---- nothing written before everything is checked -------------------------------------


def test_a_bad_reference_in_the_last_record_is_found_before_anything_is_written(
    ctx: Ctx, network: tuple[str, dict[str, Any]], target: Ctx, tmp_path: Path
) -> None:
    _, doc = network
    assert list(doc)[-1] == "import_changes"
    last = doc["import_changes"][-1]
    last["batch_id"] = 999999
    doc["owner"]["weekly_budget"] = 3
    before = _rows(target)
    with pytest.raises(ImportFormatError) as err:  # no savepoint here to roll writes back
        restore(target, _file(tmp_path, kith_layout(doc)), load=_never)
    assert str(err.value) == (
        f"Could not read `kith-backup.json`: import_changes record {last['id']}: 'batch_id' "
        "points to import_batches record 999999, which is not in the backup."
    )
    assert _rows(target) == before


@pytest.mark.parametrize(("corrupt", "problem"), CORRUPTIONS)
def test_a_corrupted_backup_file_names_the_same_problem_and_writes_nothing(
    ctx: Ctx, target: Ctx, tmp_path: Path, corrupt: Any, problem: str
) -> None:
    """The corruptions of ``test_backup``, in a file in kith's layout (some, like a missing
    table, leave that layout and are read whole)."""
    doc, ids = corruptible(ctx)
    corrupt(doc)
    before = _rows(target)
    with pytest.raises(ImportFormatError) as err:
        restore(target, _file(tmp_path, kith_layout(doc)), load=_read_json)
    assert str(err.value) == f"Could not read `kith-backup.json`: {problem.format(**ids)}"
    assert _rows(target) == before


# ---- invalid JSON ----------------------------------------------------------------------


def _broken(text: str) -> tuple[str, int]:
    """``text`` with the colon after the first key of a record mid-file taken out, and
    that record's line number."""
    lines = text.splitlines(keepends=True)
    at = next(n for n in range(len(lines) // 2, len(lines)) if lines[n].startswith("    {"))
    lines[at] = lines[at].replace('"id":', '"id"', 1)
    return "".join(lines), at + 1


def test_invalid_json_mid_file_names_its_line(
    network: tuple[str, dict[str, Any]], target: Ctx, tmp_path: Path
) -> None:
    text, line = _broken(network[0])
    with pytest.raises(ImportFormatError) as err:
        run_import(target, _file(tmp_path, text))
    assert err.value.line == line
    assert str(err.value).startswith(
        f"Could not read `kith-backup.json` line {line}: not valid JSON (Expecting ':' "
        f"delimiter: line {line} column 11"
    )


def test_invalid_json_is_reported_before_a_bad_record_ahead_of_it(
    network: tuple[str, dict[str, Any]], target: Ctx, tmp_path: Path
) -> None:
    """As when the file was read whole: the JSON has to be right before its records."""
    _, doc = network
    doc["people"][1]["met_on"] = "someday"
    text, line = _broken(kith_layout(doc))
    with pytest.raises(ImportFormatError) as err:
        run_import(target, _file(tmp_path, text))
    assert err.value.line == line
    assert "not valid JSON" in str(err.value)


# ---- the reader ------------------------------------------------------------------------


def _read(path: Path) -> Iterator[tuple[str, Any]]:
    """Every record of every table, as the restore reads them."""
    with path.open("rb") as handle:
        backup = StreamedBackup(handle)
        for table in TABLES:
            for record in backup.records(table.key):
                yield table.key, record
        backup.end()


def _doc(**tables: list[Any]) -> dict[str, Any]:
    return {"kith_backup": 1, "owner": {}} | {t.key: tables.get(t.key, []) for t in TABLES}


def test_the_reader_holds_a_record_at_a_time(tmp_path: Path) -> None:
    """Its peak memory is a sliver of the file's size (``json.loads`` takes several times
    the size), and a table comes as an iterator reading the file as it goes."""
    interactions = [
        {
            "id": n,
            "summary": f"Coffee {n} " + "x" * 200,
            "participants": [{"id": n, "person_id": 1}],
        }
        for n in range(1, 20_001)
    ]
    path = _file(tmp_path, kith_layout(_doc(interactions=interactions)))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        read = sum(1 for _ in _read(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == 20_000
    assert peak < size / 20, (peak, size)
    with path.open("rb") as handle:
        backup = StreamedBackup(handle)
        for table in TABLES[: [t.key for t in TABLES].index("interactions")]:
            assert backup.records(table.key) == []
        table = backup.records("interactions")
        assert isinstance(table, Iterator)
        assert next(table)["id"] == 1
        assert handle.tell() < size / 10  # the rest not read yet


@pytest.mark.parametrize(
    ("people", "followed"),
    [
        ('  "people": [\n    {"id": 1},\n    {"id": 2}\n  ],\n', True),
        ('  "people": [{"id": 1}, {"id": 2}],\n', True),  # a table on one line
        ('  "people": [\n\n    {"id": 1},\n   \t {"id": 2}\n  ],\n', True),  # blank lines
        ('  "people": [\n    {"id": 1},\n    {"id": 2},\n  ],\n', False),  # a trailing comma
        ('  "people": [\n    {"id": 1}\n    {"id": 2}\n  ],\n', False),  # a comma missing
        ('  "people": [\n    {"id": 1}, {"id": 2}\n  ],\n', False),  # two on a line
        ('  "people": [\n    {"id": 1,\n     "x": 2}\n  ],\n', False),  # one on two lines
        ('  "people": [\n    {"id": 1}\n  ]\n', False),  # the comma after the table missing
    ],
)
def test_the_reader_follows_kiths_layout_and_nothing_else(
    tmp_path: Path, people: str, followed: bool
) -> None:
    rest = ",\n".join(f'  "{t.key}": []' for t in TABLES[1:])
    text = '{\n  "kith_backup": 1,\n' + people + rest + "\n}\n"
    path = _file(tmp_path, text)
    if followed:
        assert [r for _, r in _read(path)] == json.loads(text)["people"]
        return
    with pytest.raises(LayoutError):
        list(_read(path))


@pytest.mark.parametrize("after", ["\n}\n", "\n}\n\n  \n", "\n}"])
def test_the_reader_accepts_the_end_of_the_document(tmp_path: Path, after: str) -> None:
    text = "{\n" + ",\n".join(f'  "{t.key}": []' for t in TABLES) + after
    assert list(_read(_file(tmp_path, text))) == []


@pytest.mark.parametrize("after", ["\n},\n", "\n}\n{}\n", ",\n}\n", "\n"])
def test_the_reader_refuses_what_is_not_the_end_of_a_document(tmp_path: Path, after: str) -> None:
    text = "{\n" + ",\n".join(f'  "{t.key}": []' for t in TABLES) + after
    with pytest.raises(LayoutError):
        list(_read(_file(tmp_path, text)))
