"""A `kith import` process killed part-way leaves the database as it was before.

The import runs as a real process (its own interpreter, the background writer thread, the
real database) and gets SIGKILL while it writes, so no cleanup code of ours can run: the
test waits until the process has its second thread (the writer, which exists only while an
import writes), then kills it. The data must be as before; and importing again works.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from kith.config import sqlite_url
from tests.importers.conftest import write_csv
from tests.importers.linkedin_headers import CONNECTIONS, MESSAGES_2024

PEOPLE, MESSAGES = 1_500, 20_000
ME = ("Alex Morgan", "https://www.linkedin.com/in/alex-morgan")


def _export(folder: Path) -> Path:
    """Connections and messages in LinkedIn's 2024 layout; the user is in every message."""
    folder.mkdir()
    people = [(f"Given{i} Family{i}", f"https://www.linkedin.com/in/p-{i}") for i in range(PEOPLE)]
    connections = [
        [*name.split(), url, "", "Acme", "Engineer", "01 Feb 2024"] for name, url in people
    ]
    write_csv(folder / "Connections.csv", CONNECTIONS, connections)
    start = datetime(2024, 3, 1, tzinfo=UTC)
    rows = []
    for m in range(MESSAGES):
        them = people[m % PEOPLE]
        sender, to = (ME, them) if m % 2 else (them, ME)
        when = (start + timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M:%S UTC")
        rows.append([f"c{m % PEOPLE}", "", *sender, *to, when, "", f"hi {m}", "INBOX"])
    write_csv(folder / "messages.csv", MESSAGES_2024, rows)
    return folder


def _kith(url: str, *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kith", "--db", url, *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _run(url: str, *args: str) -> None:
    process = _kith(url, *args)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


def _wait_for_the_writer(process: subprocess.Popen[bytes]) -> bool:
    """True once the import's background writer thread runs (a second thread in the
    process: it exists only while records are written), False if the import ends first.

    No time limit of its own beyond a generous safety net: the writer starts after the
    whole file is parsed, which on a loaded machine can take longer than a whole import
    took a moment before (a limit taken from the timed run once made this test fail)."""
    tasks = Path(f"/proc/{process.pid}/task")
    deadline = time.monotonic() + 300
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
    _run(timed, "import", str(export))
    complete = _counts(timed)

    _run(db_url, "people", "add", "Zoe Existing")
    before = _counts(db_url)
    process = _kith(db_url, "import", str(export))
    writing = _wait_for_the_writer(process)
    time.sleep(0.05)  # rows handed to the writer, which runs for half a second or more
    process.kill()
    assert process.wait(timeout=60) == -signal.SIGKILL  # it was still running
    assert writing  # and writing: the kill came in the middle of the import

    after = _counts(db_url)
    assert after in (before, complete)
    _run(db_url, "import", str(export))  # and it can be done again
    assert _counts(db_url) == complete
