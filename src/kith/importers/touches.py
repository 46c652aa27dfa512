"""Messages in one conversation on one day are one touch.

A chat of twenty lines with someone is one conversation, not twenty: tie strength counts
conversations and weighs each by its channel ("you've had 3 real conversations lately"),
and mutuality counts who reaches out, which a reply does not. So an import folds the
messages (or mails) of one conversation on one day (UTC, like every date kith keeps)
into one interaction: dated at the first message, started by whoever wrote it, with
everyone who wrote or was written to that day, and the id of that first message (an
import of an earlier kith, which kept one interaction per message, is then recognized and
not imported again). A reply on a later day is a new touch.
"""

from __future__ import annotations

from collections.abc import Hashable

from kith.importers.base import InteractionRecord, each_person_once
from kith.importers.collect import Collector


class SameDay:
    """Folds the records handed to ``add`` into ``out.interactions``, one per conversation
    and day, as they arrive (files list messages oldest or newest first)."""

    def __init__(self, out: Collector, default_summary: str) -> None:
        self.kept = out.interactions
        self.default_summary = default_summary
        self.heads: dict[tuple[Hashable, int], int] = {}  # (conversation, day) -> index
        self.messages = 0

    def add(self, record: InteractionRecord, conversation: Hashable) -> None:
        self.messages += 1
        key = (conversation, record.occurred_at.toordinal())
        at = self.heads.get(key)
        if at is None:
            self.heads[key] = len(self.kept)
            self.kept.append(record)
        else:
            self.kept[at] = self._joined(self.kept[at], record)

    def _joined(self, a: InteractionRecord, b: InteractionRecord) -> InteractionRecord:
        first, later = (a, b) if a.occurred_at <= b.occurred_at else (b, a)
        summary = first.summary
        if summary == self.default_summary:
            summary = later.summary
        content = first.content
        if later.content:
            content = f"{content}\n\n{later.content}" if content else later.content
        people = each_person_once(first.participants + later.participants)
        return first._replace(participants=people, summary=summary, content=content)

    def note(self, out: Collector, what: str, rule: str) -> None:
        """Say in the report how many ``what`` became how many touches, when any folded."""
        touches = len(self.heads)
        if touches < self.messages:
            made = "1 interaction" if touches == 1 else f"{touches:,} interactions"
            out.warn(
                f"{self.messages:,} {what} became {made}: {rule} are one touch, started by "
                "whoever wrote first."
            )
