"""An import tells its progress: records applied so far, of how many, ending at the total."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from rich.console import Console

from kith.cli._output import OutputFormat
from kith.cli.imports import _progress
from kith.clock import Clock
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory
from kith.db.migrate import upgrade
from kith.importers import ImportOptions, detect_kind, parse
from kith.importers.reading import EVERY_BYTES
from kith.services.backup import backup_chunks
from kith.services.context import Ctx
from kith.services.imports import run_import, run_imports
from kith.services.owners import ensure_owner

DATA = Path(__file__).resolve().parents[1] / "data"
CONNECTIONS = DATA / "linkedin" / "network-jobs__Connections.csv"
MESSAGES = DATA / "linkedin" / "lni__Messages_nonstandard.csv"


def test_progress_counts_up_to_every_record_of_the_file(ctx: Ctx) -> None:
    for path in (CONNECTIONS, MESSAGES):
        parsed = parse(path, detect_kind(path), ImportOptions())
        records = len(parsed.people) + len(parsed.interactions)
        seen: list[tuple[int, int]] = []

        def tell(done: int, total: int, seen: list[tuple[int, int]] = seen) -> None:
            seen.append((done, total))

        run_import(ctx, path, progress=tell)
        assert seen[0] == (0, records)  # the first record, before it is applied
        assert seen[-1] == (records, records)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        assert {total for _, total in seen} == {records}


def _on_a_terminal(name: str) -> tuple[io.StringIO, _progress]:
    """The import's bar for ``name`` on a terminal of 100 columns, and what it shows."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    return screen, _progress(OutputFormat.table, name, console)


def test_the_terminal_shows_a_bar_with_records_done_of_the_total() -> None:
    screen, progress = _on_a_terminal("messages.csv")
    with progress as tick:
        assert tick is not None and progress.bar is not None
        (task,) = progress.bar.tasks
        assert (task.description, task.total) == ("Reading messages.csv…", None)
        tick(1500, 6000)
        assert (task.description, task.completed, task.total) == (
            "Importing messages.csv",
            1500,
            6000,
        )
        progress.bar.refresh()
    assert "1,500/6,000 records" in screen.getvalue()


def test_no_bar_for_json_or_when_not_on_a_terminal() -> None:
    quiet = Console(file=io.StringIO(), force_terminal=False)
    with _progress(OutputFormat.json, "x.vcf", quiet) as tick:
        assert tick is None
    with _progress(OutputFormat.table, "x.vcf", quiet) as tick:
        assert tick is None


def test_a_zip_of_several_kinds_says_which_kind_the_bar_counts(ctx: Ctx, tmp_path: Path) -> None:
    takeout = tmp_path / "takeout.zip"
    with zipfile.ZipFile(takeout, "w") as archive:
        archive.write(DATA / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf", "Takeout/Contacts/a.vcf")
        archive.write(DATA / "mbox" / "thunderbird__mbox_modern.mbox", "Takeout/Mail/All.mbox")
    console = Console(file=io.StringIO(), force_terminal=True, width=100, color_system=None)
    progress = _progress(OutputFormat.table, takeout.name, console)
    seen: list[str] = []
    with progress as tick:
        assert tick is not None and progress.bar is not None
        (task,) = progress.bar.tasks

        def tell(done: int, total: int) -> None:
            tick(done, total)
            seen.append(task.description)

        def part(what: str) -> None:
            progress.part(what)
            seen.append(task.description)

        run_imports(ctx, takeout, progress=tell, on_part=part)
    assert seen[0] == "Reading takeout.zip (contacts as vCard)…"
    assert seen[1] == "Importing takeout.zip (contacts as vCard)"
    assert "Reading takeout.zip (mail)…" in seen
    assert seen[-1] == "Importing takeout.zip (mail)"


Told = list[tuple[str, int, int]]  # ("read" or "applied", done, of how much)


def _told_while_importing(ctx: Ctx, path: Path, **options: object) -> Told:
    told: Told = []
    run_imports(
        ctx,
        path,
        progress=lambda done, total: told.append(("applied", done, total)),
        reading=lambda done, total: told.append(("read", done, total)),
        options=ImportOptions(**options),  # type: ignore[arg-type]
    )
    return told


def _read_then_applied(told: Told) -> list[tuple[int, int]]:
    """The reading step's (done, total), checked: it comes before any record is applied,
    moves only forward, passes through the middle and ends with the whole file read."""
    kinds = [kind for kind, _, _ in told]
    assert "read" in kinds and "applied" in kinds
    assert kinds.index("applied") > len(kinds) - kinds[::-1].index("read") - 1
    read = [(done, total) for kind, done, total in told if kind == "read"]
    fractions = [done / total for done, total in read]
    assert fractions == sorted(fractions)
    assert read[-1][0] == read[-1][1]
    assert any(0 < fraction < 1 for fraction in fractions), read  # told on the way
    return read


def test_reading_a_big_mbox_is_told_in_bytes(ctx: Ctx, tmp_path: Path) -> None:
    mails = "".join(
        f"From ann{i % 50}@example.org Mon Jan  1 10:00:00 2024\n"
        f"From: Ann {i % 50} <ann{i % 50}@example.org>\nTo: me@example.org\n"
        f"Subject: Note {i}\nDate: Mon, 1 Jan 2024 10:{i % 60:02d}:00 +0000\n"
        f"Message-ID: <m{i}@example.org>\n\n{'A line of the body.' * 40}\n\n"
        for i in range(4000)
    )
    box = tmp_path / "mail.mbox"
    box.write_text(mails, encoding="utf-8")
    read = _read_then_applied(_told_while_importing(ctx, box, my_emails={"me@example.org"}))
    assert {total for _, total in read} == {box.stat().st_size}


def test_reading_a_linkedin_export_is_told_across_its_files(ctx: Ctx, tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    people = [
        f"First{i},Last{i},https://www.linkedin.com/in/p{i},,Acme,Engineer,01 Jan 2024"
        for i in range(3000)
    ]
    (export / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(people)
        + "\n",
        encoding="utf-8",
    )
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
        "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
    )
    me = "Me Myself,https://www.linkedin.com/in/me"
    messages = [
        f"c{i},,First{i % 3000} Last{i % 3000},https://www.linkedin.com/in/p{i % 3000},{me},"
        f"2024-02-{1 + i % 28:02d} 10:00:00 UTC,,Hello {i},INBOX"
        for i in range(5000)
    ]
    (export / "messages.csv").write_text(header + "\n".join(messages) + "\n", encoding="utf-8")
    told = _told_while_importing(ctx, export, my_linkedin_url="https://www.linkedin.com/in/me")
    read = _read_then_applied(told)
    assert len({total for _, total in read}) == 1  # one bar for both files


def test_reading_an_address_book_is_told_in_lines(ctx: Ctx, tmp_path: Path) -> None:
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@example.org\r\nEND:VCARD\r\n"
        for i in range(1000)
    )
    book = tmp_path / "book.vcf"
    book.write_text(cards, encoding="utf-8")
    read = _read_then_applied(_told_while_importing(ctx, book))
    assert read[-1] == (5001, 5001)  # its lines (the last one empty)


