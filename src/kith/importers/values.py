"""Small, fast value parsers shared by the importers: dates, URLs, names, emails, HTML.

Every function returns ``None`` for input it cannot understand; none of them raises.
Month names are matched with a fixed English table, never with the locale (``%b``).
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from kith.importers.base import Birthday, PartialDate

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janv", "jän", "januar"),
            ("feb", "february", "febr", "februar"),
            ("mar", "march", "mär", "märz"),
            ("apr", "april"),
            ("may", "mai"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december", "dez", "dezember"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_TAG_BREAK = re.compile(r"<\s*(?:br|/p|/li|/div|/h\d|/tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
_PROFILE_PREFIX = "https://www.linkedin.com/in/"
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+$")


# --------------------------------------------------------------------------- dates


def _year(token: str) -> int:
    """Two-digit years pivot like strptime's %y: 00-68 -> 20xx, 69-99 -> 19xx."""
    value = int(token)
    if len(token) <= 2:
        return value + (2000 if value < 69 else 1900)
    return value


def _clock(tokens: list[str], start: int) -> tuple[int, int, int]:
    """Hour, minute, second from tokens[start:], honouring a trailing AM/PM."""
    nums = [int(t) for t in tokens[start : start + 3] if t.isdecimal()]
    hour, minute, second = ([*nums, 0, 0, 0])[:3]
    marker = next((t.lower() for t in tokens[start:] if t.lower() in ("am", "pm")), None)
    if marker == "pm" and hour < 12:
        hour += 12
    elif marker == "am" and hour == 12:
        hour = 0
    return hour, minute, second


def _fields(tokens: list[str]) -> tuple[int, int, int, int] | None:
    """(year, month, day, index where the time starts) from date tokens, or None."""
    if len(tokens) < 3:
        return None
    a, b, c = tokens[0], tokens[1], tokens[2]
    low = a.lower()
    if low[:3] in _WEEKDAYS and len(tokens) >= 3 and not a.isdecimal():
        # Java Date.toString: Tue Jun 20 12:25:51 UTC 2023
        month = MONTHS.get(b.lower())
        year = next((t for t in reversed(tokens) if t.isdecimal() and len(t) == 4), None)
        if month and c.isdecimal() and year:
            return int(year), month, int(c), 3
        return None
    if a.isdecimal() and len(a) == 4 and b.isdecimal() and c.isdecimal():
        return int(a), int(b), int(c), 3  # ISO, or 2024/12/07
    if a.isdecimal() and b.isdecimal() and c.isdecimal():
        return _year(c), int(a), int(b), 3  # US M/D/YY
    if a.isdecimal() and not b.isdecimal() and c.isdecimal():
        month = MONTHS.get(b.lower())
        return (_year(c), month, int(a), 3) if month else None  # 04 Jul 2023, 6-Feb-26
    if not a.isdecimal() and b.isdecimal() and c.isdecimal():
        month = MONTHS.get(low)
        return (_year(c), month, int(b), 3) if month else None  # Feb 17, 1998
    return None


def parse_date(text: str) -> date | None:
    """Any date shape seen in the exports: ``04 Jul 2023``, ``6/17/23, 6:18 AM``, ISO..."""
    s = text.strip()
    try:
        if len(s) == 11 and s[2] == " " and s[6] == " " and s[3:6].lower() in MONTHS:
            return date(int(s[7:]), MONTHS[s[3:6].lower()], int(s[:2]))  # 04 Jul 2023
        if len(s) >= 10 and s[4] == "-" and s[7] == "-" and s[:4].isdecimal():
            return date(int(s[:4]), int(s[5:7]), int(s[8:10]))
        parsed = _fields(_TOKENS.findall(s))
        return date(parsed[0], parsed[1], parsed[2]) if parsed else None
    except (ValueError, OverflowError):
        return None


def parse_datetime(text: str) -> datetime | None:
    """A UTC datetime from any timestamp shape in formats.md (naive stamps count as UTC)."""
    s = text.strip()
    try:
        if len(s) >= 16 and s[4] in "-/" and s[10] in " T" and s[:4].isdecimal():
            # fast path: 2024-12-16 18:24:37 UTC and friends
            second = int(s[17:19]) if s[16:17] == ":" else 0
            return datetime(
                int(s[:4]),
                int(s[5:7]),
                int(s[8:10]),
                int(s[11:13]),
                int(s[14:16]),
                second,
                tzinfo=UTC,
            )
    except ValueError:
        pass
    try:
        tokens = _TOKENS.findall(s)
        parsed = _fields(tokens)
        if parsed is None:
            return None
        year, month, day, start = parsed
        if len(tokens) > start and tokens[start] == str(year):
            start += 1
        hour, minute, second = _clock(tokens, start)
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def parse_partial_date(text: str) -> PartialDate | None:
    """``Nov 2022``, ``2017``, ``2022-11`` or a full date."""
    tokens = _TOKENS.findall(text)
    try:
        if len(tokens) == 1 and tokens[0].isdecimal() and len(tokens[0]) == 4:
            return PartialDate(int(tokens[0]))
        if len(tokens) == 2:
            a, b = tokens
            if not a.isdecimal() and b.isdecimal() and len(b) == 4 and a.lower() in MONTHS:
                return PartialDate(int(b), MONTHS[a.lower()])
            if a.isdecimal() and len(a) == 4 and b.isdecimal() and 1 <= int(b) <= 12:
                return PartialDate(int(a), int(b))
    except (ValueError, OverflowError):
        return None
    full = parse_date(text)
    return PartialDate(full.year, full.month, full.day) if full else None


