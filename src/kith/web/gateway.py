"""Calls into services that may not be written yet (insights, imports, exports).

Each helper returns ``None`` when the function is missing, so a page can show a clear
"not available yet" note instead of failing. Every other error propagates as usual.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from kith.services.context import Ctx


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"kith.services.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"kith.services.{name}":
            return None
        raise


def function(module: str, name: str) -> Any:
    found = _module(module)
    return getattr(found, name, None) if found is not None else None


def available(module: str, name: str) -> bool:
    return callable(function(module, name))


def insight(name: str, ctx: Ctx, *args: Any, **kwargs: Any) -> Any:
    """``kith.services.insights.<name>(ctx, ...)``, or ``None`` while it does not exist."""
    fn = function("insights", name)
    if not callable(fn):
        return None
    try:
        return fn(ctx, *args, **kwargs)
    except NotImplementedError:
        return None
