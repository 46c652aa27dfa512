"""Small read-only aggregates the pages need for a page of rows, in one query each.

These are candidates for ``kith.services.interactions``; they live here until that module
grows a batch API, and they only ever read rows of ``ctx.owner_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from kith.models import Interaction, Participant
from kith.services.context import Ctx


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_touches(ctx: Ctx, person_ids: Sequence[int], weeks: int = 12) -> dict[int, list[int]]:
    """Touches per week (oldest first, ending with this week) for each of ``person_ids``."""
    first = monday(ctx.today()) - timedelta(weeks=weeks - 1)
    start = datetime.combine(first, time(0), tzinfo=UTC)
    counts = {pid: [0] * weeks for pid in person_ids}
    if not person_ids:
        return counts
    rows = ctx.session.execute(
        select(Participant.person_id, Interaction.occurred_at)
        .join(Interaction, Interaction.id == Participant.interaction_id)
        .where(
            Participant.owner_id == ctx.owner_id,
            Participant.person_id.in_(list(person_ids)),
            Interaction.occurred_at >= start,
        )
    )
    for pid, when in rows:
        index = (when.date() - first).days // 7
        if 0 <= index < weeks:
            counts[pid][index] += 1
    return counts
