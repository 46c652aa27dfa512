"""Importers: read export files into plain records. Parse only; no database.

    kind = detect_kind(path)                       # from the content
    result = parse(path, kind, options, now=now)   # -> ParseResult

Every parser either returns a ParseResult (bad records are in ``result.skipped`` with
file, line and reason) or raises ``ImportFormatError`` naming the file (and the line
where that means something). Nothing here reads the clock: ``now`` is passed in; it
bounds calendar events (only past ones count) and drops future-dated records.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from kith.errors import ImportFormatError, UsageError
from kith.gcpause import paused_gc
from kith.importers.archive import WANTED, ZIP_SIGNATURE, Unpacked, parse_archive, unpacked
from kith.importers.base import (
    KINDS,
    Birthday,
    ImportOptions,
    InteractionRecord,
    InvitationRecord,
    ParseResult,
    PartialDate,
    ParticipantRef,
    PersonRecord,
    PositionRecord,
    ProfileRecord,
    RelatedRecord,
    SkippedRecord,
)
from kith.importers.csv_contacts import parse_contacts_csv
from kith.importers.detect import detect_kind
from kith.importers.ical import parse_ical
from kith.importers.linkedin import parse_linkedin
from kith.importers.mbox import parse_mbox
from kith.importers.vcard import parse_vcard

__all__ = [
    "KINDS",
    "Birthday",
    "ImportFormatError",
    "ImportOptions",
    "InteractionRecord",
    "InvitationRecord",
    "ParseResult",
    "PartialDate",
    "ParticipantRef",
    "PersonRecord",
    "PositionRecord",
    "ProfileRecord",
    "RelatedRecord",
    "SkippedRecord",
    "detect_kind",
    "open_exports",
    "parse",
]

Parser = Callable[[Path, ImportOptions, datetime | None], ParseResult]


def _ical(path: Path, options: ImportOptions, now: datetime | None) -> ParseResult:
    if now is None:
        raise ValueError("calendar imports need `now` (only past events become interactions)")
    return parse_ical(path, options, now)


def _backup(path: Path, options: ImportOptions, now: datetime | None) -> ParseResult:
    raise ImportFormatError(
        "this is a kith backup, not an export to import",
        file=path.name,
        hint="Restore it with the backup restore command instead.",
    )


_PARSERS: dict[str, Parser] = {
    "linkedin": parse_linkedin,
    "vcard": lambda path, options, now: parse_vcard(path, options),
    "google_csv": lambda path, options, now: parse_contacts_csv(path, options),
    "outlook_csv": lambda path, options, now: parse_contacts_csv(path, options),
    "thunderbird_csv": lambda path, options, now: parse_contacts_csv(path, options),
    "contacts_csv": lambda path, options, now: parse_contacts_csv(path, options),
    "ical": _ical,
    "mbox": parse_mbox,
    "eml": parse_mbox,
    "kith_backup": _backup,
}


def _one(path: Path, kind: str, options: ImportOptions, now: datetime | None) -> ParseResult:
    return _PARSERS[kind](path, options, now)


def is_zip(path: Path) -> bool:
    """Whether ``path`` is a zip archive (a file starting with the zip signature)."""
    if not path.is_file():
        return False
    with path.open("rb") as stream:
        return stream.read(len(ZIP_SIGNATURE)) == ZIP_SIGNATURE


def _of_several_files(path: Path, kind: str) -> bool:
    """A zip of exports, or a folder of them. A folder to read as mail is looked at again:
    a Maildir or Apple Mail folder is one mailbox, a Takeout or a Maildir++ is not."""
    if not path.is_dir():
        return is_zip(path)
    return kind != "mbox" or detect_kind(path) == "archive"


def _unknown(kind: str) -> UsageError:
    return UsageError(f"Unknown import kind '{kind}'.", hint=f"Use one of: {', '.join(KINDS)}.")


def open_exports(path: Path) -> AbstractContextManager[Unpacked]:
    """A zip of exports unpacked (or a folder of them), to parse each kind it holds in turn
    (``Unpacked.parse``) without unpacking it again; a zip's folder is removed on leaving
    the block."""
    return unpacked(path, detect_kind, _one)


def parse(
    path: Path | str,
    kind: str | None = None,
    options: ImportOptions | None = None,
    *,
    now: datetime | None = None,
) -> ParseResult:
    """Parse ``path`` as ``kind`` (detected from the content when None).

    ``now`` is required for ``ical`` and recommended for everything else (records dated
    after it are left out and counted in the warnings)."""
    path = Path(path)
    kind = kind or detect_kind(path)
    if kind not in _PARSERS and kind not in WANTED and kind != "archive":
        raise _unknown(kind)
    if kind not in ("linkedin", "kith_backup") and _of_several_files(path, kind):
        wanted = "auto" if kind == "archive" else kind
        with paused_gc():
            return parse_archive(path, wanted, options or ImportOptions(), now, detect_kind, _one)
    parser = _PARSERS.get(kind)
    if parser is None:  # a family of a zip ("csv"), asked of a file that is not one
        raise _unknown(kind)
    if not path.exists():
        raise ImportFormatError("the file does not exist", file=str(path))
    with paused_gc():
        return parser(path, options or ImportOptions(), now)