def test_reading_a_long_calendar_is_told_in_events(ctx: Ctx, tmp_path: Path) -> None:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:20240102T{i % 24:02d}0000Z\r\nSUMMARY:Call\r\n"
        f"ORGANIZER:mailto:me@example.org\r\nATTENDEE:mailto:ann{i % 9}@example.org\r\n"
        "END:VEVENT\r\n"
        for i in range(1200)
    )
    calendar = tmp_path / "work.ics"
    calendar.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
    read = _read_then_applied(_told_while_importing(ctx, calendar, my_emails={"me@example.org"}))
    assert read == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_the_terminal_bar_shows_how_much_is_read_then_the_records() -> None:
    screen, progress = _on_a_terminal("mail.mbox")
    with progress as tick:
        assert tick is not None and progress.bar is not None
        (task,) = progress.bar.tasks
        progress.read(45, 100)
        assert (task.description, task.completed, task.total) == ("Reading mail.mbox…", 45, 100)
        progress.bar.refresh()
        assert "45 % read" in screen.getvalue()
        tick(0, 6000)
        progress.read(99, 100)  # late news of the reading: the records are counted now
        assert (task.completed, task.total, task.fields["count"]) == (0, 6000, "0/6,000 records")
        progress.part("mail")
        assert (task.description, task.total) == ("Reading mail.mbox (mail)…", None)


def test_restoring_a_backup_tells_its_check_in_bytes_then_the_records_written(
    ctx: Ctx, tmp_path: Path, clock: Clock
) -> None:
    book = tmp_path / "book.vcf"
    book.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@example.org\r\n"
            f"ORG:Company {i % 40}\r\nNOTE:{'Met at the meetup. ' * 8}\r\nEND:VCARD\r\n"
            for i in range(3000)
        ),
        encoding="utf-8",
    )
    run_import(ctx, book)
    backup = tmp_path / "backup.json"
    backup.write_text("".join(backup_chunks(ctx)), encoding="utf-8")
    assert backup.stat().st_size > 2 * EVERY_BYTES  # told on the way
    engine = make_engine(sqlite_url(tmp_path / "target.db"))
    upgrade(engine)
    session = make_session_factory(engine)()
    try:
        target = Ctx(session, ensure_owner(session, clock).id, clock)
        told = _told_while_importing(target, backup)
    finally:
        session.close()
        engine.dispose()
    read = _read_then_applied(told)
    assert {total for _, total in read} == {backup.stat().st_size}
    applied = [(done, total) for kind, done, total in told if kind == "applied"]
    assert applied[-1][0] == applied[-1][1] >= 3001  # every record: people and the rest
    assert [done for done, _ in applied] == sorted(done for done, _ in applied)
