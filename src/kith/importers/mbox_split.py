"""Finding the messages of an mbox file, and the header block of an .eml file.

Python's ``mailbox.mbox`` starts a message at every line beginning ``From ``, which
over-counts files whose bodies hold unescaped ``From `` lines (old Thunderbird, MimeKit's
"From Russia with love") and misses the first message after a BOM. Here a ``From `` line
is a separator only when it is the first line of the file or
- a header block that contains a real mail header (From:, Date:, Message-ID: ...)
  follows it, and
- a blank line precedes it, or it looks like an envelope line (``From -``,
  ``From addr@host ...``, ``From sender <asctime with a year>``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BufferedReader

_ENVELOPE = re.compile(rb"^From (?:-|\S+@\S+|\S+ .*\d{4}\s*$)")
_HEADER = re.compile(rb"^([\x21-\x39\x3b-\x7e]+):")
_MAIL_HEADERS = frozenset(
    {
        b"from",
        b"to",
        b"cc",
        b"date",
        b"subject",
        b"message-id",
        b"received",
        b"return-path",
        b"delivered-to",
        b"mime-version",
        b"x-gm-thrid",
        b"x-mozilla-status",
        b"reply-to",
        b"sender",
        b"x-gmail-labels",
        b"in-reply-to",
        b"references",
    }
)
_LOOKAHEAD = 200  # header lines we are willing to buffer after a candidate separator


def starts_with_from(stream: BufferedReader) -> bool:
    head = stream.peek(8)[:8]
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"From ")


def single(stream: BufferedReader) -> Iterator[tuple[int, bytes, bytes]]:
    """A .eml: the header block at the top of the file, if it looks like mail."""
    block = _header_block(_lines(stream))
    if block and _has_mail_header(block):
        yield 1, b"", b"".join(block)


def _lines(stream: BufferedReader) -> Iterator[bytes]:
    first = True
    for raw in stream:
        if first:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        yield raw


def _header_block(lines: Iterator[bytes]) -> list[bytes]:
    block: list[bytes] = []
    for raw in lines:
        if not raw.strip(b"\r\n"):
            break
        block.append(raw)
        if len(block) > _LOOKAHEAD:
            break
    return block


def _has_mail_header(block: list[bytes]) -> bool:
    for raw in block:
        found = _HEADER.match(raw)
        if found and found.group(1).lower() in _MAIL_HEADERS:
            return True
    return False


def _take(
    pending: list[tuple[int, bytes]], source: Iterator[tuple[int, bytes]]
) -> tuple[int, bytes] | None:
    return pending.pop() if pending else next(source, None)


def separated(stream: BufferedReader) -> Iterator[tuple[int, bytes, bytes]]:
    """(line of the separator, the separator, header bytes) of each message in an mbox."""
    pending: list[tuple[int, bytes]] = []  # lines pushed back after a failed lookahead
    source = enumerate(_lines(stream), start=1)
    blank_before = True
    while (item := _take(pending, source)) is not None:
        number, raw = item
        if raw.startswith(b"From ") and (number == 1 or blank_before or _ENVELOPE.match(raw)):
            block: list[tuple[int, bytes]] = []
            while (entry := _take(pending, source)) is not None:
                block.append(entry)
                if not entry[1].strip(b"\r\n") or len(block) > _LOOKAHEAD:
                    break
            headers = [b for _, b in block if b.strip(b"\r\n")]
            if number == 1 or (headers and _HEADER.match(headers[0]) and _has_mail_header(headers)):
                yield number, raw, b"".join(headers)
                blank_before = True
                continue
            pending.extend(reversed(block))
        blank_before = not raw.strip(b"\r\n")
