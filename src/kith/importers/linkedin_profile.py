"""The user's own LinkedIn files: Profile, Positions, Email Addresses, PhoneNumbers.

Also the single place that knows who "me" is: ``MeBuilder`` starts from what the user
told us (``my_linkedin_url``, ``my_name``), adds the Profile name, and lets the message
parser record the profile URL it inferred (see ``linkedin_messages``).
"""

from __future__ import annotations

from typing import Protocol

from kith.importers.base import Birthday, ImportOptions, PositionRecord, ProfileRecord
from kith.importers.textio import CsvTable, cell
from kith.importers.values import (
    clean,
    collapse_phone,
    join_name,
    normalize_email,
    normalize_linkedin_url,
    parse_birthday,
    parse_partial_date,
    unique,
)


class TableSource(Protocol):
    def get(self, key: str) -> CsvTable | None: ...


def _bracketed(text: str) -> list[str]:
    """``[PORTFOLIO:https://a,COMPANY:https://b]`` -> the values, labels dropped."""
    inner = text.strip().removeprefix("[").removesuffix("]")
    values = []
    for part in inner.split(","):
        part = part.strip()
        label, _, rest = part.partition(":")
        if rest and label.isupper() and not rest.startswith("//"):
            part = rest.strip()
        if part:
            values.append(part)
    return values


class MeBuilder:
    def __init__(self, options: ImportOptions) -> None:
        self.linkedin_url = normalize_linkedin_url(options.my_linkedin_url)
        self.url_given = self.linkedin_url is not None
        self.names: set[str] = set()
        if options.my_name and options.my_name.strip():
            self.names.add(" ".join(options.my_name.split()).casefold())
        self.first: str | None = None
        self.last: str | None = None
        self.headline: str | None = None
        self.industry: str | None = None
        self.location: str | None = None
        self.birthday: Birthday | None = None
        self.emails: list[str] = []
        self.phones: list[str] = []
        self.urls: list[str] = []
        self.positions: list[PositionRecord] = []

    def read(self, tables: TableSource) -> None:
        if (table := tables.get("profile.csv")) is not None:
            self._profile(table)
        if (table := tables.get("positions.csv")) is not None:
            self._positions(table)
        if (table := tables.get("emailaddresses.csv")) is not None:
            self._emails(table)
        if (table := tables.get("phonenumbers.csv")) is not None:
            self._phones(table)

    def _profile(self, table: CsvTable) -> None:
        for _line, row in table.rows([]):
            self.first = clean(cell(row, table.col("First Name")))
            self.last = clean(cell(row, table.col("Last Name")))
            if self.first or self.last:
                self.names.add(join_name(self.first, self.last).casefold())
            self.headline = clean(cell(row, table.col("Headline")))
            self.industry = clean(cell(row, table.col("Industry")))
            self.location = clean(cell(row, table.col("Geo Location"))) or clean(
                cell(row, table.col("Country"))
            )
            self.birthday = parse_birthday(cell(row, table.col("Birth Date")))
            self.urls += _bracketed(cell(row, table.col("Websites")))
            handles = _bracketed(cell(row, table.col("Twitter Handles")))
            self.urls += [f"https://twitter.com/{h.lstrip('@')}" for h in handles]
            break  # one profile

    def _positions(self, table: CsvTable) -> None:
        for _line, row in table.rows([]):
            org = clean(cell(row, table.col("Company Name")))
            if not org:
                continue
            self.positions.append(
                PositionRecord(
                    org=org,
                    title=clean(cell(row, table.col("Title"))),
                    started_on=parse_partial_date(cell(row, table.col("Started On"))),
                    ended_on=parse_partial_date(cell(row, table.col("Finished On"))),
                    location=clean(cell(row, table.col("Location"))),
                )
            )

    def _emails(self, table: CsvTable) -> None:
        found: list[tuple[bool, str]] = []
        for _line, row in table.rows([]):
            email = normalize_email(cell(row, table.col("Email Address")))
            if email:
                primary = cell(row, table.col("Primary")).lower() == "yes"
                found.append((not primary, email))
        self.emails = list(unique([e for _, e in sorted(found, key=lambda f: f[0])]))

    def _phones(self, table: CsvTable) -> None:
        for _line, row in table.rows([]):
            phone = collapse_phone(cell(row, table.col("Number")))
            if phone:
                self.phones.append(phone)

    def is_empty(self) -> bool:
        return not (self.first or self.last or self.linkedin_url or self.emails or self.positions)

    def build(self) -> ProfileRecord | None:
        if self.is_empty():
            return None
        return ProfileRecord(
            name=join_name(self.first, self.last) or None,
            given_name=self.first,
            family_name=self.last,
            headline=self.headline,
            industry=self.industry,
            location=self.location,
            birthday=self.birthday,
            emails=tuple(self.emails),
            phones=unique(self.phones),
            urls=unique(self.urls),
            linkedin_url=self.linkedin_url,
            positions=tuple(self.positions),
        )
