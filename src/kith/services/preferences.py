"""The owner's preferences: the weekly budget, their own email addresses, and how often
each circle is due by default. Read and changed here for the web Settings page and for
``kith config preferences|set``, with the same checks and the same error messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kith.core.coach_common import CIRCLE_LABELS
from kith.core.params import DEFAULT_PARAMS
from kith.db.engine import bump_data_revision
from kith.errors import UsageError
from kith.services.contacts import normalize_email
from kith.services.context import Ctx
from kith.services.owners import get_owner

BUDGET_RANGE = (1, 100)
CADENCE_RANGE = (1, 3650)
# the circles with a default cadence, named as everywhere else, with their Dunbar size
CIRCLES: dict[str, str] = {
    c: f"{CIRCLE_LABELS[c].capitalize()} ({c[1:]})" for c in DEFAULT_PARAMS.coach.cadence_days
}


@dataclass(frozen=True)
class Preferences:
    weekly_budget: int
    my_emails: tuple[str, ...]
    cadence_days: dict[str, int]  # every circle, your choice or the default

    def as_dict(self) -> dict[str, object]:
        return {
            "weekly_budget": self.weekly_budget,
            "my_emails": list(self.my_emails),
            "cadence_days": dict(self.cadence_days),
        }


def preferences(ctx: Ctx) -> Preferences:
    owner = get_owner(ctx)
    chosen = (owner.settings or {}).get("cadence_days") or {}
    defaults = DEFAULT_PARAMS.coach.cadence_days
    return Preferences(
        weekly_budget=owner.weekly_budget,
        my_emails=tuple(owner.my_emails or ()),
        cadence_days={c: int(chosen.get(c, defaults[c])) for c in CIRCLES},
    )


def update_preferences(
    ctx: Ctx,
    *,
    weekly_budget: int | None = None,
    my_emails: Sequence[str] | None = None,
    cadence_days: Mapping[str, int] | None = None,
) -> Preferences:
    """Change what is given (None: leave as it is). Everything is checked before anything
    is changed; cached insights are recomputed afterwards."""
    emails = check_emails(my_emails) if my_emails is not None else None
    cadences = _cadences(cadence_days) if cadence_days is not None else None
    if weekly_budget is not None:
        _in_range(weekly_budget, BUDGET_RANGE, f"A weekly budget of {weekly_budget} touches")
    owner = get_owner(ctx)
    if weekly_budget is not None:
        owner.weekly_budget = weekly_budget
    if emails is not None:
        owner.my_emails = emails
        _suggest_you(ctx)
    if cadences is not None:
        chosen = dict((owner.settings or {}).get("cadence_days") or {})
        owner.settings = {**(owner.settings or {}), "cadence_days": chosen | cadences}
    bump_data_revision(ctx.session, {ctx.owner_id})  # cached insights must see the change
    ctx.session.flush()
    return preferences(ctx)


def _suggest_you(ctx: Ctx) -> None:
    """Anyone who has one of your addresses now is offered to merge into you."""
    from kith.services.matching import suggest_you  # rapidfuzz: not at every command's start

    suggest_you(ctx)


def check_emails(values: Sequence[str]) -> list[str]:
    """Your own addresses, lower-cased and without repeats; a UsageError naming the first
    that is not an email address."""
    out: list[str] = []
    for value in values:
        email = normalize_email(value, "your own addresses")
        if email not in out:
            out.append(email)
    return out


def _cadences(values: Mapping[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for circle, days in values.items():
        name = circle.strip().upper()
        if name not in CIRCLES:
            raise UsageError(
                f"There is no circle “{circle}”.", hint=f"Use one of {', '.join(CIRCLES)}."
            )
        _in_range(days, CADENCE_RANGE, f"Due every {days} days ({name})")
        out[name] = days
    return out


def _in_range(value: int, bounds: tuple[int, int], what: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise UsageError(f"{what} is out of range.", hint=f"Use {low} to {high}.")
