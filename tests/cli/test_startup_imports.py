"""Every `kith` command starts by importing the CLI: the heavy parts wait for the commands
that use them (a command that only logs a touch should not load the graph library)."""

from __future__ import annotations

import subprocess
import sys

DEFERRED = (
    "igraph",
    "alembic",
    "rapidfuzz",
    "kith.core.alter_graph",
    "kith.services.insights",
    "kith.services.imports",
    "kith.services.exports",
)


def test_starting_the_cli_loads_none_of_the_heavy_modules() -> None:
    code = f"import sys, kith.cli\nprint(' '.join(m for m in {DEFERRED!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""
