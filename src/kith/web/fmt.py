"""Small formatting helpers shared by templates and charts (plain words, no jargon)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kith.core.coach_common import plural

# plain symbols (text presentation: U+FE0E) that system fonts carry; no emoji font needed
CHANNEL_ICONS = {
    "in_person": "\u2615\ufe0e",  # hot beverage
    "video": "\u25b6\ufe0e",  # play
    "call": "\u260e\ufe0e",  # telephone
    "event": "\u2605",  # star
    "email": "\u2709\ufe0e",  # envelope
    "message": "\u270e",  # pencil
    "social_comment": "\u2665\ufe0e",  # heart
    "group_post": "\u2691",  # flag
}
INTENT_ICONS = {
    "give": "\u271a",  # plus
    "ask": "?",
    "connect": "\u21c4",  # arrows both ways
    "catch_up": "\u263a\ufe0e",  # smile
    "follow_up": "\u21a9\ufe0e",  # hook arrow
    "thanks": "\u2713",  # check
}


def as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def ago(value: Any, today: date) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago", "2 years ago" or "never"."""
    day = as_date(value)
    if day is None:
        return "never"
    days = (today - day).days
    if days < 0:
        return f"in {plural(-days, 'day')}"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def human(code: Any) -> str:
    """``catch_up`` -> ``catch up``."""
    return str(code or "").replace("_", " ")


def pct(value: Any) -> str:
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return "–"


def num(value: Any, digits: int = 1) -> str:
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return "–"


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalnum()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:2].upper()
    return (parts[0][0] + parts[-1][0]).upper()


def channel_icon(code: str) -> str:
    return CHANNEL_ICONS.get(code, "•")


def intent_icon(code: str) -> str:
    return INTENT_ICONS.get(code, "•")


FILTERS = {
    "ago": ago,
    "human": human,
    "pct": pct,
    "num": num,
    "initials": initials,
    "channel_icon": channel_icon,
    "intent_icon": intent_icon,
}
