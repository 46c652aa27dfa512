"""Options shared by many commands."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._output import OutputFormat

FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output as a table, JSON (for scripts) or CSV."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Compute as of this date (YYYY-MM-DD) instead of today."),
]
