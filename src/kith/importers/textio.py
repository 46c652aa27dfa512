"""Reading bytes as text, and finding the header row of a CSV file.

Encodings are sniffed, never assumed: a BOM first (UTF-8, UTF-16LE/BE), then NUL-byte
patterns (UTF-16 without a BOM), then strict UTF-8, then cp1252 (the Windows ANSI code
page most Outlook and Excel files are written in).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from kith.errors import ImportFormatError

_FIELD_LIMIT = 64 * 1024 * 1024
csv.field_size_limit(_FIELD_LIMIT)  # LinkedIn CONTENT and Outlook Notes can be long


def sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes look like UTF-16 without a BOM."""
    sample = data[:512]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    return None


def _bom_or_utf16(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return sniff_utf16(data)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). Never raises: undecodable bytes become U+FFFD."""
    encoding = _bom_or_utf16(data)
    if encoding is None or encoding == "utf-8-sig":
        try:
            return data.decode(encoding or "utf-8").lstrip("\ufeff"), encoding or "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
            data = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    if encoding.startswith("utf-16") and len(data) % 2:
        data = data[:-1]
    return data.decode(encoding, errors="replace").lstrip("\ufeff"), encoding


def decode_head(data: bytes) -> str:
    """Best-effort text of the first bytes of a file (for sniffing only): a multi-byte
    character cut off at the end does not turn the guess into cp1252."""
    encoding = _bom_or_utf16(data)
    if encoding is None or encoding == "utf-8-sig":
        try:
            text = data.decode(encoding or "utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 4:
                text = data.decode("cp1252", errors="replace")
            else:
                text = data[: exc.start].decode(encoding or "utf-8", errors="replace")
        return text.lstrip("\ufeff")
    if len(data) % 2:
        data = data[:-1]
    return data.decode(encoding, errors="replace").lstrip("\ufeff")


CUT_OFF = "this row never ends (its quote is not closed): the file looks cut off"


@dataclass
class CsvTable:
    """A CSV file positioned after its header row.

    ``rows`` yields ``(line, fields)`` where ``line`` is the physical 1-based line on
    which the row starts. Columns are looked up by name (``col``), never by position.
    """

    file: str
    header: list[str]
    delimiter: str
    header_line: int
    _text: str

    def __post_init__(self) -> None:
        """``index``: each column name (stripped, case-folded) -> its position; a name that
        appears again is also indexed as ``name#2``, ``name#3`` (French Outlook has two
        "Titre" columns: the courtesy title, then the job title)."""
        self.index: dict[str, int] = {}
        for position, name in enumerate(self.header):
            key = name.strip().strip("\ufeff").casefold()
            if key in self.index:
                repeat = 2
                while f"{key}#{repeat}" in self.index:
                    repeat += 1
                key = f"{key}#{repeat}"
            self.index[key] = position

    @property
    def size(self) -> int:
        """Characters of the file's text: what it weighs against others when telling how
        far an import has read."""
        return len(self._text)

    @cached_property
    def lines(self) -> int:
        """The file's last line (of the whole file, the header's preamble included)."""
        return self.header_line - 1 + self._text.count("\n") + (not self._text.endswith("\n"))

    def col(self, *names: str) -> int | None:
        """Position of the first of ``names`` present (case-insensitive)."""
        for name in names:
            found = self.index.get(name.casefold())
            if found is not None:
                return found
        return None

    def rows(self, errors: list[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
        """Data rows. Rows the csv module cannot read go to ``errors`` as (line, reason),
        and so does a last row that never closes its quote (a file cut off)."""
        held: tuple[int, list[str]] | None = None  # the last row waits for the end
        for found in self._rows(errors):
            if held is not None:
                yield held
            held = found
        if held is not None and self.cut_off:
            errors.append((held[0], CUT_OFF))
        elif held is not None:
            yield held

    def _rows(self, errors: list[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self.delimiter)
        offset = self.header_line - 1
        next(reader, None)  # the header itself
        previous = reader.line_num
        while True:
            try:
                for row in reader:
                    start = previous + 1
                    previous = reader.line_num
                    if row and (len(row) > 1 or row[0].strip()):
                        yield offset + start, row
                return
            except csv.Error as exc:
                errors.append((offset + previous + 1, f"unreadable CSV row ({exc})"))
                if reader.line_num == previous:
                    return
                previous = reader.line_num

    @cached_property
    def cut_off(self) -> bool:
        """Whether the file ends inside a quoted field: a file cut short (the lenient
        reader would take the rest of the file as that field's text)."""
        if self._text.count('"') % 2 == 0:  # quotes come in pairs in a whole file
            return False
        strict = csv.reader(
            io.StringIO(self._text, newline=""), delimiter=self.delimiter, strict=True
        )
        while True:
            before = strict.line_num
            try:
                for _ in strict:
                    pass
                return False
            except csv.Error as exc:  # other quirks the lenient reader takes: go on
                if "unexpected end of data" in str(exc):
                    return True
                if strict.line_num == before:
                    return False

    def fast_rows(self) -> tuple[list[list[str]], list[int] | None]:
        """All data rows at C speed, with their lines when every row is one line long;
        lines are None when a field spans lines or a row is unreadable (use ``rows``)."""
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self.delimiter)
        try:
            next(reader, None)
            rows = list(reader)
        except csv.Error:
            return [], None
        if reader.line_num != len(rows) + 1 or self.cut_off:
            return rows, None
        first = self.header_line + 1
        return rows, list(range(first, first + len(rows)))


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def find_table(
    text: str,
    file: str,
    accept: Callable[[frozenset[str]], bool],
    *,
    max_lines: int = 12,
) -> CsvTable | None:
    """The first of the first ``max_lines`` lines whose cells satisfy ``accept`` (given
    the case-folded, stripped cell values) becomes the header; the delimiter is whichever
    of comma, semicolon and tab makes it so. A preamble above it is ignored."""
    position = 0
    for number in range(1, max_lines + 1):
        end = text.find("\n", position)
        line = text[position : end if end >= 0 else len(text)].rstrip("\r")
        for delimiter in _delimiters(line):
            cells = _split_line(line, delimiter)
            names = frozenset(c.strip().strip("\ufeff").casefold() for c in cells)
            if len(cells) > 1 and accept(names):
                return CsvTable(file, cells, delimiter, number, text[position:])
        if end < 0:
            break
        position = end + 1
    return None


def _delimiters(line: str) -> list[str]:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    return [d for d, n in sorted(counts.items(), key=lambda item: -item[1]) if n]


def require_table(
    text: str, file: str, accept: Callable[[frozenset[str]], bool], expected: str
) -> CsvTable:
    table = find_table(text, file, accept)
    if table is None:
        raise ImportFormatError(
            f"no header row found in the first lines (expected {expected})",
            file=file,
            hint="Check that this is the unmodified export file.",
        )
    return table


def cell(row: list[str], position: int | None) -> str:
    """The stripped value at ``position``; "" when the column is absent or the row short."""
    if position is None or position >= len(row):
        return ""
    return row[position].strip()
