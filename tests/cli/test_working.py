"""The spinner a slow command shows on the terminal while kith works something out."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from rich.console import Console

from kith.cli import _working
from kith.cli._working import WORKING, working
from tests.conftest import Cli


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=80), out


def test_a_block_still_running_after_the_delay_shows_what_kith_works_out() -> None:
    console, out = _terminal()
    with working(console=console, delay=0):
        assert WORKING in out.getvalue()  # shown at once with no delay
    shown = out.getvalue()
    assert shown.count(WORKING) >= 1
    assert "\x1b[?25h" in shown and shown.endswith("\x1b[2K")  # cursor back, line erased


def test_a_delayed_spinner_shows_once_the_delay_is_over() -> None:
    console, out = _terminal()
    with working(console=console, delay=0.01):
        for _ in range(1000):  # waits for it, however busy the machine
            if WORKING in out.getvalue():
                break
            time.sleep(0.01)
        shown = out.getvalue()
    assert WORKING in shown


def test_a_quick_block_shows_nothing_and_leaves_no_timer() -> None:
    console, out = _terminal()
    with working(console=console, delay=3600):
        pass
    assert out.getvalue() == ""
    assert not any(isinstance(t, threading.Timer) for t in threading.enumerate())


def test_nothing_is_shown_off_a_terminal_or_when_not_wanted() -> None:
    piped = io.StringIO()
    with working(console=Console(file=piped), delay=0):
        pass
    console, out = _terminal()
    with working(False, console=console, delay=0):
        pass
    assert piped.getvalue() == out.getvalue() == ""


def test_insight_commands_and_exports_to_a_file_show_it_on_standard_error(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli.ok("people", "add", "Ana Lima", "--email", "ana@example.org")
    monkeypatch.setattr(_working, "DELAY_SECONDS", 0)
    monkeypatch.setenv("FORCE_COLOR", "1")  # standard error counts as a terminal
    plan = cli.ok("plan")
    assert WORKING in plan.stderr and WORKING not in plan.stdout
    assert "Week of" in plan.stdout
    shown = cli.ok("people", "show", "Ana")
    assert WORKING in shown.stderr and "Ana Lima" in shown.stdout
    exported = cli.ok("export", "csv", "-o", str(tmp_path / "people.csv"))
    assert "Exporting…" in exported.stderr
    to_stdout = cli.ok("export", "csv")  # the text itself goes there: no spinner beside it
    assert to_stdout.stderr == "" and to_stdout.stdout.startswith("\ufeffid,name")
