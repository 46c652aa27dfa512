"""Groups: where to show up again, and whom to meet there.

Two suggestions: groups that match the user's interests (``me.tags``) but where the user has
gone quiet, and active contributors in the user's groups whom the user has never contacted
("observe those who contribute, and reach out").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kith.core.coach_common import contactable, log_until, span
from kith.core.params.coach import CoachParams
from kith.core.types import GroupFact, Network


@dataclass(frozen=True, slots=True)
class GroupSuggestion:
    """A group worth (re)visiting."""

    group_id: int
    name: str
    kind: str  # rejoin: a member who went quiet | explore: not a member yet
    shared_interests: tuple[str, ...]  # sorted, lowercase
    last_activity: date | None  # the user's last activity there
    days_since: int | None  # days since that activity (None: never active)
    score: float  # [0, 1]: interest overlap (Jaccard) times how cold it is
    why: str


@dataclass(frozen=True, slots=True)
class ContributorSuggestion:
    """An active contributor in one of the user's groups whom the user has never contacted."""

    person_id: int
    person: str
    group_id: int
    group: str
    activities: int  # contributions in the last group_active_days
    last_on: date
    why: str


@dataclass(frozen=True, slots=True)
class GroupSuggestions:
    groups: tuple[GroupSuggestion, ...]
    contributors: tuple[ContributorSuggestion, ...]


def suggest_groups(net: Network, now: date, params: CoachParams) -> GroupSuggestions:
    """Groups going cold that match the user's interests, and contributors worth meeting."""
    mine = {t.lower() for t in net.me.tags}
    found = [s for g in net.groups if (s := _group(g, mine, net.me.id, now, params)) is not None]
    found.sort(key=lambda s: (-s.score, s.name, s.group_id))
    return GroupSuggestions(tuple(found), tuple(active_contributors(net, now, params)))


def my_last_activity(group: GroupFact, me_id: int, now: date) -> date | None:
    days = [a.on for a in group.activities if a.person_id == me_id and a.on <= now]
    return max(days, default=None)


def _group(
    group: GroupFact, mine: set[str], me_id: int, now: date, params: CoachParams
) -> GroupSuggestion | None:
    interests = {t.lower() for t in group.interests}
    shared = tuple(sorted(mine & interests))
    if not shared:
        return None
    jaccard = len(shared) / len(mine | interests)
    shared_text = ", ".join(shared)
    if group.my_role is None:
        why = (
            f"{group.name} matches your interests ({shared_text}): observe who contributes "
            "for a few weeks, then join in."
        )
        return GroupSuggestion(
            group.id, group.name, "explore", shared, None, None, 0.5 * jaccard, why
        )
    last = my_last_activity(group, me_id, now)
    since = last or group.joined_on
    days = (now - since).days if since is not None else None
    if days is not None and days < params.group_cold_days:
        return None
    coldness = 1.0 if days is None else min(1.0, days / 365)
    quiet = (
        "you haven't been active there yet"
        if last is None
        else f"you haven't been active there for {span(days or 0)}"
    )
    why = (
        f"You share interests ({shared_text}) with {group.name}, but {quiet}: show up at the "
        "next event or answer a question."
    )
    return GroupSuggestion(
        group.id,
        group.name,
        "rejoin",
        shared,
        last,
        (now - last).days if last else None,
        jaccard * (0.5 + 0.5 * coldness),
        why,
    )


def active_contributors(
    net: Network, now: date, params: CoachParams
) -> list[ContributorSuggestion]:
    """People active in the user's groups lately whom the user has never contacted.

    A person active in several groups is listed once, with the group where they did most.
    """
    since = now - timedelta(days=params.group_active_days)
    best: dict[int, ContributorSuggestion] = {}
    for group in sorted(net.groups, key=lambda g: (g.name, g.id)):
        if group.my_role is None:
            continue
        counts: dict[int, list[date]] = {}
        for a in group.activities:
            if since <= a.on <= now and a.person_id != net.me.id:
                counts.setdefault(a.person_id, []).append(a.on)
        for pid, days in counts.items():
            person = net.people.get(pid)
            if person is None or not contactable(person) or log_until(net, pid, now):
                continue
            found = ContributorSuggestion(
                pid,
                person.name,
                group.id,
                group.name,
                len(days),
                max(days),
                f"{person.name} contributed {len(days)} times in {group.name} in the last "
                f"{span(params.group_active_days)} and you've never been in touch: observe what "
                "they contribute, then reach out.",
            )
            if pid not in best or found.activities > best[pid].activities:
                best[pid] = found
    return sorted(best.values(), key=lambda c: (-c.activities, c.person, c.person_id))
