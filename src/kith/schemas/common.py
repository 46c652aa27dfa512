"""Parsing of user-typed values (dates, enums, ratings) with errors that name the field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

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
