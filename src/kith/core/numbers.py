"""Whole numbers as people type them: ids, days, counts.

``str.isdigit`` also takes characters such as "²" that ``int`` refuses (a ValueError, a
crash in a page or the API), and a number of thirty digits overflows every database
integer. So a whole number here is ASCII digits only, at most eighteen of them.
"""

from __future__ import annotations

MAX_DIGITS = 18  # below 2**63, the largest integer SQLite and PostgreSQL keep


def whole_number(text: str) -> int | None:
    """``text`` (spaces around it allowed) as a whole number, or None when it is not one."""
    digits = text.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS:
        return int(digits)
    return None
