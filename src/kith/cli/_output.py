"""``--format table|json|csv``: every read command prints through here."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

from kith.errors import UsageError
from kith.schemas.common import plain
from kith.spreadsheet import neutralize


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def to_json(value: Any) -> str:
    return json.dumps(plain(value), indent=2, ensure_ascii=False)


def safe_cell(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return neutralize(text)


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def console() -> Console:
    return Console(soft_wrap=False)


def emit(
    data: Any,
    fmt: OutputFormat,
    *,
    rows: Sequence[Any] | None = None,
    columns: Sequence[str] = (),
    title: str | None = None,
    text: str | None = None,
) -> None:
    """Print ``data`` as JSON, or ``rows`` as CSV or a Rich table (then ``text`` below it)."""
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(data) + "\n")
        return
    items = [plain(r) for r in (rows if rows is not None else _as_rows(data))]
    cols = list(columns) or (list(items[0].keys()) if items else [])
    if fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(items, cols))
        return
    out = console()
    if items or not text:
        out.print(table(items, cols, title))
    if text:
        out.print(text, highlight=False)


def _as_rows(data: Any) -> list[Any]:
    if isinstance(data, list | tuple):
        return list(data)
    raise UsageError("This command has no table view: use --format json.")


def table(items: Sequence[Mapping[str, Any]], columns: Sequence[str], title: str | None) -> Table:
    grid = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        grid.add_column(col.replace("_", " "), overflow="fold")  # long names wrap, not cut
    for item in items:
        grid.add_row(*[_cell(item.get(c)) for c in columns])
    if not items:
        grid.caption = "Nothing to show yet."
    return grid


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
