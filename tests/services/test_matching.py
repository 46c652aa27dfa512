"""Merge suggestions after an import: fuzzy names, a lower bar at the same organization."""

from __future__ import annotations

from sqlalchemy import func, select

from kith.models import MergeCandidate
from kith.schemas.people import PersonCreate
from kith.services import matching, people
from kith.services.context import Ctx


def _add(ctx: Ctx, name: str, org: str | None = None) -> int:
    return people.add_person(ctx, PersonCreate(name=name, org=org)).id


def test_similar_names_at_the_same_organization_are_suggested_below_the_name_bar(
    ctx: Ctx,
) -> None:
    chris = _add(ctx, "Chris Park", "Acme Corp")
    christina = _add(ctx, "Christina Park", "ACME Corporation")
    assert matching.suggest_merges(ctx, [christina]) == 1
    [suggestion] = matching.list_candidates(ctx)
    assert (suggestion["person_id"], suggestion["other_id"]) == (chris, christina)
    assert suggestion["reason"] == "similar names (83%) at the same organization"


def test_the_same_names_at_different_organizations_are_not_suggested(ctx: Ctx) -> None:
    _add(ctx, "Chris Park", "Acme Corp")
    christina = _add(ctx, "Christina Park", "Globex")
    assert matching.suggest_merges(ctx, [christina]) == 0
    assert matching.list_candidates(ctx) == []


def test_a_suggestion_is_made_once(ctx: Ctx) -> None:
    _add(ctx, "Kate Smith")
    katie = _add(ctx, "Katie Smith")
    assert matching.suggest_merges(ctx, [katie]) == 1
    assert matching.suggest_merges(ctx, [katie]) == 0
    assert ctx.session.scalar(select(func.count()).select_from(MergeCandidate)) == 1


def test_people_alone_under_their_family_name_get_no_suggestion(ctx: Ctx) -> None:
    fresh = [_add(ctx, name, "Acme") for name in ("Ana Lima", "Ben Okafor", "Chen Wei")]
    assert matching.suggest_merges(ctx, fresh) == 0
    assert ctx.session.scalar(select(func.count()).select_from(MergeCandidate)) == 0


def test_a_name_many_people_share_suggests_no_one(ctx: Ctx) -> None:
    """Ten "Wei Zhang"s may hold duplicates; eleven "Support Team"s are a role's name (and
    every pair among 3,000 of them took 90 s and half a million suggestions)."""
    weis = [_add(ctx, "Wei Zhang") for _ in range(matching.MAX_SAME_NAME)]
    teams = [_add(ctx, "Support Team") for _ in range(matching.MAX_SAME_NAME + 1)]
    assert matching.suggest_merges(ctx, teams) == 0
    assert matching.suggest_merges(ctx, weis) == len(weis) * (len(weis) - 1) // 2
