"""People-list filters that need the coach (circle, band, due, dormant).

The coach's per-person facts come from ``insights.people_facets`` (one pass, cached by the
owner's data revision).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kith.services import insights
from kith.services.context import Ctx

BANDS = ("strong", "medium", "weak", "nominal")


@dataclass(frozen=True)
class Filters:
    q: str = ""
    tag: str = ""
    org: str = ""
    circle: str = ""
    band: str = ""
    due: bool = False
    dormant: bool = False

    @property
    def coach_filters(self) -> bool:
        return bool(self.circle or self.band or self.due or self.dormant)

    @property
    def data_filters(self) -> bool:
        return bool(self.q or self.tag or self.org)


def coach_rows(ctx: Ctx, f: Filters) -> list[dict[str, Any]]:
    """People matching the coach filters, in the coach's order (most pressing first)."""
    return [r for r in insights.people_facets(ctx) if _matches(r, f)]


def _matches(row: dict[str, Any], f: Filters) -> bool:
    if f.circle and row.get("circle") != f.circle:
        return False
    if f.band and row.get("band") != f.band:
        return False
    if f.due and not row.get("due"):
        return False
    return not (f.dormant and not row.get("dormant"))
