"""The Import page's options, as `kith import` has them: only what happened since a day,
keep the text of messages, and how many recipients make a mail a list. Sent with the
upload, checked like every form field (``kith.web.forms``), then carried through the
dry-run report to the confirmation."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from kith.errors import UsageError
from kith.web.forms import parse_day, parse_int

MAX_RECIPIENTS = 20  # the CLI's default
RECIPIENTS_RANGE = (1, 1000)


class ImportChoices(BaseModel):
    kind: str = "auto"
    since: str = ""
    keep_content: bool = False
    max_recipients: str = str(MAX_RECIPIENTS)

    def parsed(self) -> tuple[date | None, int, dict[str, str]]:
        """(since, most recipients, what is wrong by field: empty when nothing is)."""
        errors: dict[str, str] = {}
        since = parse_day(self.since, "since", errors)
        most = parse_int(self.max_recipients, "max_recipients", *RECIPIENTS_RANGE, errors)
        return since, MAX_RECIPIENTS if most is None else most, errors

    def checked(self) -> tuple[date | None, int]:
        """(since, most recipients), or a UsageError naming the first wrong field."""
        since, most, errors = self.parsed()
        if errors:
            raise UsageError(next(iter(errors.values())))
        return since, most

    def changed(self) -> bool:
        """Whether any option differs from its default (the report says which)."""
        return bool(
            self.since.strip()
            or self.keep_content
            or self.max_recipients.strip() not in ("", str(MAX_RECIPIENTS))
        )
