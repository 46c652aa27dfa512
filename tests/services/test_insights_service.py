"""The insight service: owner settings reach the core, facets, caching by data revision."""

from __future__ import annotations

from datetime import date

import pytest

from kith.errors import ConflictError
from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import groups, insights, interactions, people
from kith.services.context import Ctx
from kith.services.owners import get_owner


def _one_contact(ctx: Ctx, months: tuple[int, ...] = (3, 5, 7, 9)) -> int:
    ana = people.add_person(ctx, PersonCreate(name="Ana Lima", met_on=date(2020, 1, 1)))
    for month in months:
        interactions.log_interaction(
            ctx,
            InteractionCreate(
                summary="Call", with_people=[str(ana.id)], channel="call", on=date(2026, month, 1)
            ),
        )
    return ana.id


def test_owner_cadence_setting_changes_who_is_due(ctx: Ctx) -> None:
    pid = _one_contact(ctx, months=(9, 10))  # fewer than 4: the circle's cadence applies
    interactions.log_interaction(
        ctx,
        InteractionCreate(
            summary="Call", with_people=[str(pid)], channel="call", on=date(2026, 11, 22)
        ),
    )
    circle = insights.ties(ctx, pid)["circle"]
    before = [i["person_id"] for i in insights.due(ctx)]
    owner = get_owner(ctx)
    owner.settings = {"cadence_days": {circle: 3}}
    ctx.session.flush()
    after = insights.due(ctx)
    assert pid not in before
    assert [i["person_id"] for i in after] == [pid]
    assert after[0]["cadence_days"] == 3


def test_people_facets_cover_every_contact(ctx: Ctx) -> None:
    pid = _one_contact(ctx)
    people.add_person(ctx, PersonCreate(name="Ben Okafor"))
    facets = insights.people_facets(ctx)
    assert sorted(f["person"] for f in facets) == ["Ana Lima", "Ben Okafor"]
    assert all(f["why"] for f in facets)
    ana = next(f for f in facets if f["person"] == "Ana Lima")
    assert ana["person_id"] == pid
    assert ana["band"] in ("strong", "medium", "weak", "nominal")
    assert 0 <= ana["score"] <= 1


def test_results_are_recomputed_after_a_write(ctx: Ctx) -> None:
    pid = _one_contact(ctx)
    first = insights.ties(ctx, pid)["last_meaningful"]
    interactions.log_interaction(
        ctx,
        InteractionCreate(
            summary="Lunch", with_people=[str(pid)], channel="in_person", on=date(2026, 11, 20)
        ),
    )
    assert first == "2026-09-01"
    assert insights.ties(ctx, pid)["last_meaningful"] == "2026-11-20"


def test_group_names_are_unique_in_any_script(ctx: Ctx) -> None:
    groups.add_group(ctx, "Öko Stammtisch")
    with pytest.raises(ConflictError):
        groups.add_group(ctx, "öko stammtisch")
