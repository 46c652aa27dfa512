"""Normalizing contact points so the same email, phone or profile always matches."""

from __future__ import annotations

import functools
import re
import unicodedata

import phonenumbers

from kith.errors import UsageError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def name_key(name: str) -> str:
    """Lowercase, accent-free, single-spaced: what name searches compare against."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(text.split())


def name_from_address(address: str) -> str:
    """A name for someone known only by an email address: ``ana.lima@x`` -> ``Ana Lima``,
    ``j_smith@x`` -> ``J. Smith``, ``anne-marie.dupont@x`` -> ``Anne-Marie Dupont``. A local
    part that is not words joined by dots or underscores (``jsmith``, ``info``,
    ``team2024``) is kept as it is: guessing there would invent names."""
    local = address.split("@", 1)[0].strip()
    parts = [part for part in re.split(r"[._]+", local.split("+", 1)[0]) if part]
    words = all(piece.isalpha() for part in parts for piece in part.split("-"))
    if len(parts) < 2 or not words:
        return local
    return " ".join(_name_part(part) for part in parts)


def _name_part(part: str) -> str:
    if len(part) == 1:
        return f"{part.upper()}."
    return "-".join(piece[:1].upper() + piece[1:].lower() for piece in part.split("-"))


def normalize_email(value: str, field: str = "--email") -> str:
    email = value.strip().lower()
    if not _EMAIL.match(email):
        raise UsageError(f"Invalid email '{value}' for {field}: use name@example.org.")
    return email


def normalize_phone(value: str, region: str | None = None) -> str:
    """E.164 when the number parses, else its digits (kept, never rejected)."""
    try:
        parsed = phonenumbers.parse(value, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"[^\d+]", "", value)
    return digits or value.strip()


def is_linkedin(url: str) -> bool:
    return "linkedin.com/" in url.lower()


@functools.lru_cache(maxsize=65536)
def normalize_url(value: str) -> str:
    """Scheme, ``www.``, query and trailing slash removed; lowercase host and path."""
    url = value.strip()
    url = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
    url = re.sub(r"^www\.", "", url, flags=re.IGNORECASE)
    url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if is_linkedin(url):
        url = re.sub(r"^[a-z]{2}\.linkedin\.com", "linkedin.com", url, flags=re.IGNORECASE)
    return url.lower()


def contact_kind_for_url(value: str) -> str:
    return "linkedin" if is_linkedin(value) else "url"
