"""The files of a LinkedIn export, whether a zip, an extracted folder or a single CSV.

File names are matched case-insensitively with spaces and underscores ignored
(``Phone Numbers.csv`` = ``PhoneNumbers.csv``, ``Rich_Media`` = ``Rich Media``), in any
subfolder; the shallowest match wins. A single CSV whose name does not match is
recognised by its header instead.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kith.errors import ImportFormatError
from kith.importers.collect import MAX_FILE_BYTES, read_bytes
from kith.importers.textio import decode_head, find_table

# normalized file name -> header check (case-folded cell names)
HEADERS: dict[str, Callable[[frozenset[str]], bool]] = {
    "connections.csv": lambda n: {"first name", "connected on"} <= n,
    "messages.csv": lambda n: {"from", "date"} <= n and ("content" in n or "conversation id" in n),
    "invitations.csv": lambda n: {"from", "to", "sent at", "direction"} <= n,
    "profile.csv": lambda n: {"first name", "last name", "headline"} <= n,
    "positions.csv": lambda n: {"company name", "title", "started on"} <= n,
    "emailaddresses.csv": lambda n: {"email address", "primary"} <= n,
    "phonenumbers.csv": lambda n: {"number", "type"} <= n and "extension" in n,
    "endorsementreceivedinfo.csv": lambda n: {"skill name", "endorser first name"} <= n,
    "endorsementgiveninfo.csv": lambda n: {"skill name", "endorsee first name"} <= n,
    "recommendationsreceived.csv": lambda n: {"first name", "text", "creation date"} <= n,
    "recommendationsgiven.csv": lambda n: {"first name", "text", "creation date"} <= n,
}
ALIASES = {"importedcontacts.csv": "contacts.csv"}


def normalize_name(name: str) -> str:
    key = PurePosixPath(name.replace("\\", "/")).name.casefold().replace(" ", "").replace("_", "")
    return ALIASES.get(key, key)


@dataclass(frozen=True)
class Member:
    path: str  # shown in reports
    read: Callable[[], bytes]


class LinkedInArchive:
    """``get("connections.csv")`` -> the member, or None when the archive lacks it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.members: dict[str, Member] = {}
        if path.is_dir():
            self._scan_folder(path)
        elif zipfile.is_zipfile(path):
            self._scan_zip(path)
        else:
            self._single(path)

    def get(self, key: str) -> Member | None:
        return self.members.get(key)

    def _add(self, key: str, member: Member, depth: int) -> None:
        current = self.members.get(key)
        if current is None or depth < current.path.count("/"):
            self.members[key] = member

    def _scan_folder(self, root: Path) -> None:
        for file in sorted(root.rglob("*")):
            if file.is_file() and file.suffix.lower() == ".csv":
                relative = file.relative_to(root).as_posix()
                self._add(
                    normalize_name(file.name), Member(relative, _reader(file)), relative.count("/")
                )

    def _scan_zip(self, path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as archive:
                infos = [i for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportFormatError(f"the zip archive is damaged ({exc})", file=path.name) from exc
        for info in infos:
            if info.filename.lower().endswith(".csv"):
                member = Member(info.filename, _zip_reader(path, info))
                self._add(normalize_name(info.filename), member, info.filename.count("/"))

    def _single(self, path: Path) -> None:
        key = normalize_name(path.name)
        if key not in HEADERS:
            head = decode_head(read_bytes(path)[:65536])
            key = next((k for k, ok in HEADERS.items() if find_table(head, path.name, ok)), key)
        self.members[key] = Member(path.name, _reader(path))


def _reader(file: Path) -> Callable[[], bytes]:
    return lambda: read_bytes(file)


def _zip_reader(path: Path, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        if info.file_size > MAX_FILE_BYTES:
            raise ImportFormatError("the file is too large", file=info.filename)
        try:
            with zipfile.ZipFile(path) as archive:
                return archive.read(info)
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            RuntimeError,
            NotImplementedError,
            EOFError,
            zlib.error,
        ) as exc:
            raise ImportFormatError(
                f"cannot be extracted from {path.name} ({exc})", file=info.filename
            ) from exc

    return read


def detect_in_names(names: list[str]) -> bool:
    """True when any name is a LinkedIn export file kith reads."""
    return any(normalize_name(n) in HEADERS for n in names)
