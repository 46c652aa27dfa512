"""Organization name normalization and fuzzy matching ("acme" finds "ACME Corp.")."""

from __future__ import annotations

import re
import unicodedata

_SUFFIXES = {
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "bv",
    "nv",
    "plc",
    "pty",
    "srl",
    "spa",
    "oy",
    "ab",
    "as",
    "the",
    "group",
    "holdings",
}


def normalize_org(name: str) -> str:
    """A stable key for an organization name: lowercase, no accents, punctuation or suffixes."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    kept = [w for w in words if w not in _SUFFIXES]
    return " ".join(kept or words)


def org_matches(query: str, org_key: str) -> bool:
    """True when a user's query names this organization (whole-word prefix match on keys)."""
    return org_key_matches(normalize_org(query), org_key)


def org_key_matches(query_key: str, org_key: str) -> bool:
    """Like ``org_matches`` for an already normalized query (no per-call normalization)."""
    if not query_key:
        return False
    return (" " + query_key + " ") in (" " + org_key + " ")
