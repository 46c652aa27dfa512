"""vCard framing: cards, logical lines, encodings. Values are interpreted in ``vcard``.

Why not hand the file to ``vobject.readComponents``: one bad line there aborts the whole
file, 2.1 quoted-printable soft breaks and Apple's ``\\r\\r\\n`` photo folding break it,
and it decodes text values lossily (an unescaped comma in FN truncates the name). So the
framing happens here, on bytes (a fold may split a UTF-8 sequence), and each logical
line is tokenized by ``vobject.base.parseLine``. Binary properties (PHOTO, LOGO, SOUND,
KEY) are dropped before they are joined, which keeps large files fast.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vobject.base import ParseError as VobjectParseError
from vobject.base import parseLine

from kith.importers.textio import sniff_utf16

_BINARY = (b"PHOTO", b"LOGO", b"SOUND", b"KEY")
_PROPERTY_START = re.compile(rb"^[A-Za-z0-9_.-]+[;:]")
_CHARSET = re.compile(rb";\s*CHARSET=\"?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


@dataclass
class RawCard:
    line: int
    lines: list[tuple[int, bytes]] = field(default_factory=list)
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Prop:
    name: str  # upper case, group removed
    group: str | None  # lower case
    params: dict[str, list[str]]  # upper-case keys
    types: frozenset[str]  # lower case TYPE values and 2.1 bare parameters
    value: str  # decoded (QP and charset), still vCard-escaped
    line: int


def to_utf8_bytes(data: bytes) -> bytes:
    """UTF-16 files (with or without BOM) re-encoded as UTF-8; anything else unchanged
    (each line is decoded on its own later, so a cp1252 card cannot spoil a UTF-8 one)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    guess = sniff_utf16(data)
    if guess:
        return data[: len(data) - len(data) % 2].decode(guess, errors="replace").encode("utf-8")
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def physical_lines(data: bytes) -> list[bytes]:
    if b"\n" not in data and b"\r" in data:
        return data.split(b"\r")
    return data.split(b"\n")


def split_cards(data: bytes) -> Iterator[RawCard]:
    """Cards between BEGIN:VCARD and END:VCARD (nested 2.1 AGENT cards stay inside)."""
    card: RawCard | None = None
    depth = 0
    for number, raw in enumerate(physical_lines(data), start=1):
        line = raw.rstrip(b"\r")
        head = line[:11].upper()
        if head == b"BEGIN:VCARD":
            depth += 1
            if card is None:
                card = RawCard(number)
                continue
        elif head[:9] == b"END:VCARD" and card is not None:
            depth -= 1
            if depth == 0:
                card.closed = True
                yield card
                card = None
                continue
        if card is not None:
            card.lines.append((number, line))
    if card is not None:
        yield card


def logical_lines(card: RawCard) -> Iterator[tuple[int, bytes]]:
    """Unfolded lines: RFC folding (drop one leading space/tab), 2.1 quoted-printable
    soft breaks (``=`` at the end of a line), binary properties dropped with their
    continuation lines and Outlook's blank-line terminator."""
    start, chunks, qp, binary = 0, list[bytes](), False, False
    for number, line in card.lines:
        if qp:
            chunks[-1] = chunks[-1][:-1]
            chunks.append(line)
        elif line[:1] in (b" ", b"\t"):
            if not binary and chunks:
                chunks.append(line[1:])
        elif not line.strip() or (binary and not _PROPERTY_START.match(line)):
            pass
        else:
            if chunks:
                yield start, b"".join(chunks)
            start, chunks = number, []
            name = line.split(b":", 1)[0].split(b";", 1)[0].rsplit(b".", 1)[-1].upper()
            binary = name in _BINARY
            if not binary:
                chunks.append(line)
        qp = bool(chunks) and chunks[-1].endswith(b"=") and _is_qp(chunks[0])
    if chunks:
        yield start, b"".join(chunks)


def _is_qp(first: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in first.split(b":", 1)[0].upper()


def _charset(line: bytes) -> str | None:
    head = line.split(b":", 1)[0]
    found = _CHARSET.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def decode_text(raw: bytes, charset: str | None) -> str:
    """UTF-8, else the declared charset, else cp1252. A value declared UTF-8 that is not
    keeps its valid characters (one bad byte must not turn the rest into mojibake).
    Never raises."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = (charset or "").lower().replace("_", "-")
    if declared in ("utf-8", "utf8"):
        return raw.decode("utf-8", errors="replace")
    for name in (charset, "cp1252"):
        if name:
            try:
                return raw.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    return raw.decode("cp1252", errors="replace")


MAX_HEAD_EQUALS = 12  # "=" in one property's name and parameters; real cards have a few


def _head(text: str) -> str | None:
    """The property's name and parameters: the text before the first ':' that is not inside
    a double-quoted parameter value; None when there is no such ':'."""
    at = 0
    while True:
        colon, quote = text.find(":", at), text.find('"', at)
        if quote == -1 or (colon != -1 and colon < quote):
            return None if colon == -1 else text[:colon]
        close = text.find('"', quote + 1)
        if close == -1:
            return None
        at = close + 1


def parse_prop(number: int, raw: bytes) -> Prop | None:
    """One logical line as a Prop; None when vobject cannot tokenize it.

    A line without a name-value ':' (a damaged quoted-printable run, say), or with more
    "=" before it than any real property has, never reaches vobject: its line pattern
    backtracks exponentially in the number of "=" when it fails (24 of them took 42 s)."""
    charset = _charset(raw)
    text = decode_text(raw, charset)
    head = _head(text)
    if head is None or head.count("=") > MAX_HEAD_EQUALS:
        return None
    try:
        name, params, value, group = parseLine(text, number)
    except (VobjectParseError, ValueError, TypeError):
        return None
    table: dict[str, list[str]] = {}
    types: set[str] = set()
    for param in params:
        if len(param) == 1:
            types.add(param[0].lower())
            continue
        key = param[0].upper()
        table.setdefault(key, []).extend(param[1:])
        if key == "TYPE":
            types.update(t.strip().lower() for v in param[1:] for t in v.split(","))
    if "quoted-printable" in types or "QUOTED-PRINTABLE" in (
        v.upper() for v in table.get("ENCODING", ())
    ):
        value = _decode_qp(value, charset)
    return Prop(
        name.upper(), group.lower() if group else None, table, frozenset(types), value, number
    )


def _decode_qp(value: str, charset: str | None) -> str:
    data = binascii.a2b_qp(value.encode("utf-8", "replace"))
    text = decode_text(data, charset)
    # 2.1 carries line breaks literally in QP; re-escape so unescape() works uniformly
    return text.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n")


def unescape(value: str) -> str:
    r"""``\n``/``\N`` become newlines; ``\,`` ``\;`` ``\\`` and (Gmail, iOS) ``\:`` their
    character."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_escaped(value: str, separator: str) -> list[str]:
    """Split on ``separator`` where it is not backslash-escaped; escapes are kept."""
    if separator not in value:
        return [value]
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unwrap_label(label: str) -> str:
    """Apple's built-in labels come as ``_$!<HomePage>!$_``."""
    found = _LABEL.match(label.strip())
    return (found.group(1) if found else label).strip()
