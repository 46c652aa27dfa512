"""Pieces several pages share: the quick-log form's choices and people picker, paging."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from typing import Any
from urllib.parse import urlencode

from kith.core.types import CHANNELS, INITIATORS, INTENTS, OUTCOMES
from kith.services import insights, interactions
from kith.services.context import Ctx
from kith.web.fmt import human
from kith.web.forms import LogForm, person_option

PICKER_LIMIT = 400
INITIATOR_TEXT = {"me": "I did", "them": "They did", "mutual": "Both (planned)"}


def choices(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(code, human(code)) for code in codes]


def people_options(ctx: Ctx, *extra: Any) -> list[str]:
    """Names for the picker: people you were recently in touch with, and those due or planned.

    Bounded, so a 30,000-person network still sends a small page; any other name can be typed.
    """
    recent = insights.per_revision(
        ctx, ("recent people",), partial(interactions.recent_people, ctx)
    )
    seen = dict(recent)
    for source in extra:
        items = source.get("items", []) if isinstance(source, dict) else source or []
        for item in items:
            if isinstance(item, dict) and "person_id" in item:
                seen.setdefault(int(item["person_id"]), str(item.get("person", "")))
    ordered = sorted(seen.items(), key=lambda kv: kv[1].lower())[:PICKER_LIMIT]
    return [person_option(name, pid) for pid, name in ordered]


def quick_log_context(ctx: Ctx, form: LogForm | None = None, **sources: Any) -> dict[str, Any]:
    return {
        "form": form or LogForm(on=ctx.today().isoformat()),
        "errors": {},
        "people_options": people_options(ctx, *sources.values()),
        "channels": choices(CHANNELS),
        "intents": choices(INTENTS),
        "initiators": [(code, INITIATOR_TEXT[code]) for code in INITIATORS],
        "outcomes": choices(OUTCOMES),
    }


def pager(path: str, params: Mapping[str, str], page: int, total: int, size: int) -> dict[str, Any]:
    """Previous and next links of a listing at ``path`` that keep its filters, and which
    items (1-based) this page shows."""
    pages = max(1, math.ceil(total / size))

    def link(n: int) -> str:
        return f"{path}?" + urlencode({**params, "page": n})

    return {
        "page": page,
        "pages": pages,
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
        "first": (page - 1) * size + 1 if total else 0,
        "last": min(total, page * size),
    }
