"""Reading a kith backup a table at a time, a record at a time.

kith writes its backup with one record per line (``backup.backup_chunks``)::

    {
      "kith_backup": 1,
      "schema": "0007",
      ...
      "people": [
        {"id": 1, ...},
        {"id": 2, ...}
      ],
      "contact_points": [],
      ...
    }

so a restore can read it line by line and hold one record at a time instead of the whole
document (600 MB for a 105 MB backup). ``StreamedBackup`` follows that layout and nothing
else: tables in ``TABLES`` order after the settings, each record on a line of its own, each
line valid JSON once its trailing comma is taken off, the commas where JSON needs them. Any
other layout (an older kith's indented backup, a backup on one line, a hand edit that moves
a key or breaks the JSON) raises ``LayoutError``, and the restore reads the whole document
instead (``LoadedBackup``): the same checks then apply, and invalid JSON is reported with
its line by the whole-document reader.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any, BinaryIO, Final, Protocol

from kith.services.backup import OPTIONAL_TABLES, TABLES

# a table the document does not have (``None`` is a value a document may hold)
MISSING: Final = object()
_ORDER = {t.key: n for n, t in enumerate(TABLES)}
_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"  # JSON's whitespace (str.strip() alone would take more)
# what may come next inside an object or list: after its opening bracket, after a comma,
# after a value
_OPENED, _COMMA, _VALUE = "opened", "comma", "value"


class LayoutError(Exception):
    """The file is not laid out as kith writes a backup (or is not valid JSON where it
    deviates): read the whole document instead."""


class Backup(Protocol):
    """One pass over a backup: its settings, then its tables in ``TABLES`` order."""

    @property
    def head(self) -> Any:
        """The document's settings (``kith_backup``, ``schema``, ``owner``, ...)."""
        ...

    def records(self, key: str) -> Any:
        """Table ``key``: its records (a list, or an iterator reading them), another value
        if the document holds one there, or ``MISSING``."""
        ...

    def end(self) -> None:
        """Called after the last table: the document must end there."""
        ...


class LoadedBackup:
    """A whole document already in memory (an older layout, or a test's dict).

    ``writing``: for the pass that writes, records come in id order (as the restore has
    always assigned new ids) and each table is taken out of the document when asked for,
    so the memory of the tables written is freed as the restore goes."""

    def __init__(self, data: Any, *, writing: bool = False) -> None:
        self.data, self.writing = data, writing

    @property
    def head(self) -> Any:
        return self.data

    def records(self, key: str) -> Any:
        if not isinstance(self.data, dict) or key not in self.data:
            return MISSING
        if not self.writing:
            return self.data[key]
        records: list[dict[str, Any]] = sorted(self.data.pop(key), key=itemgetter("id"))
        if key == "interactions":
            for interaction in records:
                interaction.get("participants", []).sort(key=itemgetter("id"))
        return records

    def end(self) -> None:
        return None


class StreamedBackup:
    """A backup file in kith's own layout, read a line at a time (see the module
    docstring); ``LayoutError`` as soon as the file leaves that layout.

    ``head`` is read on opening; each table's records are read as they are iterated,
    and a table not iterated to its end is read past when the next one is asked for."""

    def __init__(self, handle: BinaryIO | Iterable[bytes]) -> None:
        self._lines = iter(handle)  # a file, or its lines (``lines_told``)
        self._block: Iterator[Any] | None = None  # the records of the table being read
        self._after = _OPENED  # in the document's top-level object
        self._last = -1  # the place in TABLES of the last table read
        if self._text() != "{":
            raise LayoutError("the first line is not just {")
        self._head: dict[str, Any] = {}
        entry = self._entry()
        while entry is not None and entry[0] not in _ORDER:
            self._head[entry[0]] = entry[1]  # a key given twice: the last one, as json reads it
            entry = self._entry()
        self._next: tuple[str, Any] | None = entry
        self._peeked = True

    @property
    def head(self) -> dict[str, Any]:
        return self._head

    def records(self, key: str) -> Any:
        entry = self._peek()
        if entry is not None and entry[0] == key:
            self._peeked = False
            return entry[1]
        if key in OPTIONAL_TABLES:
            return MISSING  # absent: had it come before, it would have been out of order
        raise LayoutError(f'"{key}" is not where kith writes it')

    def end(self) -> None:
        if self._peek() is not None:
            raise LayoutError("more after the last table")

    def drain(self) -> None:
        """Read the rest of the file (``LayoutError`` where it leaves the layout): a check
        that failed early must not hide that the JSON breaks further on."""
        while self._peek() is not None:
            self._peeked = False  # and its table read past by the next _peek

    def _peek(self) -> tuple[str, Any] | None:
        """The next top-level entry (None after the closing brace), read past the table
        before it."""
        if not self._peeked:
            self._finish_block()
            self._next, self._peeked = self._entry(), True
        return self._next

    def _finish_block(self) -> None:
        if self._block is not None:
            for _ in self._block:
                pass
            self._block = None

    def _text(self) -> str | None:
        """The next line with text, without its JSON whitespace (None at the end)."""
        for line in self._lines:
            try:
                text = line.decode("utf-8").strip(_SPACE)
            except UnicodeDecodeError as err:
                raise LayoutError("not UTF-8") from err
            if text:
                return text
        return None

    def _entry(self) -> tuple[str, Any] | None:
        """The next ``"key": value`` of the document; a table written over the next lines
        as ``(key, iterator of its records)``. None after the closing brace."""
        text = self._text()
        if text == "}" and self._after != _COMMA:
            if self._text() is not None:
                raise LayoutError("text after the document")
            return None
        if text is None or self._after == _VALUE:
            raise LayoutError("not one entry per line")
        if text.endswith("["):  # a table over the next lines, up to its "]"
            (key, value), *more = _loads("{" + text + "]}").items()
            if more or value != [] or key not in _ORDER:
                raise LayoutError("not a table of records")
            self._block = self._table()
            return self._placed(key), self._block
        body, self._after = (text[:-1], _COMMA) if text.endswith(",") else (text, _VALUE)
        entry = _loads("{" + body + "}")
        if len(entry) != 1:
            raise LayoutError("not one entry per line")
        key, value = next(iter(entry.items()))
        return self._placed(str(key)), value

    def _placed(self, key: str) -> str:
        """``key``, if it comes where kith writes it: the settings, then the tables in
        ``TABLES`` order (so a table or setting the check has passed cannot come again)."""
        at = _ORDER.get(key, -1)
        if at <= self._last and (at >= 0 or self._last >= 0):
            raise LayoutError(f'"{key}" is not where kith writes it')
        self._last = max(at, self._last)
        return key

    def _table(self) -> Iterator[Any]:
        """The records of a table, one per line, up to its closing bracket."""
        after = _OPENED
        while (text := self._text()) is not None:
            if text in ("]", "],") and after != _COMMA:
                self._after = _COMMA if text == "]," else _VALUE
                return
            if after == _VALUE:
                raise LayoutError("not one record per line")
            body, after = (text[:-1], _COMMA) if text.endswith(",") else (text, _VALUE)
            yield _loads(body)
        raise LayoutError("the file ends inside a table")


def _loads(text: str) -> Any:
    """One JSON value filling ``text`` (stripped already: ``json.loads`` without its
    checks and whitespace scans: 2.5 µs a record instead of 3.6)."""
    try:
        value, end = _DECODER.raw_decode(text)
    except json.JSONDecodeError as err:
        raise LayoutError(str(err)) from None
    if end != len(text):
        raise LayoutError("more than one value on a line")
    return value
