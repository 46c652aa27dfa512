"""Uploaded files waiting for their import: ``<data folder>/uploads/<random id>/<name>``.

The Import page keeps an upload from its dry run until it is confirmed (a day at most:
``prune_uploads``); the API's import keeps its body only while it imports. The file keeps
its own name, cleaned, because an import remembers which file records came from.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import UploadFile

from kith.errors import UsageError

_ID = re.compile(r"^[0-9a-f]{32}$")  # an upload's, or an import job's (``import_jobs``)
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
CHUNK = 1024 * 1024
UPLOAD_KEPT_SECONDS = 24 * 3600  # a dry run not confirmed within a day is deleted
PARSED = ".parsed"  # beside an upload's folder: what its dry run read (``kept_parses``)


def store_upload(data_dir: Path, file: UploadFile) -> str:
    """Keep the upload until it is confirmed; returns its id (see ``upload_path``)."""
    upload_id, path = _new_file(data_dir, file.filename or "upload")
    with path.open("wb") as out:
        while chunk := file.file.read(CHUNK):
            out.write(chunk)
    return upload_id


async def store_stream(data_dir: Path, filename: str, chunks: AsyncIterator[bytes]) -> Path:
    """Keep a request body under its own (cleaned) name while it is imported, written as
    it arrives: a mailbox of a gigabyte is never held in memory."""
    _, path = _new_file(data_dir, filename)
    try:
        with path.open("wb") as out:
            async for chunk in chunks:
                out.write(chunk)
    except BaseException:
        discard(path)
        raise
    return path


def new_id() -> str:
    """A random id, as uploads and import jobs have."""
    return secrets.token_hex(16)


def is_id(text: str) -> bool:
    """Whether ``text`` has the form of ``new_id``'s ids (nothing else reaches a path)."""
    return bool(_ID.match(text))


def _new_file(data_dir: Path, filename: str) -> tuple[str, Path]:
    upload_id = new_id()
    name = _UNSAFE.sub("_", Path(filename).name).strip(" .")[-120:] or "upload"
    folder = data_dir / "uploads" / upload_id
    folder.mkdir(parents=True)
    return upload_id, folder / name


def prune_uploads(data_dir: Path, now: float, kept: float = UPLOAD_KEPT_SECONDS) -> int:
    """Delete the uploads of dry runs nobody confirmed within ``kept`` seconds (a file you
    looked at and did not import is not kept on disk); returns how many went."""
    pruned = 0
    root = data_dir / "uploads"
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        try:
            if now - folder.stat().st_mtime < kept:
                continue
            if not is_id(folder.name):  # a dry run's kept reading (``kept_parses``)
                if is_id(folder.name.split(".", 1)[0]) and folder.is_file():
                    folder.unlink()
                continue
            for file in folder.iterdir():
                file.unlink()
            folder.rmdir()
            kept_beside(folder).unlink(missing_ok=True)
            pruned += 1
        except OSError:  # confirmed or pruned meanwhile by another request
            continue
    return pruned


def upload_path(data_dir: Path, upload_id: str) -> Path:
    folder = data_dir / "uploads" / upload_id
    files = sorted(folder.iterdir()) if is_id(upload_id) and folder.is_dir() else []
    if len(files) != 1:
        raise UsageError("That upload is unknown or has expired: please upload the file again.")
    return files[0]


def discard(path: Path) -> None:
    """The upload ``path`` deleted, with what its dry run kept of it (``kept_parses``)."""
    path.unlink(missing_ok=True)
    path.parent.rmdir()
    kept_beside(path.parent).unlink(missing_ok=True)


def kept_beside(folder: Path) -> Path:
    """Where what the dry run of the upload in ``folder`` read is kept (``kept_parses``)."""
    return folder.with_name(folder.name + PARSED)
