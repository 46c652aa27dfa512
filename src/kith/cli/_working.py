"""A spinner on the terminal while kith works something out, once it takes a while.

Insights on a large network take seconds when the data has changed (30,000 people and
450,000 touches: about 13 s); a command that prints nothing meanwhile looks hung. The
spinner is written to standard error, only when that is a terminal, only after
``DELAY_SECONDS`` (a quick command shows nothing), and is gone before the answer is printed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.live import Live
from rich.spinner import Spinner

WORKING = "Working out your network…"
DELAY_SECONDS = 1.0


@contextmanager
def working(
    enabled: bool = True,
    what: str = WORKING,
    *,
    delay: float | None = None,
    console: Console | None = None,
) -> Iterator[None]:
    """Shows ``what`` with a spinner on ``console`` (standard error) if the block is still
    running after ``delay`` seconds (``DELAY_SECONDS``; 0: at once); nothing when not
    ``enabled`` or not on a terminal."""
    out = console or Console(stderr=True)
    if not enabled or not out.is_terminal:
        yield
        return
    status = Live(  # standard output and error are left as they are
        Spinner("dots", what),
        console=out,
        transient=True,
        refresh_per_second=12.5,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    lock = threading.Lock()
    shown = done = False

    def show() -> None:
        nonlocal shown
        with lock:
            if not done:
                status.start(refresh=True)
                shown = True

    wait = DELAY_SECONDS if delay is None else delay
    timer = threading.Timer(wait, show) if wait > 0 else None
    if timer is None:
        show()
    else:
        timer.daemon = True
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.cancel()
            timer.join()  # at once: cancelled, or done showing
        with lock:
            done = True
            if shown:
                status.stop()
