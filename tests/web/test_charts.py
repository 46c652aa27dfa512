"""The SVG chart builders: readable titles, escaped text, classes instead of inline styles."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup

from kith.web import charts


def parse(svg: str) -> BeautifulSoup:
    return BeautifulSoup(svg, "html.parser")


def test_gauge_fills_ten_slots_by_credit_and_links_to_people() -> None:
    counted = [
        {"person": "Ada Lovelace", "person_id": 1, "credit": 1.0, "why": "warm"},
        {"person": "Grace Hopper", "person_id": 2, "credit": 0.5, "why": "lukewarm"},
    ]
    svg = parse(charts.ten_people_gauge(counted, 1.5))
    assert svg.find("title").get_text() == "Ten-People Test: 1.5 out of 10 slots filled."
    slots = svg.select("rect.slot")
    assert [s["class"] for s in slots[:3]] == [
        ["slot", "full"],
        ["slot", "half"],
        ["slot", "empty"],
    ]
    assert len(slots) == 10
    assert [a["href"] for a in svg.find_all("a")] == ["/people/1", "/people/2"]
    assert [t.get_text() for t in svg.select("text.slot-label")] == ["AL", "GH"]


def test_chart_text_is_escaped() -> None:
    evil = "<script>alert(1)</script>"
    svg = charts.ten_people_gauge([{"person": evil, "person_id": 1, "credit": 1, "why": evil}], 1)
    assert "<script>" not in svg
    tips = parse(svg).select("a title")
    assert tips[0].get_text().startswith(evil)


def test_heatmap_is_weeks_by_days_with_levels() -> None:
    daily = [0] * (52 * 7)
    daily[3], daily[10], daily[-1] = 1, 4, 8
    svg = parse(charts.heatmap(daily, date(2025, 12, 1)))
    cells = svg.select("rect.heat")
    assert len(cells) == 364
    assert cells[3].find("title").get_text() == "2025-12-04: 1 touch"
    assert cells[-1]["class"] == ["heat", "l4"]
    assert cells[0]["class"] == ["heat", "l0"]
    assert svg.find("title").get_text() == "Activity over 52 weeks: 13 touches on 3 days."
    assert [t.get_text() for t in svg.select("text.axis")][-3:] == ["Mon", "Wed", "Fri"]


def test_heat_levels_grow_with_counts() -> None:
    assert [charts.heat_level(n, 8) for n in (0, 1, 4, 8)] == [0, 1, 2, 4]
    assert charts.heat_level(1, 1) == 4


def test_give_ask_bar_diverges_from_the_centre() -> None:
    svg = parse(charts.give_ask_bar(6, 2))
    give, ask = svg.select_one("rect.give"), svg.select_one("rect.ask")
    assert float(give["x"]) + float(give["width"]) == 150
    assert float(ask["x"]) == 150 and float(ask["width"]) < float(give["width"])
    assert svg.find("title").get_text() == "6 gives and intros against 2 asks."


def test_tie_bars_have_one_bar_per_component_in_a_fixed_order() -> None:
    parts = {"mutuality": 0.2, "recency": 0.9, "intensity": 0.5, "duration": 1.4}
    svg = parse(charts.tie_bars(parts, "medium", 0.55))
    labels = [t.get_text() for t in svg.select("text.axis")][::2]
    assert labels == ["Recency", "Intensity", "Duration", "Mutuality"]
    widths = [float(r["width"]) for r in svg.select("rect.bar")]
    assert widths == [117.0, 65.0, 130.0, 26.0]  # clipped to 100 %
    assert svg.select_one("rect.bar")["class"] == ["bar", "band-medium"]
    assert svg.find("title").get_text() == "Tie strength 55% (medium), broken into 4 components."


def test_sparkline_title_lists_the_weeks() -> None:
    svg = parse(charts.sparkline([0, 2, 1], "s1"))
    assert svg.find("title").get_text() == "Touches per week over the last 3 weeks: 0, 2, 1"
    assert svg.find("svg")["aria-labelledby"] == "s1"
    assert svg.select_one("circle.spark-dot")


def test_network_map_labels_important_nodes_and_marks_bridges() -> None:
    nodes = [
        {"person_id": 1, "name": "Me", "x": 0.5, "y": 0.5, "community": -1, "size": 1,
         "is_bridge": False, "label_visible": True, "is_me": True},
        {"person_id": 2, "name": "Ada", "x": 0.1, "y": 0.2, "community": 0, "size": 0.5,
         "is_bridge": True, "label_visible": True},
        {"person_id": 3, "name": "<b>Zed</b>", "x": 0.9, "y": 0.8, "community": 1, "size": 0.25,
         "is_bridge": False, "label_visible": False},
    ]  # fmt: skip
    edges = [{"a": 1, "b": 2, "weight": 1, "is_bridge": True}, {"a": 2, "b": 3, "weight": 0.5}]
    clusters = [{"id": 0, "label": "Engineers", "size": 1, "x": 0.1, "y": 0.1}]
    svg = parse(charts.network_map(nodes, edges, 1, clusters))
    assert svg.find("title").get_text() == "Network map: 3 people, 2 connections, 1 bridges."
    assert [t.get_text() for t in svg.select("text.node-label")] == ["Ada", "Me"]
    assert [c.find("title").get_text() for c in svg.select("circle.node")] == [
        "<b>Zed</b>",
        "Ada (bridges two of your circles)",
        "Me",
    ]
    assert svg.select_one("circle.node.me") and svg.select_one("circle.node.bridge")
    assert len(svg.select("line.edge.bridge")) == 1
    assert svg.select_one("text.cluster-label").get_text() == "Engineers"
    for circle in svg.select("circle"):
        assert 0 <= float(circle["cx"]) <= 1000 and 0 <= float(circle["cy"]) <= 1000


def test_no_chart_uses_inline_styles() -> None:
    outputs = [
        charts.ten_people_gauge([], 0),
        charts.heatmap([1] * 14, date(2026, 1, 5)),
        charts.give_ask_bar(0, 0),
        charts.tie_bars({"recency": 0.5}, "weak", 0.2),
        charts.sparkline([]),
        charts.network_map([], [], None),
    ]
    for svg in outputs:
        assert parse(svg).find(style=True) is None
        assert "<style" not in svg
