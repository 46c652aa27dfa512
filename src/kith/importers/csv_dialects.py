"""Which address-book CSV a header is, and what each of its columns means.

Columns are mapped by name (case-insensitive) through alias tables, never by position:
Outlook reorders its columns with the UI language, and Google's ``X N - Y`` blocks grow
with the largest count in the export.
"""

from __future__ import annotations

import re

# canonical field -> header names, per dialect family
OUTLOOK: dict[str, tuple[str, ...]] = {
    "prefix": ("title", "anrede"),
    "given": ("first name", "vorname"),
    "middle": ("middle name", "weitere vornamen"),
    "family": ("last name", "nachname"),
    "suffix": ("suffix",),
    "full": ("name", "display name", "anzeigename"),
    "nickname": ("nickname", "spitzname"),
    "org": ("company", "firma"),
    "department": ("department", "abteilung"),
    "title": ("job title", "position"),
    "birthday": ("birthday", "geburtstag"),
    "notes": ("notes", "notizen"),
    "tags": ("categories", "kategorien"),
    "city": (
        "business city",
        "home city",
        "other city",
        "ort geschäftlich",
        "ort privat",
        "weiterer ort",
        "ort (privat)",
        "ort (geschäftlich)",
    ),
    "country": (
        "business country/region",
        "home country/region",
        "business country",
        "home country",
        "land/region geschäftlich",
        "land/region privat",
        "land/region (privat)",
        "land/region (geschäftlich)",
    ),
}
OUTLOOK_MULTI: dict[str, tuple[str, ...]] = {
    "email": (
        "e-mail address",
        "e-mail 2 address",
        "e-mail 3 address",
        "e-mail-adresse",
        "e-mail 2: adresse",
        "e-mail 3: adresse",
        "email address",
        "email",
    ),
    "phone": (
        "mobile phone",
        "primary phone",
        "business phone",
        "home phone",
        "business phone 2",
        "home phone 2",
        "other phone",
        "company main phone",
        "car phone",
        "mobiltelefon",
        "haupttelefon",
        "telefon geschäftlich",
        "telefon privat",
        "telefon geschäftlich 2",
        "telefon privat 2",
        "weiteres telefon",
        "telefon firma",
        "autotelefon",
        "mobiltelefon 2",
        "telefon (privat)",
        "telefon (geschäftlich)",
    ),
    "url": ("web page", "webseite", "personal web page", "business web page"),
}

THUNDERBIRD: dict[str, tuple[str, ...]] = {
    "given": ("first name",),
    "family": ("last name",),
    "full": ("display name",),
    "nickname": ("nickname",),
    "org": ("organization",),
    "department": ("department",),
    "title": ("job title",),
    "notes": ("notes",),
    "birth_year": ("birth year",),
    "birth_month": ("birth month",),
    "birth_day": ("birth day",),
    "city": ("work city", "home city"),
    "country": ("work country", "home country"),
}
THUNDERBIRD_MULTI: dict[str, tuple[str, ...]] = {
    "email": ("primary email", "secondary email"),
    "phone": ("mobile number", "work phone", "home phone"),
    "url": ("web page 1", "web page 2"),
}

GOOGLE: dict[str, tuple[str, ...]] = {
    "full": ("name",),
    "given": ("given name", "first name"),
    "middle": ("additional name", "middle name"),
    "family": ("family name", "last name"),
    "prefix": ("name prefix",),
    "suffix": ("name suffix",),
    "nickname": ("nickname",),
    "org": ("organization name", "organization 1 - name"),
    "department": ("organization department", "organization 1 - department"),
    "title": ("organization title", "organization 1 - title"),
    "birthday": ("birthday",),
    "notes": ("notes",),
    "tags": ("labels", "group membership"),
    "city": ("address 1 - city",),
    "country": ("address 1 - country",),
    "location": ("location",),
}
# a table someone made, or kith's own CSV export (id, name, emails, phones, urls,
# organization, title, location, tags, ..., notes): there "title" is the job title
GENERIC: dict[str, tuple[str, ...]] = {
    "full": ("name", "full name", "display name"),
    "prefix": ("anrede", "name prefix", "prefix"),
    "title": ("job title", "position", "title"),
    "org": ("company", "firma", "organization"),
    "location": ("location",),
    "tags": ("categories", "kategorien", "tags", "labels"),
}
PLURALS = ("emails", "phones")  # kith's export: several values in one cell, "; " between
# "E-mail 3 - Value", "Relation 1 - Label": block name, number, part
GOOGLE_BLOCK = re.compile(r"^(e-mail|phone|website|relation|organization|event) (\d{1,4}) - (\w+)$")


def dialect_of(names: frozenset[str]) -> str | None:
    """``google_csv``, ``outlook_csv``, ``thunderbird_csv``, ``contacts_csv`` (a generic
    table with a name and an email column), or None. ``names`` are case-folded."""
    if ("given name" in names and "family name" in names) or (
        "first name" in names and ("labels" in names or "e-mail 1 - label" in names)
    ):
        return "google_csv"
    if "e-mail 1 - value" in names or "e-mail 1 - type" in names:
        return "google_csv"
    if "primary email" in names or ("display name" in names and "secondary email" in names):
        return "thunderbird_csv"
    outlook_marks = {"e-mail address", "e-mail-adresse", "vorname", "nachname", "anrede"}
    if names & outlook_marks:
        return "outlook_csv"
    if "first name" in names and "last name" in names and "job title" in names:
        return "outlook_csv"
    has_name = bool(names & {"name", "full name", "first name", "display name"})
    has_contact = bool(names & {"email", "e-mail", "email address", "phone", "mobile", *PLURALS})
    if has_name and has_contact:
        return "contacts_csv"
    return None


def aliases(dialect: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(single-value aliases, multi-value aliases) for a dialect."""
    if dialect == "thunderbird_csv":
        return THUNDERBIRD, THUNDERBIRD_MULTI
    if dialect == "google_csv":
        return GOOGLE, {}
    if dialect == "outlook_csv":
        return OUTLOOK, OUTLOOK_MULTI
    generic = {**OUTLOOK, **GENERIC}
    multi = {
        "email": (*OUTLOOK_MULTI["email"], "e-mail", "primary email", "emails"),
        "phone": (*OUTLOOK_MULTI["phone"], "phone", "mobile", "phones"),
        "url": ("website", "url", "urls", *OUTLOOK_MULTI["url"]),
    }
    return generic, multi
