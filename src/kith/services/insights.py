"""Insight use cases: load the network once, run the pure core, shape the result."""

from __future__ import annotations

from typing import Any

from kith.services.context import Ctx


def person_extras(ctx: Ctx, person_id: int) -> dict[str, Any]:
    """Knowledge gaps and questions for one person (shown by `kith people show`)."""
    return {}
