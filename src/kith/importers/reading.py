"""How far a parser has read its file, for the progress bar of a long import.

Reading a big file is most of an import: a Gmail mailbox of 266 MB takes 5 s to read and
2 s to apply, a calendar of 20,000 events 11 s and 2 s. A parser tells
``ImportOptions.on_read`` how much it has read, of how much, in its own unit (bytes of an
mbox, lines of a vCard, rows of messages.csv, events of a calendar); the caller shows the
fraction and the time left. It is told at most every ``EVERY`` units of work and once at
the end, so telling costs nothing measurable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

ReadProgress = Callable[[int, int], None]  # (read so far, of how much), any one unit
EVERY = 2_000  # rows, lines or events between two reports (bytes: every 1 MiB)
EVERY_BYTES = 1 << 20


def told(on_read: ReadProgress | None, done: int, total: int) -> None:
    """``on_read(done, total)``, if anyone asked."""
    if on_read is not None and total > 0:
        on_read(min(done, total), total)


class Throttled:
    """Tells ``on_read`` how far, of ``total``, when ``done`` has moved on ``step`` since it
    was last told (a stream's position, read after every record), and at the ``end``."""

    def __init__(self, on_read: ReadProgress | None, total: int, step: int = EVERY_BYTES) -> None:
        self.on_read, self.total, self.step, self.last = on_read, total, step, 0

    def at(self, done: int) -> None:
        if self.on_read is not None and done - self.last >= self.step:
            self.last = done
            told(self.on_read, done, self.total)

    def end(self) -> None:
        told(self.on_read, self.total, self.total)


def of_parts(on_read: ReadProgress | None, sizes: Sequence[int]) -> list[ReadProgress | None]:
    """One progress per part (the files of a Takeout, say), each reporting its own
    (done, of) as that share of the whole: the bar moves on from file to file instead of
    starting again, in bytes of the whole (each part weighs its ``sizes``)."""
    if on_read is None:
        return [None] * len(sizes)
    whole = sum(sizes) or 1
    starts = [sum(sizes[:at]) for at in range(len(sizes))]

    def part(start: int, size: int) -> ReadProgress:
        def report(done: int, total: int) -> None:
            on_read(start + (size * done // total if total else size), whole)

        return report

    return [part(start, size) for start, size in zip(starts, sizes, strict=True)]
