"""Which importer a file needs, from its CONTENT (the extension is only a tie-breaker).

- a zip or a folder holding LinkedIn export files -> ``linkedin``
- any other zip or folder holding vCards, contacts CSVs, calendars or mail -> ``archive``
  (Google Takeout, zipped or not, a zipped mailbox or address book, a folder of address
  books: ``kith.importers.archive``)
- a LinkedIn CSV on its own (Connections, messages, Invitations ...) -> ``linkedin``
- ``BEGIN:VCARD`` -> ``vcard``; ``BEGIN:VCALENDAR`` or a bare ``BEGIN:VEVENT`` -> ``ical``
- a first line ``From `` -> ``mbox``; an RFC 5322 header block -> ``eml``
- ``{"kith_backup": ...}`` -> ``kith_backup``
- a contacts CSV header -> ``google_csv``, ``outlook_csv`` (English or localized, comma
  or semicolon; also LinkedIn's pre-2015 export), ``thunderbird_csv``, ``contacts_csv``
- an Apple Mail ``Name.mbox/`` folder with an ``mbox`` file inside, a Maildir, a folder of
  ``.eml`` files and nothing else kith imports -> ``mbox``
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kith.errors import ImportFormatError
from kith.importers.archive import (
    NOTHING_TO_IMPORT,
    ZIP_SIGNATURE,
    exports_in,
    worth_unpacking,
)
from kith.importers.csv_dialects import dialect_of
from kith.importers.linkedin_archive import HEADERS, detect_in_names
from kith.importers.mbox import is_maildir, mail_files
from kith.importers.textio import CsvTable, decode_head, find_table

_SNIFF_BYTES = 65536
_HEADER_LINE = re.compile(r"^[!-9;-~]+:")
_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "date",
        "subject",
        "message-id",
        "received",
        "return-path",
        "mime-version",
        "delivered-to",
        "reply-to",
        "sender",
    }
)
_HINT = (
    "kith imports a LinkedIn export (zip or folder), vCard (.vcf), Google/Outlook/"
    "Thunderbird contacts CSV, iCalendar (.ics), mail (mbox, .eml, or a Maildir folder), "
    "a zip or folder of those (a Google Takeout) and its own JSON backup (kith export json)."
)


_TABLE_HINT = (
    "kith reads the contacts tables of Google Contacts, Thunderbird and Outlook (in English, "
    "German or French), and any table with a Name (or First Name and Last Name) column and an "
    "Email or Phone column: rename the columns so, or export the contacts as vCard (.vcf) "
    "instead."
)


def _any_table(text: str, name: str) -> CsvTable | None:
    """A header of two or more columns whose first data row has as many cells: a table,
    only not one kith knows (an address book exported in another language, say)."""
    table = find_table(text, name, lambda names: len(names) > 1, max_lines=1)
    if table is None:
        return None
    row = next(iter(table.rows([])), None)
    return table if row is not None and len(row[1]) == len(table.header) else None


def _shown(header: list[str], most: int = 4) -> str:
    names = [cell.strip().strip("\ufeff") for cell in header[:most]]
    return ", ".join(names) + (", …" if len(header) > most else "")


def detect_kind(path: Path | str) -> str:
    """The importer kind for ``path``, or an ImportFormatError naming the file."""
    path = Path(path)
    if path.is_dir():
        return _folder_kind(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except FileNotFoundError as exc:
        raise ImportFormatError("the file does not exist", file=str(path)) from exc
    except OSError as exc:
        raise ImportFormatError(
            f"the file cannot be opened ({exc.strerror})", file=str(path)
        ) from exc
    if not head.strip():
        raise ImportFormatError(
            "the file is empty", file=path.name, hint="Export it again, or choose another file."
        )
    if head.startswith(ZIP_SIGNATURE):
        return _zip_kind(path)
    text = decode_head(head)
    kind = _text_kind(text, path.name)
    if kind is None:
        if (table := _any_table(text, path.name)) is not None:
            raise ImportFormatError(
                f"this is a table, but kith does not know its columns ({_shown(table.header)})",
                file=path.name,
                hint=_TABLE_HINT,
            )
        raise ImportFormatError("this is not a format kith can import", file=path.name, hint=_HINT)
    return kind


def _folder_kind(path: Path) -> str:
    names = [p.name for p in path.rglob("*.csv")] if path.is_dir() else []
    if detect_in_names(names):
        return "linkedin"
    if is_maildir(path) and any(is_maildir(sub) for sub in path.glob(".*")):
        return "archive"  # a Maildir++ (Dovecot, Courier): its .Sent/ and others are mail too
    if (path / "mbox").is_file() or is_maildir(path):
        return "mbox"  # Apple Mail's Name.mbox/ or a Maildir
    messages = set(mail_files(path))
    if any(file not in messages for file in exports_in(path)):
        return "archive"  # a Takeout unpacked, a folder of address books or calendars
    if messages:
        return "mbox"  # a folder of .eml files
    raise ImportFormatError(NOTHING_TO_IMPORT.format("folder"), file=path.name, hint=_HINT)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFormatError(f"the zip archive is damaged ({exc})", file=path.name) from exc
    if detect_in_names(names):
        return "linkedin"
    if any(n.lower().endswith(".xml") for n in names) and "[Content_Types].xml" in names:
        raise ImportFormatError(
            "this is an Excel workbook, not CSV",
            file=path.name,
            hint="Save it as CSV (UTF-8) and import that.",
        )
    if worth_unpacking(names):
        return "archive"  # Google Takeout, a zipped mailbox or address book (``archive``)
    raise ImportFormatError(NOTHING_TO_IMPORT.format("zip"), file=path.name, hint=_HINT)


def _first_lines(text: str, count: int = 12) -> list[str]:
    lines = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
        if len(lines) >= count:
            break
    return lines


def _text_kind(text: str, name: str) -> str | None:
    lines = _first_lines(text)
    if not lines:
        return None
    first = lines[0].upper()
    if first.startswith("BEGIN:VCARD"):
        return "vcard"
    if first.startswith(("BEGIN:VCALENDAR", "BEGIN:VEVENT")):
        return "ical"
    if text.lstrip("\ufeff\r\n").startswith("From "):
        return "mbox"
    if lines[0].startswith("{") and '"kith_backup"' in text[:4096]:
        return "kith_backup"
    if _is_mail(lines):
        return "eml"
    return _csv_kind(text, name)


def _is_mail(lines: list[str]) -> bool:
    if not _HEADER_LINE.match(lines[0]):
        return False
    names = {line.split(":", 1)[0].lower() for line in lines if _HEADER_LINE.match(line)}
    return len(names & _MAIL_HEADERS) >= 2


def _csv_kind(text: str, name: str) -> str | None:
    if any(find_table(text, name, accept) for accept in HEADERS.values()):
        return "linkedin"
    table = find_table(text, name, lambda names: dialect_of(names) is not None)
    return dialect_of(frozenset(table.index)) if table else None
