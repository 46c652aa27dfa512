"""kith export: contacts as vCard 4 or CSV, a full JSON backup, due touches as iCalendar."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from kith.cli._options import AsOfOpt
from kith.cli._runtime import as_of_date, runtime
from kith.cli._working import working
from kith.errors import KithError, UsageError

WRITING = "Exporting…"


def export(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            help="vcard (contacts as vCard 4, with who knows whom), vcard3 (vCard 3.0, for "
            "address books that read no 4.0, such as the Contacts app of Android's "
            "open-source base), csv (one row per person), json (a full backup that `kith "
            "import` restores) or ics (due touches and reminders).",
            metavar="KIND",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: standard output)."),
    ] = None,
    archived: Annotated[
        bool, typer.Option("--archived", help="Also export archived people (vcard, vcard3, csv).")
    ] = False,
    as_of: AsOfOpt = None,
) -> None:
    """Export your network in open formats: vcard, vcard3, csv, json (backup) or ics."""
    from kith.services import exports

    kind = exports.check_kind(kind)
    when = as_of_date(as_of)
    to_stdout = output is None or str(output) == "-"
    # the backup is written as it is read; a spinner only beside a file (not the text)
    with runtime(ctx).session() as c, working(not to_stdout, WRITING):
        result = exports.export(c, kind, as_of=when, include_archived=archived)
        if to_stdout or output is None:
            _to_stdout(result.parts)
            return
        write_atomically(output, result.parts)
    note = f" ({result.note})" if result.note else ""
    typer.echo(f"Exported {result.count} {result.noun} to {output}{note}.")


def _to_stdout(parts: Iterable[str]) -> None:
    """Bytes as they are (vCard and CSV lines end in CRLF; no newline translation)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.writelines(parts)
        return
    sys.stdout.flush()
    for part in parts:
        buffer.write(part.encode("utf-8"))
    buffer.flush()


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write a temporary file beside ``path`` and rename it over: never a half-written file.
    The file is readable by its owner only, like the database it comes from."""
    target = path.expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(
            f"Cannot write `{path}`: the folder `{folder}` does not exist.",
            hint="Create it first, or choose another --output.",
        )
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.writelines([text] if isinstance(text, str) else text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(err, OSError):
            raise KithError(f"Cannot write `{path}`: {err.strerror or err}.") from None
        raise
