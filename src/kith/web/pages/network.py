"""Network map: who knows whom, clusters coloured, bridges highlighted (laid out server-side)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kith.services import insights
from kith.services.context import Ctx
from kith.services.owners import me_person
from kith.web import charts
from kith.web.deps import CtxDep
from kith.web.render import render, svg

router = APIRouter(include_in_schema=False)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, ctx: CtxDep) -> Response:
    return render(request, "network.html", network_view(ctx), section="network")


def network_view(ctx: Ctx) -> dict[str, Any]:
    data = insights.network_map(ctx)
    view: dict[str, Any] = {"title": "Network map", "data": data, "map": None, "bridges": []}
    if not data:
        return view
    nodes, edges = data.get("nodes", []), data.get("edges", [])
    clusters = data.get("clusters", [])
    view["map"] = svg(charts.network_map(nodes, edges, me_person(ctx).id, clusters))
    view["bridges"] = [n for n in nodes if n.get("is_bridge")][:20]
    view["clusters"] = clusters
    view["counts"] = {"nodes": len(nodes), "edges": len(edges)}
    return view
