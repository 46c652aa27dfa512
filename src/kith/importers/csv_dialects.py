"""Which address-book CSV a header is, and what each of its columns means.

Columns are mapped by name (case-insensitive) through alias tables, never by position:
Outlook reorders its columns with the UI language, and Google's ``X N - Y`` blocks grow
with the largest count in the export. Outlook's names are known in English, German
(``Vorname``, ``E-Mail-Adresse``) and French (``Prénom``, ``Adresse de messagerie``; its two
``Titre`` columns are the courtesy title, then the job title: ``titre#2``, see
``CsvTable``), whose dates put the day first (``day_first``).
"""

from __future__ import annotations

import re

# canonical field -> header names, per dialect family
OUTLOOK: dict[str, tuple[str, ...]] = {
    "prefix": ("title", "anrede", "titre"),
    "given": ("first name", "vorname", "prénom"),
    "middle": ("middle name", "weitere vornamen", "deuxième prénom"),
    "family": ("last name", "nachname", "nom"),
    "suffix": ("suffix", "suffixe"),
    "full": ("name", "display name", "anzeigename"),
    "nickname": ("nickname", "spitzname", "surnom"),
    "org": ("company", "firma", "société"),
    "department": ("department", "abteilung", "service"),
    "title": ("job title", "position", "titre#2"),
    "birthday": ("birthday", "geburtstag", "anniversaire"),
    "notes": ("notes", "notizen"),
    "tags": ("categories", "kategorien", "catégories"),
    "city": (
        "business city",
        "home city",
        "other city",
        "ort geschäftlich",
        "ort privat",
        "weiterer ort",
        "ort (privat)",
        "ort (geschäftlich)",
        "ville (bureau)",
        "ville (domicile)",
        "ville (autre)",
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
        "pays/région (bureau)",
        "pays/région (domicile)",
        "pays (bureau)",
        "pays (domicile)",
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
        "adresse de messagerie",
        "adresse de messagerie 2",
        "adresse de messagerie 3",
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
        "tél. mobile",
        "téléphone principal",
        "téléphone (bureau)",
        "téléphone (domicile)",
        "téléphone 2 (bureau)",
        "téléphone 2 (domicile)",
        "téléphone (autre)",
        "téléphone société",
        "téléphone (voiture)",
    ),
    "url": ("web page", "webseite", "personal web page", "business web page", "page web"),
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
FRENCH = frozenset({"prénom", "adresse de messagerie", "deuxième prénom"})  # Outlook in French
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
    outlook_marks = {"e-mail address", "e-mail-adresse", "vorname", "nachname", "anrede", *FRENCH}
    if names & outlook_marks:
        return "outlook_csv"
    if "first name" in names and "last name" in names and "job title" in names:
        return "outlook_csv"
    has_name = bool(names & {"name", "full name", "first name", "display name"})
    has_contact = bool(names & {"email", "e-mail", "email address", "phone", "mobile", *PLURALS})
    if has_name and has_contact:
        return "contacts_csv"
    return None


def day_first(names: frozenset[str]) -> bool:
    """Whether the header is Outlook in French, whose dates are day first (``31/12/1980``);
    English Outlook writes ``12/31/1980``."""
    return bool(names & FRENCH)


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
