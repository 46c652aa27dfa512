"""The mutable side of parsing: collect records, skips and warnings, then freeze them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from kith.errors import ImportFormatError
from kith.importers.base import (
    InteractionRecord,
    InvitationRecord,
    ParseResult,
    PersonRecord,
    ProfileRecord,
    SkippedRecord,
)

MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024  # refuse anything bigger than 2 GiB


class Collector:
    """Accumulates what one parser found; ``result()`` freezes it into a ParseResult."""

    def __init__(self, kind: str, source: str) -> None:
        self.kind = kind
        self.source = source
        self.people: list[PersonRecord] = []
        self.interactions: list[InteractionRecord] = []
        self.invitations: list[InvitationRecord] = []
        self.skipped: list[SkippedRecord] = []
        self.warnings: list[str] = []
        self.left_out: Counter[str] = Counter()
        self.ids: dict[str, int] = {}  # external ids handed out (hot loops may test it)

    def unique_id(self, base: str) -> str:
        """``base``, or ``base#2``, ``base#3``... when the file repeats an identity."""
        seen = self.ids.get(base)
        if seen is None:
            self.ids[base] = 1
            return base
        self.ids[base] = seen + 1
        return f"{base}#{seen + 1}"

    def add_person(self, record: PersonRecord) -> None:
        """Keep ``record``, renaming its id if an earlier record in the file has it."""
        unique_id = self.unique_id(record.external_id)
        if unique_id != record.external_id:
            record = replace(record, external_id=unique_id)
        self.people.append(record)

    def has_id(self, base: str) -> bool:
        return base in self.ids

    def skip(self, file: str, line: int | None, reason: str) -> None:
        self.skipped.append(SkippedRecord(file, line, reason))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def keep_moment(self, moment: datetime, since: date | None, now: datetime | None) -> bool:
        """False (and counted for the report) when ``moment`` is before ``since`` or after
        ``now``; these are filters the user asked for, not errors."""
        if since is not None and moment.date() < since:
            self.left_out[f"dated before {since.isoformat()} (since)"] += 1
            return False
        if now is not None and moment > now:
            self.left_out["in the future"] += 1
            return False
        return True

    def result(self, me: ProfileRecord | None = None) -> ParseResult:
        warnings = list(self.warnings)
        for reason, count in sorted(self.left_out.items()):
            warnings.append(f"{count} record(s) left out: {reason}.")
        return ParseResult(
            kind=self.kind,
            source=self.source,
            people=tuple(self.people),
            interactions=tuple(self.interactions),
            invitations=tuple(self.invitations),
            me=me,
            skipped=tuple(self.skipped),
            warnings=tuple(warnings),
        )


def read_bytes(path: Path) -> bytes:
    """The whole file, or an ImportFormatError naming it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFormatError(
                f"the file is too large ({size} bytes)",
                file=path.name,
                hint="Split it into smaller files.",
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFormatError("the file does not exist", file=str(path)) from exc
    except IsADirectoryError as exc:
        raise ImportFormatError("this is a folder, not a file", file=str(path)) from exc
    except OSError as exc:
        raise ImportFormatError(
            f"the file cannot be opened ({exc.strerror})", file=str(path)
        ) from exc
