"""Imports point down only: core is pure, importers parse only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kith"

FORBIDDEN = {
    "core": (
        "sqlalchemy",
        "fastapi",
        "starlette",
        "typer",
        "click",
        "kith.models",
        "kith.db",
        "kith.services",
        "kith.cli",
        "kith.web",
        "kith.importers",
    ),
    "importers": (
        "sqlalchemy",
        "fastapi",
        "typer",
        "kith.db",
        "kith.models",
        "kith.services",
        "kith.cli",
        "kith.web",
    ),
    "services": ("fastapi", "starlette", "typer", "click", "kith.cli", "kith.web"),
    "models": ("kith.services", "kith.cli", "kith.web", "fastapi", "typer"),
}


def _imports(path: Path) -> set[str]:
    return _imports_in(path.read_text(encoding="utf-8"))


def _imports_in(source: str) -> set[str]:
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


# Parsed when the module is collected, before any test runs: CPython 3.11.7's ast.parse can
# fail with "AST constructor recursion depth mismatch" after another test's code caught a
# RecursionError (python/cpython#106905, fixed in 3.11.8).
_IMPORTS = {path: _imports(path) for path in sorted(SRC.rglob("*.py"))}
bad_example_imports = _imports_in("import sqlalchemy\nfrom kith.models import Person\n")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down_only(layer: str) -> None:
    files = _modules(layer)
    assert files, f"layer {layer} has no modules"
    offending = []
    for path in files:
        for name in _IMPORTS[path]:
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offending.append(f"{path.relative_to(SRC)} imports {name}")
    assert offending == []


def test_checker_catches_a_forbidden_import() -> None:
    found = bad_example_imports
    assert found == {"sqlalchemy", "kith.models"}
    assert any(n.startswith(b) for n in found for b in FORBIDDEN["core"])


def test_no_module_reads_the_system_clock_outside_clock_py() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "clock.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("datetime.now(", "date.today(", "datetime.utcnow(", "time.time("):
            if needle in text:
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert offenders == []