def make_birthday(year: int | None, month: int, day: int) -> Birthday | None:
    try:
        date(year if year else 2000, month, day)  # 2000 is a leap year: Feb 29 is fine
    except (ValueError, OverflowError):
        return None
    return Birthday(month, day, year)


def parse_birthday(text: str) -> Birthday | None:
    """``1980-03-22``, ``19800322``, ``--0203``, ``--02-03``, ``Mar 7``, ``Feb 17, 1998``."""
    s = text.strip()
    if not s:
        return None
    if s.startswith("--"):
        digits = s[2:].replace("-", "")
        if len(digits) == 4 and digits.isdecimal():
            return make_birthday(None, int(digits[:2]), int(digits[2:]))
        return None
    if len(s) == 8 and s.isdecimal():
        return make_birthday(int(s[:4]), int(s[4:6]), int(s[6:]))
    tokens = _TOKENS.findall(s)
    if (
        len(tokens) == 2
        and tokens[1].isdecimal()
        and len(tokens[1]) <= 2
        and tokens[0].lower() in MONTHS
    ):
        return make_birthday(None, MONTHS[tokens[0].lower()], int(tokens[1]))
    parsed = parse_date(s)
    return make_birthday(parsed.year, parsed.month, parsed.day) if parsed else None


def to_utc(moment: datetime | date, *, default_tz: object | None = None) -> datetime:
    """A date becomes noon UTC (its day survives most time zones); naive times count as UTC."""
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day, 12, tzinfo=UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def before(moment: datetime, since: date | None) -> bool:
    return since is not None and moment < datetime(since.year, since.month, since.day, tzinfo=UTC)


ONE_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- people


def clean(text: str | None) -> str | None:
    """Collapse whitespace (tabs included); empty and placeholder values become None."""
    if not text:
        return None
    value = " ".join(text.split())
    if not value or value in ("-", "--", "n/a", "N/A"):
        return None
    return value


def clean_family_name(text: str | None) -> str | None:
    """Drop credentials LinkedIn members put after a comma (``Park, CFA, FRM``)."""
    value = clean(text)
    if value and "," in value:
        head = value.split(",", 1)[0].strip()
        return head or value
    return value


def join_name(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def normalize_email(text: str | None) -> str | None:
    if not text:
        return None
    value = text.strip().strip("<>").strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    value = value.lower()
    return value if _EMAIL.match(value) else None


@lru_cache(maxsize=65536)
def normalize_linkedin_url(text: str | None) -> str | None:
    """``https://www.linkedin.com/in/<slug>``: host lower-cased, query and trailing ``/``
    dropped, slug percent-decoded and case-folded. Non-profile URLs give None."""
    if not text:
        return None
    value = text.strip()
    if value.startswith(_PROFILE_PREFIX):  # fast path for the canonical shape
        slug = value[len(_PROFILE_PREFIX) :].rstrip("/")
        if slug and slug.isascii() and not any(c in slug for c in "/?#%"):
            return _PROFILE_PREFIX + slug.lower()
    if "://" not in value:
        value = "https://" + value.lstrip("/")
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    segments = [s for s in unquote(parts.path).split("/") if s]
    if len(segments) >= 2 and segments[0].lower() in ("in", "pub"):
        slug = "/".join(segments[1:]) if segments[0].lower() == "pub" else segments[1]
        return f"https://www.linkedin.com/{segments[0].lower()}/{slug.casefold()}"
    return None


def collapse_phone(text: str | None) -> str | None:
    value = clean(text)
    if value and value.lower().startswith("tel:"):
        value = value[4:]
    return value if value and any(ch.isdecimal() for ch in value) else None


def strip_html(text: str) -> str:
    """Plain text from the HTML some InMails carry: breaks kept, tags dropped, entities
    unescaped."""
    if "<" not in text and "&" not in text:
        return text
    value = _TAG_BREAK.sub("\n", text)
    value = _TAG.sub("", value)
    value = html.unescape(value)
    return _BLANK_LINES.sub("\n\n", value).strip()


def truncate(text: str, limit: int = 200) -> str:
    value = " ".join(text.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def short_hash(*parts: object) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def unique(values: list[str]) -> tuple[str, ...]:
    """Values in order, duplicates (case-insensitive) dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return tuple(out)
