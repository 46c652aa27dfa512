"""The Import page's options, as `kith import` has them: only what happened since a date,
keep the text of messages, and how many recipients make a mail a list. Sent with the
upload, checked, then carried through the dry-run report to the confirmation."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from kith.errors import UsageError

MAX_RECIPIENTS = 20  # the CLI's default
RECIPIENTS_RANGE = (1, 1000)


class ImportChoices(BaseModel):
    kind: str = "auto"
    since: str = ""
    keep_content: bool = False
    max_recipients: str = str(MAX_RECIPIENTS)

    def errors(self) -> dict[str, str]:
        """What is wrong with these choices, by field (empty: nothing)."""
        found: dict[str, str] = {}
        try:
            self.since_date()
        except UsageError as exc:
            found["since"] = str(exc)
        try:
            self.max_recipients_number()
        except UsageError as exc:
            found["max_recipients"] = str(exc)
        return found

    def since_date(self) -> date | None:
        text = self.since.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"'{text}' is not a day: use YYYY-MM-DD, e.g. 2024-03-15.") from None

    def max_recipients_number(self) -> int:
        low, high = RECIPIENTS_RANGE
        text = self.max_recipients.strip() or str(MAX_RECIPIENTS)
        if not text.isdigit() or not low <= int(text) <= high:
            raise UsageError(f"Give a number of recipients from {low} to {high}.")
        return int(text)

    def changed(self) -> bool:
        """Whether any option differs from its default (the report says which)."""
        return bool(
            self.since.strip()
            or self.keep_content
            or self.max_recipients.strip() not in ("", str(MAX_RECIPIENTS))
        )
