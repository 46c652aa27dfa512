"""SVG charts built in Python: no JavaScript, no outside requests, styled by kith.css.

Every chart carries a ``<title>`` (its one-sentence reading) and ``role="img"``; the pages
show the same numbers as a table or text beside it. Colours come from CSS classes only
(the CSP forbids inline styles), so dark mode works. Every text is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from typing import Any

from kith.web.fmt import initials

COMPONENT_LABELS = {
    "recency": "Recency",
    "intensity": "Intensity",
    "duration": "Duration",
    "closeness": "Closeness",
    "structural": "Mutual contacts",
    "services": "Favours",
    "mutuality": "Mutuality",
}
_DAY_LABELS = ((0, "Mon"), (2, "Wed"), (4, "Fri"))


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _svg(width: float, height: float, title: str, body: str, css: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" '
        f'viewBox="0 0 {width:g} {height:g}" role="img" aria-labelledby="{ident}">'
        f'<title id="{ident}">{_e(title)}</title>{body}</svg>'
    )


# ---- Ten-People gauge -----------------------------------------------------------------


def slot_class(credit: float) -> str:
    if credit >= 0.75:
        return "slot full"
    if credit >= 0.25:
        return "slot half"
    return "slot faint"


def ten_people_gauge(counted: Sequence[Mapping[str, Any]], score: float) -> str:
    """Ten slots in two rows of five, filled by credit (full, half), each a person's initials
    linking to them (two rows keep the initials legible in a phone-width card)."""
    people = sorted(counted, key=lambda c: -float(c.get("credit", 0)))[:10]
    size, gap = 44, 6
    parts = []
    for i in range(10):
        x, y = (i % 5) * (size + gap), (i // 5) * (size + gap)
        if i < len(people):
            c = people[i]
            credit = float(c.get("credit", 0))
            tip = f"{c['person']}: counts {credit:.1f}. {c.get('why', '')}".strip()
            parts.append(
                f'<a href="/people/{int(c["person_id"])}"><g>'
                f"<title>{_e(tip)}</title>"
                f'<rect class="{slot_class(credit)}" x="{x}" y="{y}" width="{size}" '
                f'height="{size}" rx="8"/>'
                f'<text class="slot-label" x="{x + size / 2}" y="{y + size / 2 + 6}" '
                f'text-anchor="middle">{_e(initials(str(c["person"])))}</text></g></a>'
            )
        else:
            parts.append(
                f'<rect class="slot empty" x="{x}" y="{y}" width="{size}" height="{size}" rx="8">'
                f"<title>An open slot: someone you could still count on.</title></rect>"
            )
    title = f"Ten-People Test: {score:.1f} out of 10 slots filled."
    width, height = 5 * (size + gap) - gap, 2 * (size + gap) - gap
    return _svg(width, height, title, "".join(parts), "gauge", "gauge-title")


# ---- activity heatmap -----------------------------------------------------------------


def heat_level(count: int, top: int) -> int:
    if count <= 0:
        return 0
    if top <= 1:
        return 4
    return min(4, 1 + int(3 * (count - 1) / max(1, top - 1) + 0.5))


def heatmap(daily: Sequence[int], first_day: date) -> str:
    """A 52 × 7 calendar of touches per day, oldest week on the left, Monday on top."""
    weeks = math.ceil(len(daily) / 7) if daily else 52
    cell, gap, left, top = 11, 2, 28, 16
    peak = max(daily, default=0)
    parts = []
    month = None
    for w in range(weeks):
        monday = first_day + timedelta(days=7 * w)
        if monday.month != month:
            month = monday.month
            if w < weeks - 2:
                parts.append(
                    f'<text class="axis" x="{left + w * (cell + gap)}" y="10">'
                    f"{monday.strftime('%b')}</text>"
                )
        for d in range(7):
            i = 7 * w + d
            if i >= len(daily):
                break
            day = first_day + timedelta(days=i)
            n = daily[i]
            label = f"{day.isoformat()}: {n} touch{'es' if n != 1 else ''}"
            parts.append(
                f'<rect class="heat l{heat_level(n, peak)}" x="{left + w * (cell + gap)}" '
                f'y="{top + d * (cell + gap)}" width="{cell}" height="{cell}" rx="2">'
                f"<title>{label}</title></rect>"
            )
    for d, name in _DAY_LABELS:
        parts.append(f'<text class="axis" x="0" y="{top + d * (cell + gap) + 9}">{name}</text>')
    total = sum(daily)
    active = sum(1 for n in daily if n)
    title = f"Activity over {weeks} weeks: {total} touches on {active} days."
    width = left + weeks * (cell + gap)
    return _svg(width, top + 7 * (cell + gap), title, "".join(parts), "heatmap", "heat-title")


# ---- give / ask balance ---------------------------------------------------------------


def give_ask_bar(gives: float, asks: float, left_label: str = "gives and intros") -> str:
    """A diverging bar: gives and connects to the left of the centre, asks to the right."""
    width, height, mid = 300, 48, 150
    top = max(gives, asks, 1)
    g = (mid - 10) * gives / top
    a = (mid - 10) * asks / top
    title = f"{_num(gives)} {left_label} against {_num(asks)} asks."
    body = (
        f'<rect class="give" x="{mid - g:.1f}" y="6" width="{g:.1f}" height="18" rx="3">'
        f"<title>{_e(_num(gives))} {_e(left_label)}</title></rect>"
        f'<rect class="ask" x="{mid}" y="6" width="{a:.1f}" height="18" rx="3">'
        f"<title>{_e(_num(asks))} asks</title></rect>"
        f'<line class="axis-line" x1="{mid}" y1="0" x2="{mid}" y2="30"/>'
        f'<text class="axis" x="2" y="44">← {_e(left_label)} ({_e(_num(gives))})</text>'
        f'<text class="axis" x="{width - 2}" y="44" text-anchor="end">'
        f"asks ({_e(_num(asks))}) →</text>"
    )
    return _svg(width, height, title, body, "giveask", "giveask-title")


def _num(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.1f}"


# ---- tie-strength breakdown -----------------------------------------------------------


def tie_bars(components: Mapping[str, float], band: str, score: float) -> str:
    """Horizontal bars, one per component (0–1), with the band in the title."""
    names = [n for n in COMPONENT_LABELS if n in components]
    names += [n for n in components if n not in COMPONENT_LABELS]
    row, label_w, bar_w = 22, 112, 130
    parts = []
    for i, name in enumerate(names):
        value = max(0.0, min(1.0, float(components[name])))
        y = i * row
        label = COMPONENT_LABELS.get(name, name.replace("_", " ").capitalize())
        parts.append(
            f'<text class="axis" x="0" y="{y + 14}">{_e(label)}</text>'
            f'<rect class="track" x="{label_w}" y="{y + 4}" width="{bar_w}" height="12" rx="3"/>'
            f'<rect class="bar band-{_e(band)}" x="{label_w}" y="{y + 4}" '
            f'width="{bar_w * value:.1f}" height="12" rx="3">'
            f"<title>{_e(label)}: {round(value * 100)}%</title></rect>"
            f'<text class="axis" x="{label_w + bar_w + 6}" y="{y + 15}">'
            f"{round(value * 100)}%</text>"
        )
    title = f"Tie strength {round(score * 100)}% ({band}), broken into {len(names)} components."
    height = max(row, len(names) * row)
    return _svg(label_w + bar_w + 44, height, title, "".join(parts), "tiebars", "tie-title")


# ---- weekly sparkline -----------------------------------------------------------------


def sparkline(values: Sequence[int], ident: str = "spark") -> str:
    """Touches per week (oldest first) as a small line with a dot on the last week."""
    width, height = 96, 22
    n = len(values)
    peak = max(values, default=0) or 1
    step = width / max(1, n - 1)
    points = [(i * step, height - 3 - (height - 6) * v / peak) for i, v in enumerate(values)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body = f'<polyline class="spark" points="{line}"/>' if n > 1 else ""
    if points:
        x, y = points[-1]
        body += f'<circle class="spark-dot" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>'
    title = f"Touches per week over the last {n} weeks: " + ", ".join(str(v) for v in values)
    return _svg(width, height, title, body, "sparkline", _e(ident))


# ---- network map ----------------------------------------------------------------------

MAP_SIZE = 1000
MAX_MAP_EDGES = 4000


def network_map(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    me_id: int | None,
    clusters: Sequence[Mapping[str, Any]] = (),
) -> str:
    """Clusters coloured, bridges highlighted, labels for important nodes, a title on all."""
    if not nodes:
        return _svg(MAP_SIZE, 200, "No connections to draw yet.", "", "netmap", "map-title")
    place = _transform(nodes)
    where = {int(n["person_id"]): place(n) for n in nodes}
    shown = sorted(edges, key=lambda e: -float(e.get("weight", 1)))[:MAX_MAP_EDGES]
    parts = ['<g class="edges">', *_edges(shown, where), '</g><g class="nodes">']
    labels = [_cluster_label(c, place) for c in clusters if c.get("label")]
    for n in sorted(nodes, key=lambda n: float(n.get("size", 1))):
        pid = int(n["person_id"])
        node, label = _node(n, where[pid], pid == me_id or bool(n.get("is_me")))
        parts.append(node)
        labels.append(label)
    parts.append('</g><g class="labels">' + "".join(labels) + "</g>")
    bridges = sum(1 for n in nodes if n.get("is_bridge"))
    title = f"Network map: {len(nodes)} people, {len(shown)} connections, {bridges} bridges."
    return _svg(MAP_SIZE, MAP_SIZE, title, "".join(parts), "netmap", "map-title")


def _edges(
    edges: Sequence[Mapping[str, Any]], where: Mapping[int, tuple[float, float]]
) -> list[str]:
    out = []
    for e in edges:
        a, b = where.get(int(e["a"])), where.get(int(e["b"]))
        if a is None or b is None:
            continue
        css = "edge bridge" if e.get("is_bridge") else "edge"
        out.append(
            f'<line class="{css}" x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}"/>'
        )
    return out


def _node(n: Mapping[str, Any], at: tuple[float, float], is_me: bool) -> tuple[str, str]:
    pid, (x, y) = int(n["person_id"]), at
    r = 3 + 9 * min(1.0, float(n.get("size", 0.2)))
    css = f"node c{int(n.get('community') or 0) % 8}"
    css += " bridge" if n.get("is_bridge") else ""
    css += " me" if is_me else ""
    tip = _e(n.get("name", ""))
    if n.get("is_bridge"):
        tip += " (bridges two of your circles)"
    node = (
        f'<a href="/people/{pid}"><circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" '
        f'r="{r:.1f}"><title>{tip}</title></circle></a>'
    )
    label = ""
    if n.get("label_visible") or is_me:
        label = (
            f'<text class="node-label" x="{x:.1f}" y="{y - r - 3:.1f}" '
            f'text-anchor="middle">{_e(n.get("name", ""))}</text>'
        )
    return node, label


def _cluster_label(c: Mapping[str, Any], place: Any) -> str:
    """The cluster's name near its members, kept inside the picture."""
    x, y = place(c)
    x, y = min(max(x, 90.0), MAP_SIZE - 90.0), min(max(y, 24.0), MAP_SIZE - 12.0)
    return (
        f'<text class="cluster-label c{int(c.get("id") or 0) % 8}" x="{x:.1f}" y="{y:.1f}" '
        f'text-anchor="middle">{_e(c["label"])}</text>'
    )


def _transform(nodes: Sequence[Mapping[str, Any]]) -> Any:
    """Scale the server-side layout into the 1000 × 1000 box with a margin."""
    xs = [float(n.get("x", 0)) for n in nodes]
    ys = [float(n.get("y", 0)) for n in nodes]
    lo_x, lo_y = min(xs), min(ys)
    span = max(max(xs) - lo_x, max(ys) - lo_y) or 1.0
    margin = 40
    scale = (MAP_SIZE - 2 * margin) / span
    off_x = (MAP_SIZE - (max(xs) - lo_x) * scale) / 2
    off_y = (MAP_SIZE - (max(ys) - lo_y) * scale) / 2

    def place(item: Mapping[str, Any]) -> tuple[float, float]:
        x, y = float(item.get("x", 0)), float(item.get("y", 0))
        return off_x + (x - lo_x) * scale, off_y + (y - lo_y) * scale

    return place
