"""People-list filters that need the coach (circle, band, due, dormant).

The coach's per-person facts come from ``insights.people_facets`` when it exists (one pass,
cached by data version); otherwise ``due`` and ``dormant`` fall back to the due list and the
reconnect list, and circle/band say they are not available yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kith.services.context import Ctx
from kith.web import gateway

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


@dataclass
class FacetResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)


def _items(result: Any) -> list[dict[str, Any]]:
    if isinstance(result, dict):
        result = result.get("items") or result.get("people") or result.get("ties") or []
    return [r for r in result or [] if isinstance(r, dict) and "person_id" in r]


def coach_rows(ctx: Ctx, f: Filters) -> FacetResult:
    """People matching the coach filters, in the coach's order (most pressing first)."""
    facets = gateway.insight("people_facets", ctx)
    if facets is not None:
        return FacetResult([r for r in _items(facets) if _matches(r, f)])
    out = FacetResult()
    rows: list[dict[str, Any]] | None = None
    if f.due:
        due = gateway.insight("due", ctx)
        if due is None:
            out.unavailable.append("due")
        else:
            rows = _items(due)
    if f.dormant:
        dormant = gateway.insight("reconnect", ctx)
        if dormant is None:
            out.unavailable.append("dormant")
        else:
            found = _items(dormant)
            ids = {int(r["person_id"]) for r in found}
            rows = found if rows is None else [r for r in rows if int(r["person_id"]) in ids]
    if f.circle:
        if rows is not None and all("circle" in r for r in rows):
            rows = [r for r in rows if r.get("circle") == f.circle]
        else:
            out.unavailable.append("circle")
    if f.band:
        out.unavailable.append("band")
    out.rows = rows or []
    return out


def _matches(row: dict[str, Any], f: Filters) -> bool:
    if f.circle and row.get("circle") != f.circle:
        return False
    if f.band and row.get("band") != f.band:
        return False
    if f.due and not row.get("due"):
        return False
    return not (f.dormant and not row.get("dormant"))
