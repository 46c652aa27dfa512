"""The graph analysis kept between runs: what it holds, its key, and its plain form.

Communities, betweenness and constraint over 30,000 contacts take seconds (about 2.5 s at
3,000 people with exact betweenness), and every `kith due`, `kith plan` or `kith health`
is a new process whose in-memory cache (``alter_graph``) starts empty. The analysis depends
on the graph alone, and a logged touch does not change the graph, so the services may hand
the core a store (``use_store``) that keeps it between runs: the core says under which key
and in which plain form, the store decides where (files in the data folder; see
``kith.services.graph_files``). The key is a digest of everything the analysis depends on:
vertices, edges, weights, the constants, this format and the igraph version (a newer igraph
may cluster differently), so a stored analysis can only be reused for the very same graph.
"""

from __future__ import annotations

import hashlib
import math
import threading
from array import array
from collections.abc import Hashable, Mapping
from itertools import chain
from typing import Any, NamedTuple, Protocol

FORMAT = 1  # bump when the analysis or its plain form changes


class Analysis(NamedTuple):
    """What igraph works out from the graph alone (the costly part of a structure)."""

    membership: list[int]
    betweenness_pct: tuple[float, ...]
    sampled: bool
    constraint: tuple[float, ...]
    bridge: tuple[bool, ...]
    touched: tuple[int, ...]
    participation: tuple[float, ...]
    between: Mapping[tuple[int, int], int]


class AnalysisStore(Protocol):
    """Somewhere to keep analyses between runs. Both calls must not raise: a store that
    cannot read or write answers None or drops the analysis, and kith computes it again."""

    def load(self, key: str) -> Mapping[str, Any] | None: ...

    def save(self, key: str, payload: Mapping[str, Any]) -> None: ...


_STORE: list[AnalysisStore] = []
_LOCK = threading.Lock()


def use_store(store: AnalysisStore | None) -> None:
    """Keep analyses in ``store`` from now on (None: in memory only)."""
    with _LOCK:
        _STORE[:] = [store] if store is not None else []


def current_store() -> AnalysisStore | None:
    with _LOCK:
        return _STORE[0] if _STORE else None


def content_key(
    n: int, pairs: tuple[tuple[int, int], ...], weights: tuple[float, ...], constants: Hashable
) -> str:
    """A digest of the graph (``n`` vertices, edges as vertex pairs, their weights) and of
    what else the analysis depends on."""
    import igraph as ig  # here, not at the top: every kith command loads this module

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"kith-graph/{FORMAT}/igraph {ig.__version__}/{n}/{constants!r}/".encode())
    digest.update(array("q", chain.from_iterable(pairs)).tobytes())
    digest.update(b"/")
    digest.update(array("d", weights).tobytes())
    return digest.hexdigest()


def to_plain(found: Analysis) -> dict[str, Any]:
    """JSON-ready (floats round-trip exactly through ``json``)."""
    return {
        "format": FORMAT,
        "membership": found.membership,
        "betweenness_pct": list(found.betweenness_pct),
        "sampled": found.sampled,
        "constraint": list(found.constraint),
        "bridge": list(found.bridge),
        "touched": list(found.touched),
        "participation": list(found.participation),
        "between": [[a, b, count] for (a, b), count in sorted(found.between.items())],
    }


def from_plain(payload: Mapping[str, Any], n: int) -> Analysis | None:
    """The analysis in ``payload``, or None when it is not one for ``n`` vertices in this
    format (a damaged or foreign file is recomputed, never trusted)."""
    try:
        if payload.get("format") != FORMAT:
            return None
        found = Analysis(
            [int(v) for v in payload["membership"]],
            _floats(payload["betweenness_pct"]),
            bool(payload["sampled"]),
            _floats(payload["constraint"]),
            tuple(bool(v) for v in payload["bridge"]),
            tuple(int(v) for v in payload["touched"]),
            _floats(payload["participation"]),
            {(int(a), int(b)): int(count) for a, b, count in payload["between"]},
        )
    except (KeyError, TypeError, ValueError):
        return None
    sized = (found.membership, found.betweenness_pct, found.constraint, found.bridge)
    if any(len(column) != n for column in (*sized, found.touched, found.participation)):
        return None
    return found


def _floats(values: Any) -> tuple[float, ...]:
    out = tuple(float(v) for v in values)
    if not all(math.isfinite(v) for v in out):
        raise ValueError("not a finite number")
    return out
