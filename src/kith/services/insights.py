"""Insight use cases: load the network once, run the pure core, shape JSON-ready results.

The network and what is computed from it are cached per owner, data revision and as-of date
(``kith.services.insight_cache``), so the dashboard, the plan and the Ten-People Test share
one tie-strength pass and a repeated page load is warm.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from kith.core import brokers as brokers_core
from kith.core import cadence, netmap, readiness
from kith.core import gaps as gaps_core
from kith.core import groups as groups_core
from kith.core import habits as habits_core
from kith.core import leads as leads_core
from kith.core import plan as plan_core
from kith.core import reconnect as reconnect_core
from kith.errors import UsageError
from kith.schemas.common import plain
from kith.services.context import Ctx
from kith.services.insight_cache import Computed, register_warmer
from kith.services.insight_cache import clear_cache as clear_cache  # re-exported
from kith.services.insight_cache import computed as computed
from kith.services.insight_cache import owner_params as owner_params
from kith.services.insight_cache import params_for as params_for
from kith.services.insight_cache import per_revision as per_revision
from kith.services.insight_cache import set_capacity as set_capacity
from kith.services.insight_cache import stale_seconds as stale_seconds
from kith.services.owners import get_owner

T = TypeVar("T")


def _person_name(c: Computed, person_id: int) -> str:
    person = c.net.people.get(person_id)
    if person is None:
        raise UsageError(
            f"Person {person_id} is not an active contact (archived, merged or yourself)."
        )
    return person.name


# ---- the keep-in-touch coach ----------------------------------------------------------


def people_facets(ctx: Ctx, as_of: date | None = None) -> list[dict[str, Any]]:
    """Circle, band, score, dormant and due for every contact (list filters and badges)."""
    c = computed(ctx, as_of)
    return c.memo(("facets",), lambda: _facets(c, ctx, as_of))


def facets_by_id(ctx: Ctx, as_of: date | None = None) -> dict[int, dict[str, Any]]:
    """``people_facets`` keyed by person id (a page of rows looks its people up here)."""
    c = computed(ctx, as_of)
    return c.memo(
        ("facets_by_id",), lambda: {int(r["person_id"]): r for r in people_facets(ctx, as_of)}
    )


def _facets(c: Computed, ctx: Ctx, as_of: date | None) -> list[dict[str, Any]]:
    """Most pressing first: due people by priority, then everyone else by name."""
    due_items = {item["person_id"]: item for item in due(ctx, as_of)}
    out: list[dict[str, Any]] = []
    for pid, person in c.net.people.items():
        tie = c.ties[pid]
        item = due_items.get(pid)
        out.append(
            {
                "person": person.name,
                "person_id": pid,
                "circle": c.circles.get(pid),
                "band": tie.band,
                "score": round(tie.score, 4),
                "dormant": tie.dormant,
                "due": item is not None,
                "priority": item["priority"] if item else 0.0,
                "why": item["why"] if item else tie.why,
            }
        )
    out.sort(key=lambda r: (not r["due"], -float(r["priority"]), str(r["person"]), r["person_id"]))
    return out


def ties(ctx: Ctx, person_id: int, as_of: date | None = None) -> dict[str, Any]:
    c = computed(ctx, as_of)
    name = _person_name(c, person_id)
    tie = c.ties[person_id]
    rec = c.reciprocity[person_id]
    return {
        "person": name,
        "person_id": person_id,
        "score": round(tie.score, 4),
        "band": tie.band,
        "dormant": tie.dormant,
        "components": {k: round(v, 4) for k, v in tie.components.items()},
        "active": round(tie.active, 4),
        "latent": round(tie.latent, 4),
        "gives": rec.gives,
        "asks": rec.asks,
        "received": rec.received,
        "balance": round(rec.balance, 4),
        "flags": list(rec.flags),
        "evidence": dict(rec.evidence),
        "circle": c.circles.get(person_id),
        "last_meaningful": tie.last_meaningful.isoformat() if tie.last_meaningful else None,
        "why": tie.why,
    }


def due(ctx: Ctx, as_of: date | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    c = computed(ctx, as_of)
    return c.memo(
        ("due", limit),
        lambda: [
            plain(item)
            for item in cadence.due_list(
                c.net,
                c.now,
                c.params.coach,
                ties=c.ties,
                circles=c.circles,
                broker_scores=c.brokers,
                relevance=c.relevance,
                limit=limit,
            )
        ],
    )


def plan(ctx: Ctx, as_of: date | None = None, budget: int | None = None) -> dict[str, Any]:
    c = computed(ctx, as_of)
    chosen = budget if budget is not None else get_owner(ctx).weekly_budget
    if chosen < 1 or chosen > 100:
        raise UsageError(f"Invalid budget {chosen}: use a number from 1 to 100.")
    return c.memo(
        ("plan", chosen),
        lambda: dict(
            plain(
                plan_core.weekly_plan(
                    c.net,
                    c.now,
                    c.params.coach,
                    chosen,
                    ties=c.ties,
                    broker_scores=c.brokers,
                    relevance=c.relevance,
                )
            )
        ),
    )


def habits(ctx: Ctx, as_of: date | None = None) -> dict[str, Any]:
    c = computed(ctx, as_of)
    return c.memo(("habits",), lambda: _habits_dict(c))


def _habits_dict(c: Computed) -> dict[str, Any]:
    result = habits_core.habits(c.net, c.now, c.params.coach, ties=c.ties)
    data = habits_core.habits_to_dict(result)
    dti = data.get("drive_through_index")
    if isinstance(dti, dict):  # the number at the top, its parts and reason beside it
        data["drive_through"] = dti
        data["drive_through_index"] = dti["score"]
    return data


def person_extras(ctx: Ctx, person_id: int, as_of: date | None = None) -> dict[str, Any]:
    """Knowledge gaps and questions for one person (shown by `kith people show`)."""
    c = computed(ctx, as_of)
    if person_id not in c.net.people:
        return {"unknown": [], "questions": []}
    result = gaps_core.knowledge_gaps(c.net, person_id, c.now, c.params.coach)
    data = plain(result)
    return {"unknown": data.get("unknown", []), "questions": data.get("questions", [])}


def gaps(ctx: Ctx, as_of: date | None = None, limit: int | None = 20) -> list[dict[str, Any]]:
    c = computed(ctx, as_of)
    return [plain(g) for g in gaps_core.rank_gaps(c.net, c.now, c.params.coach, limit)]


def groups_suggest(ctx: Ctx, as_of: date | None = None) -> dict[str, Any]:
    c = computed(ctx, as_of)
    return dict(plain(groups_core.suggest_groups(c.net, c.now, c.params.coach)))


# ---- job-search readiness -------------------------------------------------------------


def health(ctx: Ctx, as_of: date | None = None) -> dict[str, Any]:
    c = computed(ctx, as_of)
    return c.memo(
        ("health",),
        lambda: {
            "as_of": c.now.isoformat(),
            **plain(
                readiness.ten_people_test(
                    c.net, c.now, c.params.jobs, c.ties, c.reciprocity, c.brokers, c.lead_index
                )
            ),
        },
    )


def leads(
    ctx: Ctx,
    target: str,
    role: str | None = None,
    ask: str = "advice",
    as_of: date | None = None,
) -> dict[str, Any]:
    if ask not in ("advice", "referral"):
        raise UsageError(f"Unknown value '{ask}' for --ask: choose one of advice, referral.")
    if not target.strip():
        raise UsageError("Name a target organization or industry, e.g. `kith leads acme`.")
    c = computed(ctx, as_of)
    return c.memo(
        ("leads", target, role, ask),
        lambda: dict(
            plain(
                leads_core.find_lead_paths(
                    c.net,
                    target,
                    c.now,
                    c.params.jobs,
                    c.ties,
                    c.reciprocity,
                    role=role,
                    ask=ask,
                    index=c.lead_index,
                )
            )
        ),
    )


def reconnect(ctx: Ctx, as_of: date | None = None, limit: int | None = 20) -> dict[str, Any]:
    c = computed(ctx, as_of)
    return c.memo(
        ("reconnect", limit),
        lambda: dict(
            plain(
                reconnect_core.rank_dormant(
                    c.net, c.now, c.params.jobs, c.ties, c.reciprocity, limit=limit
                )
            )
        ),
    )


def brokers(ctx: Ctx, as_of: date | None = None) -> dict[str, Any]:
    c = computed(ctx, as_of)
    return c.memo(
        ("brokers",),
        lambda: dict(plain(brokers_core.find_brokers(c.net, c.now, c.params.jobs, c.ties))),
    )


def network_map(ctx: Ctx, as_of: date | None = None) -> dict[str, Any]:
    c = computed(ctx, as_of)
    return c.memo(
        ("map",),
        lambda: dict(plain(netmap.network_map(c.net, c.now, c.params.jobs, c.ties, c.brokers))),
    )


def _warm_pages(ctx: Ctx) -> None:
    """What the dashboard and the people list need, computed ahead (background refreshes)."""
    health(ctx)
    plan(ctx)
    habits(ctx)
    people_facets(ctx)


register_warmer(_warm_pages)
