"""What every service call needs: the session, whose data it is, and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from kith.clock import Clock


@dataclass(frozen=True)
class Ctx:
    session: Session
    owner_id: int
    clock: Clock
    # web pages may be served the previous revision's insights while new ones are computed
    allow_stale: bool = False

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()
