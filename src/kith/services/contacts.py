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
