"""The whole log, narrowed: by person, dates (both ends included), how, why and words."""

from __future__ import annotations

from datetime import date

from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import interactions, people
from kith.services.context import Ctx
from kith.services.interactions import TouchFilter, touch_history
from kith.services.owners import ensure_owner


def _log(ctx: Ctx, who: int, summary: str, on: str, **fields: str) -> None:
    interactions.log_interaction(
        ctx,
        InteractionCreate(
            summary=summary, with_people=[str(who)], on=date.fromisoformat(on), **fields
        ),
    )


def _summaries(ctx: Ctx, where: TouchFilter, limit: int = 50, offset: int = 0) -> list[str]:
    return [it.summary for it in touch_history(ctx, where, limit, offset).items]


def _seeded(ctx: Ctx) -> tuple[int, int]:
    ana = people.add_person(ctx, PersonCreate(name="Ana Lima")).id
    ben = people.add_person(ctx, PersonCreate(name="Ben Okafor")).id
    _log(ctx, ana, "Coffee near the office", "2026-01-10", channel="in_person")
    _log(ctx, ben, "Sent a job posting", "2026-02-01", intent="give", note="The 50% remote one")
    _log(ctx, ana, "Asked about Acme", "2026-03-05", intent="ask", channel="call")
    _log(ctx, ben, "COFFEE again", "2026-03-31", channel="in_person")
    return ana, ben


def test_every_touch_newest_first_with_the_count(ctx: Ctx) -> None:
    _seeded(ctx)
    page = touch_history(ctx, TouchFilter(), limit=2, offset=1)
    assert [it.summary for it in page.items] == ["Asked about Acme", "Sent a job posting"]
    assert page.total == 4


def test_each_filter_narrows(ctx: Ctx) -> None:
    ana, _ = _seeded(ctx)
    assert _summaries(ctx, TouchFilter(person_id=ana)) == [
        "Asked about Acme",
        "Coffee near the office",
    ]
    both_ends = TouchFilter(since=date(2026, 2, 1), until=date(2026, 3, 5))
    assert _summaries(ctx, both_ends) == ["Asked about Acme", "Sent a job posting"]
    assert _summaries(ctx, TouchFilter(channel="in_person", text="coffee")) == [
        "COFFEE again",
        "Coffee near the office",
    ]
    assert _summaries(ctx, TouchFilter(intent="ask")) == ["Asked about Acme"]
    assert _summaries(ctx, TouchFilter(text="50%")) == ["Sent a job posting"]  # in the note
    assert _summaries(ctx, TouchFilter(text="5_%")) == []  # % and _ are not wildcards
    assert touch_history(ctx, TouchFilter(text="tea"), limit=10).total == 0


def test_another_owners_touches_are_never_listed(ctx: Ctx) -> None:
    _seeded(ctx)
    bob = Ctx(ctx.session, ensure_owner(ctx.session, ctx.clock, "bob").id, ctx.clock)
    _log(bob, people.add_person(bob, PersonCreate(name="Cy Diaz")).id, "Coffee", "2026-01-10")
    assert _summaries(bob, TouchFilter(text="coffee")) == ["Coffee"]
    assert touch_history(ctx, TouchFilter(), limit=10).total == 4


def test_every_source_the_api_accepts_has_a_name_to_show() -> None:
    from typing import get_args

    from kith.services.interactions import TOUCH_SOURCES, TouchSource

    assert list(get_args(TouchSource)) == list(TOUCH_SOURCES)
