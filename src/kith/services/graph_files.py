"""The analysis of the who-knows-whom graph, kept in files between runs.

``kith.core.graph_store`` says what to keep and under which key (a digest of the graph
itself); this keeps it in ``<data folder>/cache/graphs/graph-<key>.json``, so the next
`kith due` (a new process) does not run community detection, betweenness and constraint
again while nobody added or removed a link. The files hold person ids and numbers, no
names. The ``KEEP`` most recently used are kept (server mode: one per active member).
A file that cannot be read or written is skipped with a warning in the log; the analysis
is then computed as before, so a cache never breaks a command. ``KITH_GRAPH_CACHE=false``
turns it off.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from kith.config import Settings
from kith.core import graph_store

KEEP = 64  # analyses kept (files of about 1.5 MB at 30,000 contacts)
log = logging.getLogger(__name__)


class GraphFiles:
    """A ``graph_store.AnalysisStore`` over one folder."""

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder, self.keep = folder, keep

    def path(self, key: str) -> Path:
        return self.folder / f"graph-{key}.json"

    def load(self, key: str) -> Mapping[str, Any] | None:
        path = self.path(key)
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            os.utime(path)  # used again: pruned last
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("Ignoring the stored graph analysis %s: %s", path, exc)
            return None
        return payload if isinstance(payload, dict) else None

    def save(self, key: str, payload: Mapping[str, Any]) -> None:
        """Written to a temporary file first, so a reader never sees half a file."""
        target = self.path(key)
        temporary = self.folder / f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary.write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, target)
            self._prune()
        except OSError as exc:
            log.warning("Could not keep the graph analysis in %s: %s", self.folder, exc)
            with suppress(OSError):
                temporary.unlink(missing_ok=True)

    def _prune(self) -> None:
        """Remove all but the ``keep`` most recently used analyses."""
        found = []
        for path in self.folder.glob("graph-*.json"):
            try:
                found.append((path.stat().st_mtime, path))
            except FileNotFoundError:  # pruned by another process meanwhile
                continue
        found.sort(reverse=True)
        for _, path in found[self.keep :]:
            path.unlink(missing_ok=True)


def graph_folder(settings: Settings) -> Path:
    return settings.data_dir / "cache" / "graphs"


def use_graph_files(settings: Settings) -> None:
    """Keep graph analyses in the data folder (or only in memory, when turned off)."""
    store = GraphFiles(graph_folder(settings)) if settings.graph_cache else None
    graph_store.use_store(store)
