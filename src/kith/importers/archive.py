"""A zip of exports that is not a LinkedIn archive: Google Takeout (Contacts as .vcf,
Calendar as .ics, Mail as .mbox), an Apple Mail mailbox or a Maildir zipped to be uploaded,
a folder of .eml files or of vCards zipped together; or such a folder itself (a Takeout
unpacked, as Safari does with every zip it downloads).

The zip is unpacked into a temporary folder (a member's path never leads outside it; hidden
files and folders and macOS's ``__MACOSX`` copies are left out, in a folder as in a zip),
each file's kind is detected from its
content, and the files of one kind are parsed as one import: several address books or
calendars are put together (a record found in two files is kept once), and mail is read
as one mailbox, so that which address is yours is worked out from all of it. A zip that
holds several kinds (a Takeout of contacts, calendars and mail) gives each kind in turn,
people first (``Unpacked.families``), or the one kind asked for; ``parse_archive``, which
returns one result, says what such a zip holds and how to choose (``ZipKindError``).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from kith.core.coach_common import and_list, plural
from kith.errors import ImportFormatError, KithError
from kith.importers.base import CSV_KINDS, ImportOptions, ParseResult, source_for
from kith.importers.mbox import parse_mail_files
from kith.importers.reading import of_parts

ZIP_SIGNATURE = b"PK\x03\x04"  # how every zip file starts
NOTHING_TO_IMPORT = (  # of a zip, or ("folder") of a folder
    "the {} holds nothing kith imports (no LinkedIn export, vCard, contacts CSV, "
    "iCalendar or mail file)"
)
MAX_UNPACKED = 4 * 1024**3  # bytes a zip may unpack to (a mailbox of years fits)
# what a member may be called to be worth unpacking: an export, or a message of a Maildir
# (no extension) or of an Apple Mail package (a file named "mbox")
SUFFIXES = frozenset({".vcf", ".vcard", ".csv", ".ics", ".ical", ".mbox", ".eml", ".mbx"})
# in the order a zip of several is imported: address books first, so that mail and meetings
# find the people they name; then mail, which shows best which address is yours (it is in
# every message), so that the calendars after it know (see ``kith.importers.whoami``)
FAMILY_WORDS = {
    "vcard": "contacts as vCard",
    "csv": "contacts as CSV",
    "mbox": "mail",
    "ical": "calendars",
}
WANTED = {"vcard": "vcard", "ical": "ical", "mbox": "mbox", "eml": "mbox", "csv": "csv"}
Detect = Callable[[Path], str]
ParseOne = Callable[[Path, str, ImportOptions, datetime | None], ParseResult]


def worth_unpacking(names: Sequence[str]) -> bool:
    """Whether a zip's member names include anything kith may import."""
    return any(_worth(PurePosixPath(name)) for name in names if not name.endswith("/"))


def _worth(member: PurePosixPath) -> bool:
    in_maildir = len(member.parts) > 1 and member.parts[-2] in ("cur", "new")
    if member.parts[:1] == ("__MACOSX",) or member.name.startswith("."):
        return False
    if not in_maildir and any(part.startswith(".") for part in member.parts[:-1]):
        return False  # .git, .Trash ...; a Maildir++ keeps its folders as .Sent/cur, read
    return member.suffix.lower() in SUFFIXES or member.name == "mbox" or in_maildir


def parse_archive(
    path: Path,
    wanted: str,
    options: ImportOptions,
    now: datetime | None,
    detect: Detect,
    parse_one: ParseOne,
) -> ParseResult:
    """The files of one kind in the zip ``path`` as one ParseResult (``wanted``: ``auto``,
    or the family asked for: vcard, csv, ical or mbox)."""
    with unpacked(path, detect, parse_one) as archive:
        return archive.parse(archive.family(wanted), options, now)


@contextmanager
def unpacked(path: Path, detect: Detect, parse_one: ParseOne) -> Iterator[Unpacked]:
    """The zip ``path`` unpacked into a temporary folder (removed on leaving), or the folder
    ``path`` as it is, its files grouped by kind."""
    if path.is_dir():
        yield Unpacked(path.name, path, _kinds(exports_in(path), detect), parse_one, "folder")
        return
    with tempfile.TemporaryDirectory(prefix="kith-zip-") as folder:
        root = Path(folder)
        yield Unpacked(path.name, root, _kinds(unpack(path, root), detect), parse_one)


