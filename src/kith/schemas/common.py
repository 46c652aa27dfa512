"""Parsing of user-typed values (dates, enums, ratings) with errors that name the field."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from kith.errors import UsageError

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_date(value: str, field: str, *, allow_month: bool = False) -> date:
    """``YYYY-MM-DD`` (or ``YYYY-MM`` where allowed, meaning the first of the month)."""
    text = value.strip()
    try:
        if _DAY.match(text):
            return date.fromisoformat(text)
        if allow_month and _MONTH.match(text):
            return date.fromisoformat(text + "-01")
    except ValueError:
        pass
    shape = "YYYY-MM-DD or YYYY-MM" if allow_month else "YYYY-MM-DD"
    raise UsageError(f"Invalid date '{value}' for {field}: use {shape}, e.g. 2024-03-15.")


def parse_optional_date(value: str | None, field: str, *, allow_month: bool = False) -> date | None:
    return None if value is None else parse_date(value, field, allow_month=allow_month)


def check_choice(value: str, choices: Sequence[str], field: str) -> str:
    normalized = value.strip().lower().replace("-", "_")
    if normalized not in choices:
        raise UsageError(
            f"Unknown value '{value}' for {field}: choose one of {', '.join(choices)}."
        )
    return normalized


def check_range(value: int, low: int, high: int, field: str) -> int:
    if not low <= value <= high:
        raise UsageError(f"Invalid value {value} for {field}: use a number from {low} to {high}.")
    return value


def plain(value: Any) -> Any:
    """Pydantic models, dataclasses and dates as JSON-ready values."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [plain(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value
