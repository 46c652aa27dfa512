"""Insight use cases: load the network once, run the pure core, shape JSON-ready results.

Everything computed for one owner, data revision and as-of date is kept in a small cache
(``_Computed``), so the dashboard, the plan and the Ten-People Test share one tie-strength
pass and a repeated page load is warm. Any write bumps the data revision (see
``kith.db.engine.bump_data_revision``), which retires the cached entry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from kith.core import brokers as brokers_core
from kith.core import cadence, netmap, readiness
from kith.core import gaps as gaps_core
from kith.core import groups as groups_core
from kith.core import habits as habits_core
from kith.core import leads as leads_core
from kith.core import plan as plan_core
from kith.core import reciprocity as reciprocity_core
from kith.core import reconnect as reconnect_core
from kith.core import ties as ties_core
from kith.core.colleagues import infer_colleague_links
from kith.core.lead_index import LeadIndex
from kith.core.params import DEFAULT_PARAMS, Params
from kith.core.relevance import active_job_goals, job_targets, relevance
from kith.core.types import Network, Reciprocity, TieStrength
from kith.errors import UsageError
from kith.schemas.common import plain
from kith.services.context import Ctx
from kith.services.owners import get_owner
from kith.services.snapshot import OwnerState, load_network, owner_state

CACHE_SIZE = 4
VIEWS_KEPT = 500  # per cached computation: pages of one data revision (see ``per_revision``)
T = TypeVar("T")


class _Computed:
    """One owner's network as of one date, with each insight computed at most once."""

    def __init__(self, net: Network, now: date, params: Params) -> None:
        inferred = infer_colleague_links(net, now, params.jobs)
        self.net = replace(net, links=net.links + inferred) if inferred else net
        self.now = now
        self.params = params
        self.lock = threading.RLock()
        self.results: dict[tuple[Any, ...], Any] = {}
        self.views: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def recent(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Like ``memo``, keeping only the ``VIEWS_KEPT`` most recently used results.

        Computed outside the lock, so one slow result does not hold up the others."""
        with self.lock:
            if key in self.views:
                self.views.move_to_end(key)
                hit: T = self.views[key]
                return hit
        value = compute()
        with self.lock:
            self.views[key] = value
            while len(self.views) > VIEWS_KEPT:
                self.views.popitem(last=False)
        return value

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """A finished result, computed once per key (results are treated as read-only)."""
        with self.lock:
            if key not in self.results:
                self.results[key] = compute()
            found: T = self.results[key]
            return found

    @cached_property
    def ties(self) -> dict[int, TieStrength]:
        return ties_core.all_tie_strengths(self.net, self.now, self.params.coach)

    @cached_property
    def circles(self) -> dict[int, str]:
        return cadence.assign_circles(self.net, self.now, self.params.coach, self.ties)

    @cached_property
    def reciprocity(self) -> dict[int, Reciprocity]:
        return reciprocity_core.all_reciprocity(
            self.net, self.now, self.params.coach, circles=self.circles
        )

    @cached_property
    def brokers(self) -> dict[int, float]:
        return brokers_core.broker_scores(self.net, self.now, self.params.jobs)

    @cached_property
    def lead_index(self) -> LeadIndex:
        return LeadIndex.for_network(self.net)

    @cached_property
    def relevance(self) -> dict[int, float]:
        """Relevance to an active job search (empty when none: no cadence modifier)."""
        if not active_job_goals(self.net, self.now):
            return {}
        targets = job_targets(self.net, self.now, self.params.jobs)
        return {
            pid: max(relevance(p, t, self.now, self.params.jobs).score for t in targets)
            for pid, p in self.net.people.items()
        }


_CACHE: OrderedDict[tuple[Any, ...], _Computed] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def owner_params(ctx: Ctx) -> Params:
    """The defaults, with the owner's own settings applied (cadence per circle)."""
    return params_for(get_owner(ctx).settings or {})


def params_for(settings: dict[str, Any]) -> Params:
    """The defaults with these owner settings applied (one shared object per choice)."""
    chosen = settings.get("cadence_days")
    if not isinstance(chosen, dict) or not chosen:
        return DEFAULT_PARAMS
    cadences = dict(DEFAULT_PARAMS.coach.cadence_days)
    for circle, days in chosen.items():
        if circle in cadences and isinstance(days, int) and 1 <= days <= 3650:
            cadences[circle] = days
    key = tuple(sorted(cadences.items()))
    found = _PARAMS.get(key)
    if found is None:
        coach = replace(DEFAULT_PARAMS.coach, cadence_days=cadences)
        found = _PARAMS[key] = replace(DEFAULT_PARAMS, coach=coach)
    return found


_PARAMS: dict[tuple[tuple[str, int], ...], Params] = {}


def computed(ctx: Ctx, as_of: date | None = None, params: Params | None = None) -> _Computed:
    """The cached computation for this owner, data revision and date (loaded when missing)."""
    now = as_of or ctx.today()
    return _computed(ctx, owner_state(ctx), now, params)


def _computed(ctx: Ctx, state: OwnerState, now: date, params: Params | None) -> _Computed:
    params = params or params_for(state.settings)
    key = (str(ctx.session.get_bind().engine.url), ctx.owner_id, state.version, now, id(params))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    result = _Computed(load_network(ctx), now, params)
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def per_revision(ctx: Ctx, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, reused until this owner's data, settings or budget change.

    For read-only results assembled from the owner's data (a page's view). Only the most
    recently used few hundred are kept per data revision; any write retires them all."""
    state = owner_state(ctx)
    c = _computed(ctx, state, ctx.today(), None)
    return c.recent((state.weekly_budget, *key), compute)


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def _person_name(c: _Computed, person_id: int) -> str:
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


def _facets(c: _Computed, ctx: Ctx, as_of: date | None) -> list[dict[str, Any]]:
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


def _habits_dict(c: _Computed) -> dict[str, Any]:
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