def exports_in(folder: Path) -> list[Path]:
    """The files of ``folder``, at any depth, that a zip would unpack (``_worth``)."""
    return [
        file
        for file in folder.rglob("*")
        if file.is_file() and _worth(PurePosixPath(file.relative_to(folder).as_posix()))
    ]


class Unpacked:
    """The files worth importing of a zip (or a folder: ``container``), by family (vcard,
    csv, ical, mbox)."""

    def __init__(
        self,
        name: str,
        root: Path,
        found: Sequence[tuple[Path, str]],
        parse_one: ParseOne,
        container: str = "zip",
    ) -> None:
        self.name, self.root, self.parse_one = name, root, parse_one
        self.container = container
        self.by_family: dict[str, list[tuple[Path, str]]] = {}
        for file, kind in found:
            if kind != "linkedin":
                self.by_family.setdefault(source_for(kind), []).append((file, kind))
        if not self.by_family:
            linkedin = [
                file.relative_to(root).as_posix() for file, kind in found if kind == "linkedin"
            ]
            raise _nothing(name, container, linkedin)

    def families(self) -> list[str]:
        """Every family the zip holds, in the order they are best imported (FAMILY_WORDS)."""
        return [family for family in FAMILY_WORDS if family in self.by_family]

    def family(self, wanted: str) -> str:
        """The family to import for ``wanted`` (``auto`` or a family), or an error saying
        what the zip holds."""
        counts = {family: len(self.by_family[family]) for family in self.families()}
        if wanted == "auto":
            if len(counts) > 1:
                raise ZipKindError(self.name, counts, container=self.container)
            return next(iter(counts))
        family = WANTED.get(wanted, wanted)
        if family not in counts:
            raise ZipKindError(self.name, counts, family, container=self.container)
        return family

    def parse(self, family: str, options: ImportOptions, now: datetime | None) -> ParseResult:
        """The files of ``family`` as one ParseResult (its ``source``: the zip's name)."""
        files = self.by_family[family]
        shown = [(file, file.relative_to(self.root).as_posix()) for file, _ in files]
        if family == "mbox":
            return parse_mail_files(shown, self.name, options, now)
        parts = []
        reading = of_parts(options.on_read, [file.stat().st_size for file, _ in files])
        for (file, kind), (_, where), on_read in zip(files, shown, reading, strict=True):
            told = replace(options, on_read=on_read)
            part = _parsed(self.parse_one, file, kind, told, now, f"{self.name}: {where}")
            parts.append(_shown_as(part, file.name, where))
        return _merged(parts, self.name)


def unpack(path: Path, into: Path) -> list[Path]:
    """The zip's files worth importing, written under ``into``; an ImportFormatError for a
    damaged, encrypted or oversized zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and _worth(_name(m))]
            size = sum(m.file_size for m in members)
            if size > MAX_UNPACKED:
                raise ImportFormatError(
                    f"the zip would unpack to {size / 1024**3:.1f} GB, more than kith reads "
                    f"at once ({MAX_UNPACKED // 1024**3} GB)",
                    file=path.name,
                    hint="Unpack it yourself and import the folder: kith reads that in place.",
                )
            return [_write(archive, m, into) for m in members if _name(m).parts]
    except KithError:
        raise
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ImportFormatError(
            f"the zip archive cannot be unpacked ({exc})",
            file=path.name,
            hint="Download it again, or unpack it yourself and import the folder.",
        ) from exc


def _name(member: zipfile.ZipInfo) -> PurePosixPath:
    """The member's path with nothing that could lead out of the folder it goes into."""
    parts = PurePosixPath(member.filename.replace("\\", "/")).parts
    return PurePosixPath(*[p for p in parts if p not in ("", ".", "..", "/")])


