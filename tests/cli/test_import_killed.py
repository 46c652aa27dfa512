"""A `kith import` process killed part-way leaves the database as it was before.

The import runs as a real process (its own interpreter, the background writer thread, the
real database) and gets SIGKILL while it writes, so no cleanup code of ours can run: the
test waits until the process has its second thread (the writer, which exists only while an
import writes), then kills it. The data must be as before; and importing again works.
"""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from kith.config import sqlite_url

CONNECTIONS, MESSAGES = 1_500, 20_000
ME = ("Alex Morgan", "https://www.linkedin.com/in/alex-morgan")


def _export(folder: Path) -> Path:
    folder.mkdir()
    people = [
        (f"Given{i}", f"Family{i}", f"https://www.linkedin.com/in/p-{i}")
        for i in range(CONNECTIONS)
    ]
    with (folder / "Connections.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for first, last, url in people:
            writer.writerow([first, last, url, "", "Acme", "Engineer", "01 Feb 2024"])
    start = datetime(2024, 3, 1, tzinfo=UTC)
    with (folder / "messages.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
             "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"]
        )  # fmt: skip
        for m in range(MESSAGES):
            first, last, url = people[m % CONNECTIONS]
            sender = ME if m % 2 else (f"{first} {last}", url)
            to = (f"{first} {last}", url) if m % 2 else ME
            when = (start + timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M:%S UTC")
            writer.writerow([f"c{m % CONNECTIONS}", "", *sender, *to, when, "", f"hi {m}", "INBOX"])
    return folder


def _kith(url: str, *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kith", "--db", url, *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _run(url: str, *args: str) -> None:
    process = _kith(url, *args)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


def _wait_for_the_writer(process: subprocess.Popen[bytes], limit: float) -> bool:
    """True once the import's background writer thread runs (a second thread in the
    process: it exists only while records are written), False if ``limit`` passes."""
    tasks = Path(f"/proc/{process.pid}/task")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(tasks.iterdir())) > 1:
            return True
        time.sleep(0.002)
    return False


def _counts(url: str) -> tuple[int, int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = tuple(
            int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("people", "interactions", "participants")
        )
    engine.dispose()
    return found  # type: ignore[return-value]


def test_an_import_killed_part_way_leaves_the_previous_state(db_url: str, tmp_path: Path) -> None:
    export = _export(tmp_path / "export")
    timed = sqlite_url(tmp_path / "timed.db")
    _run(timed, "people", "add", "Zoe Existing")
    started = time.monotonic()
    _run(timed, "import", str(export))
    duration = time.monotonic() - started
    complete = _counts(timed)

    _run(db_url, "people", "add", "Zoe Existing")
    before = _counts(db_url)
    process = _kith(db_url, "import", str(export))
    writing = _wait_for_the_writer(process, duration)
    time.sleep(0.05)  # rows handed to the writer, which runs for half a second or more
    process.kill()
    assert process.wait(timeout=60) == -signal.SIGKILL  # it was still running
    assert writing  # and writing: the kill came in the middle of the import

    after = _counts(db_url)
    assert after in (before, complete)
    _run(db_url, "import", str(export))  # and it can be done again
    assert _counts(db_url) == complete
