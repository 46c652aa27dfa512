"""The imports you made: when, which file, and what each one created and updated.

Every import that was saved leaves an ``ImportBatch`` with its report's counts; dry runs
and failed imports are rolled back with everything else, so they leave nothing here. An
import that was undone (``import_undo``) stays listed, with what its undo removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from kith.importers.base import source_for
from kith.models import ImportBatch
from kith.services.context import Ctx

HISTORY_LIMIT = 50
# in an import's counts: its people and interactions carry its id (kith 0005 and later),
# so it can be undone; earlier imports did not mark their rows
ROWS_MARKED = "rows_marked"
CHANGED = ("created", "updated", "merged")


def past_imports(ctx: Ctx, limit: int = HISTORY_LIMIT) -> list[dict[str, Any]]:
    """The owner's saved imports, newest first."""
    batches = ctx.session.scalars(
        select(ImportBatch)
        .where(ImportBatch.owner_id == ctx.owner_id, ImportBatch.status.in_(("done", "undone")))
        .order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc())
        .limit(limit)
    )
    return [_entry(batch) for batch in batches]


def _entry(batch: ImportBatch) -> dict[str, Any]:
    counts = batch.counts or {}
    skipped = counts.get("skipped", 0)
    return {
        "id": batch.id,
        "imported_at": (batch.finished_at or batch.started_at).isoformat(),
        "file": batch.file_name,
        "kind": batch.kind,
        "source": source_for(batch.kind),
        "created": dict(counts.get("created") or {}),
        "updated": dict(counts.get("updated") or {}),
        "merged": dict(counts.get("merged") or {}),
        "skipped": skipped if isinstance(skipped, int) else len(skipped),
        "notes": list(counts.get("warnings") or []),
        "undone": dict(counts["undone"]) if batch.status == "undone" else None,
        "undoable": batch.status == "done"
        and counts.get(ROWS_MARKED) is True
        and changed_anything(counts),
    }


def changed_anything(counts: Mapping[str, Any]) -> bool:
    """Whether an import (its report's counts) created, updated or merged anything: else
    there is nothing to undo."""
    return any(any((counts.get(label) or {}).values()) for label in CHANGED)


def changed(item: Mapping[str, Any]) -> dict[str, int]:
    """What an import changed in people already in kith: updated (found by an earlier
    import of the same source) and merged (found by an address or profile) together."""
    total: Counter[str] = Counter(item["updated"])
    total.update(item["merged"])
    return dict(total)


def in_words(counts: Mapping[str, int]) -> str:
    """``{"people": 1, "interactions": 9}`` -> ``9 interactions, 1 person``; ``0`` if none."""
    return ", ".join(_count(n, kind) for kind, n in sorted(counts.items()) if n) or "0"


def _count(n: int, kind: str) -> str:
    words = kind.replace("_", " ")
    if n == 1:
        words = _SINGULAR.get(words) or words.removesuffix("s")
    return f"{n:,} {words}"


# what dropping the last "s" gets wrong
_SINGULAR = {
    "people": "person",
    "import batches": "import batch",
    "group activities": "group activity",
}