def _write(archive: zipfile.ZipFile, member: zipfile.ZipInfo, into: Path) -> Path:
    target = into.joinpath(*_name(member).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(member) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    return target


def _kinds(files: Sequence[Path], detect: Detect) -> list[tuple[Path, str]]:
    """Each file with the kind its content shows; files kith cannot import are left out.
    LinkedIn's files stay in, to be named if nothing else is there (``_nothing``)."""
    found = []
    for file in sorted(files):
        try:
            kind = detect(file)
        except ImportFormatError:
            continue
        if kind in WANTED or kind in CSV_KINDS or kind == "linkedin":
            found.append((file, kind))
    return found


def _nothing(name: str, container: str, linkedin: Sequence[str]) -> ImportFormatError:
    """Nothing to import in the zip or folder; LinkedIn files under other names than
    LinkedIn's (``Connections.csv``, ``messages.csv``) are named, with what to do."""
    if not linkedin:
        return ImportFormatError(NOTHING_TO_IMPORT.format(container), file=name)
    more = len(linkedin) - 3
    shown = and_list(list(linkedin)) if more <= 0 else f"{', '.join(linkedin[:3])} and {more} more"
    return ImportFormatError(
        f"the {container} holds LinkedIn export files under names of their own ({shown}), "
        "and kith reads a LinkedIn export by LinkedIn's names (Connections.csv, "
        "messages.csv, Invitations.csv...)",
        file=name,
        hint="Import each file on its own (kith import FILE), or the zip or folder LinkedIn "
        "gave you, its files named as LinkedIn named them.",
    )


def _option(family: str) -> str:
    return f"--kind {family}"


def _parsed(
    parse_one: ParseOne,
    file: Path,
    kind: str,
    options: ImportOptions,
    now: datetime | None,
    shown: str,
) -> ParseResult:
    """One file of the zip parsed; an error names the zip and the file in it (``shown``)."""
    try:
        return parse_one(file, kind, options, now)
    except ImportFormatError as exc:
        raise ImportFormatError(exc.reason, file=shown, line=exc.line, hint=exc.hint) from exc


def _shown_as(part: ParseResult, name: str, where: str) -> ParseResult:
    """``part`` with its skipped records naming the file by its path in the zip."""
    skipped = tuple(replace(s, file=where) if s.file == name else s for s in part.skipped)
    return replace(part, skipped=skipped)


def what_it_holds(counts: Mapping[str, int], choose: Callable[[str], str]) -> str:
    """``calendars in 2 files (CHOICE) and mail in 1 file (CHOICE)``, where ``choose``
    says how to pick each kind where the user is (an option, a menu entry)."""
    return and_list(
        [
            f"{FAMILY_WORDS[family]} in {plural(count, 'file', 'files')} ({choose(family)})"
            for family, count in counts.items()
        ]
    )


class ZipKindError(ImportFormatError):
    """Which kind of a zip (or a folder: ``container``) to import is not settled: it holds
    several and none was chosen (``missing`` None), or it does not hold the one chosen
    (``missing``). ``counts``: files per kind it holds (vcard, csv, ical, mbox). Worded for
    the command line; another interface words it again (``reworded``) with how a kind is
    picked there."""

    def __init__(
        self,
        name: str,
        counts: Mapping[str, int],
        missing: str | None = None,
        choose: Callable[[str], str] = _option,
        hint: str | None = None,
        container: str = "zip",
    ) -> None:
        lead = (
            f"the {container} holds several kinds of export: "
            if missing is None
            else f"the {container} holds no {FAMILY_WORDS[missing]}; it holds "
        )
        default_hint = (
            "Import one kind at a time: add the --kind shown."
            if missing is None
            else "Choose one of those kinds."
        )
        super().__init__(lead + what_it_holds(counts, choose), file=name, hint=hint or default_hint)
        self.counts, self.missing, self.container = dict(counts), missing, container

    def reworded(self, choose: Callable[[str], str], hint: str) -> ZipKindError:
        """The same error where a kind is picked as ``choose`` says, with ``hint``."""
        return ZipKindError(self.file, self.counts, self.missing, choose, hint, self.container)


def _merged(parts: Sequence[ParseResult], name: str) -> ParseResult:
    """Results of files of one kind as one; a record whose id an earlier file already gave
    (the same contact or event in two exports) is kept once."""
    kinds = {part.kind for part in parts}
    kind = kinds.pop() if len(kinds) == 1 else "contacts_csv"
    seen: set[str] = set()
    people = []
    interactions = []
    for part in parts:
        people += [p for p in part.people if _first(p.external_id, seen)]
        interactions += [i for i in part.interactions if _first(i.external_id, seen)]
    warnings = dict.fromkeys(w for part in parts for w in part.warnings)
    return replace(
        parts[0],
        kind=kind,
        source=name,
        people=tuple(people),
        interactions=tuple(interactions),
        invitations=tuple(i for part in parts for i in part.invitations),
        skipped=tuple(s for part in parts for s in part.skipped),
        warnings=tuple(warnings),
    )


def _first(external_id: str, seen: set[str]) -> bool:
    if external_id in seen:
        return False
    seen.add(external_id)
    return True
