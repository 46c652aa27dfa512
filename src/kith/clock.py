"""Time is injected: the only place kith asks the system for the current date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime


@dataclass(frozen=True)
class Clock:
    """Gives "now". Tests and ``--as-of`` pass a fixed clock; production uses the system."""

    source: Callable[[], datetime]

    def now(self) -> datetime:
        return self.source()

    def today(self) -> date:
        return self.source().date()


def system_clock() -> Clock:
    return Clock(lambda: datetime.now(UTC))


def fixed_clock(at: date | datetime) -> Clock:
    moment = at if isinstance(at, datetime) else datetime(at.year, at.month, at.day, 12, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Clock(lambda: moment)
