"""Where a dry run's reading of an upload waits for the import that confirms it:
``uploads/<id>.parsed``, beside the upload's folder (``kith.services.parse_cache``).

It is written by kith itself, once the dry run's report is out (so the report is not held
up), through a temporary file renamed into place; the confirming import reads it instead of
the upload when it is there and complete. A file that cannot be read back as this version's
results (kith was upgraded in between, the file is damaged) is ignored: the upload is read
again. It goes with the upload (``uploads.discard``, ``uploads.prune_uploads``).
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from kith.importers import ParseResult
from kith.services.parse_cache import ParseKey
from kith.web.uploads import kept_beside

log = logging.getLogger(__name__)


def _version() -> str:
    try:
        return version("kith")
    except PackageNotFoundError:  # run from a source tree
        return "unknown"


VERSION = _version()  # results of another version are not read back


def kept_path(upload: Path) -> Path:
    """Where the parse results of ``upload`` (``uploads/<id>/<name>``) are kept."""
    return kept_beside(upload.parent)


class KeptParses:
    """The parse results of one upload: read from its file, or kept to be written."""

    def __init__(self, upload: Path) -> None:
        self.path = kept_path(upload)
        self.found: dict[ParseKey, ParseResult] = {}
        self.loaded = False

    def get(self, key: ParseKey) -> ParseResult | None:
        if not self.loaded:
            self.loaded = True
            self.found = _read(self.path) | self.found
        return self.found.get(key)

    def put(self, key: ParseKey, result: ParseResult) -> None:
        self.found[key] = result

    def write(self) -> None:
        """Write what was read, for the import that confirms the dry run (skipped if the
        upload went meanwhile: confirmed, or pruned)."""
        if not self.found or not self.path.with_suffix("").is_dir():
            return
        temporary = self.path.with_name(f"{self.path.name}.{threading.get_ident()}.tmp")
        with temporary.open("wb") as out:
            pickle.dump({"version": VERSION, "results": self.found}, out, protocol=5)
        os.replace(temporary, self.path)


def _read(path: Path) -> dict[ParseKey, ParseResult]:
    try:
        with path.open("rb") as stream:
            kept: Any = pickle.load(stream)  # written by kith, in its own data folder
    except FileNotFoundError:
        return {}
    except Exception as exc:  # damaged, or another version's classes: read the file again
        log.warning("A dry run's kept reading could not be used: %s", type(exc).__name__)
        return {}
    if not isinstance(kept, dict) or kept.get("version") != VERSION:
        return {}
    results = kept.get("results")
    return results if isinstance(results, dict) else {}
