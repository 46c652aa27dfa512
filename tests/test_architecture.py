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
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down_only(layer: str) -> None:
    files = _modules(layer)
    assert files, f"layer {layer} has no modules"
    offending = []
    for path in files:
        for name in _imports(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offending.append(f"{path.relative_to(SRC)} imports {name}")
    assert offending == []


def test_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlalchemy\nfrom kith.models import Person\n")
    assert _imports(bad) == {"sqlalchemy", "kith.models"}


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
