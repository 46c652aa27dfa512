"""The cache behind every insight: one computation per owner, data revision and date.

Everything computed for one owner, data revision and as-of date is kept in a ``Computed``,
so the dashboard, the plan and the Ten-People Test share one tie-strength pass and a repeated
page load is warm. Any write bumps the data revision (``kith.db.engine.bump_data_revision``),
which retires the cached entry.

Stale while refreshing: when the previous computation for this owner and date took longer
than ``STALE_AFTER_SECONDS`` (a network of tens of thousands of people), web pages
(``Ctx.allow_stale``) are served from it while a background thread computes the new revision;
``stale_seconds()`` tells the page to say so. The CLI and the API always compute afresh.
After an import in the web UI, ``warm_up`` starts that work at once on a background thread;
a request that needs the same computation meanwhile waits for it instead of doing it twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.core import brokers as brokers_core
from kith.core import cadence
from kith.core import reciprocity as reciprocity_core
from kith.core import ties as ties_core
from kith.core.colleagues import infer_colleague_links
from kith.core.lead_index import LeadIndex
from kith.core.params import DEFAULT_PARAMS, Params
from kith.core.relevance import active_job_goals, job_targets, relevance
from kith.core.types import Network, Reciprocity, TieStrength
from kith.gcpause import paused_gc
from kith.services.context import Ctx
from kith.services.owners import get_owner
from kith.services.snapshot import OwnerState, load_network, owner_state

CACHE_SIZE = 16  # owners (and as-of dates) whose latest computation is kept; see set_capacity
VIEWS_KEPT = 500  # per cached computation: pages of one data revision (see ``per_revision``)
STALE_AFTER_SECONDS = 2.0  # a computation slower than this is refreshed in the background
WAIT_FOR_REFRESH_SECONDS = 300.0  # a request waits at most this long for the same work
T = TypeVar("T")
log = logging.getLogger(__name__)


class Computed:
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


@dataclass(frozen=True)
class _Latest:
    version: str
    result: Computed
    seconds: float  # how long it took to build (load the network, infer colleagues)
    refresh_seconds: float | None = None  # a background refresh with its warm-up, when known


# database, owner, the owner's instance token, as-of date, params: the token keeps an
# account made after a removed one apart even when SQLite gives it the same id, so the
# results shown "while refreshing" are never another account's
Base = tuple[str, int, str, date, int]
_CACHE: OrderedDict[tuple[Base, str], Computed] = OrderedDict()
_LATEST: OrderedDict[Base, _Latest] = OrderedDict()
_REFRESHING: dict[Base, threading.Thread] = {}
_CACHE_LOCK = threading.Lock()
_CAPACITY = [CACHE_SIZE]
_STALE: ContextVar[float | None] = ContextVar("kith_stale_seconds", default=None)
_PINNED: ContextVar[Computed | None] = ContextVar("kith_pinned_computation", default=None)
_WARMERS: list[Callable[[Ctx], object]] = []


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


def computed(ctx: Ctx, as_of: date | None = None, params: Params | None = None) -> Computed:
    """The cached computation for this owner, data revision and date (loaded when missing)."""
    now = as_of or ctx.today()
    return _computed(ctx, owner_state(ctx), now, params)


def per_revision(ctx: Ctx, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, reused until this owner's data, settings or budget change.

    For read-only results assembled from the owner's data (a page's view). Only the most
    recently used few hundred are kept per data revision; any write retires them all."""
    state = owner_state(ctx)
    c = _computed(ctx, state, ctx.today(), None)
    return c.recent((state.version, state.weekly_budget, *key), compute)


def stale_seconds() -> float | None:
    """None when this request's results are current; else how long the last refresh took
    (0.0 when no refresh has finished yet)."""
    return _STALE.get()


def register_warmer(warm: Callable[[Ctx], object]) -> None:
    """Run ``warm(ctx)`` in each background refresh before its results are published, so
    the first page after the refresh finds them computed (the insight services register
    what the dashboard needs)."""
    if warm not in _WARMERS:
        _WARMERS.append(warm)


def _computed(ctx: Ctx, state: OwnerState, now: date, params: Params | None) -> Computed:
    pinned = _PINNED.get()
    if pinned is not None:  # a background refresh warming the results it is about to publish
        return pinned
    params = params or params_for(state.settings)
    base = _base(ctx, state, now, params)
    with _CACHE_LOCK:
        hit = _CACHE.get((base, state.version))
        if hit is not None:
            _CACHE.move_to_end((base, state.version))
            return hit
        previous = _LATEST.get(base)
        running = _REFRESHING.get(base)
    if ctx.allow_stale and previous is not None and previous.seconds >= STALE_AFTER_SECONDS:
        _refresh_in_background(ctx, base, now, params)
        _STALE.set(previous.refresh_seconds or 0.0)
        return previous.result
    if running is not None:  # the same work under way (after an import): wait, not twice
        running.join(WAIT_FOR_REFRESH_SECONDS)
        with _CACHE_LOCK:
            hit = _CACHE.get((base, state.version))
        if hit is not None:
            return hit
    start = time.perf_counter()
    result = Computed(load_network(ctx), now, params)
    _publish(base, _Latest(state.version, result, time.perf_counter() - start))
    return result


def _base(ctx: Ctx, state: OwnerState, now: date, params: Params) -> Base:
    instance = state.version.rsplit(":", 1)[0]
    return (str(ctx.session.get_bind().engine.url), ctx.owner_id, instance, now, id(params))


def warm_up(factory: sessionmaker[Session], owner_id: int, clock: Clock) -> None:
    """Start working out this owner's insights for today on a background thread, unless
    they are known already: after an import of 30,000 people the first page that needs them
    would otherwise take seconds (it waits for this work instead of doing it again)."""
    with factory() as session:
        ctx = Ctx(session=session, owner_id=owner_id, clock=clock)
        state, now = owner_state(ctx), ctx.today()
        params = params_for(state.settings)
        base = _base(ctx, state, now, params)
        with _CACHE_LOCK:
            if (base, state.version) in _CACHE:
                return
        _refresh_in_background(ctx, base, now, params)


def _publish(base: Base, latest: _Latest) -> None:
    """Keep ``latest`` as this base's computation; an older revision of the same base is
    dropped (no request asks for it again), then the least recently used bases."""
    with _CACHE_LOCK:
        for key in [key for key in _CACHE if key[0] == base]:
            del _CACHE[key]
        _CACHE[(base, latest.version)] = latest.result
        while len(_CACHE) > _CAPACITY[0]:
            _CACHE.popitem(last=False)
        _LATEST[base] = latest
        _LATEST.move_to_end(base)
        while len(_LATEST) > _CAPACITY[0]:
            _LATEST.popitem(last=False)


def set_capacity(bases: int) -> None:
    """How many owners' (and dates') computations are kept at once (``Settings.
    insight_cache_size``): a server with many members active at once needs more, at the
    memory of one computed network each."""
    with _CACHE_LOCK:
        _CAPACITY[0] = max(1, bases)


def _refresh_in_background(ctx: Ctx, base: Base, now: date, params: Params) -> None:
    engine = ctx.session.get_bind().engine
    args = (engine, ctx.owner_id, ctx.clock, base, now, params)
    with _CACHE_LOCK:
        if base in _REFRESHING:
            return
        thread = threading.Thread(
            target=_refresh, args=args, name="kith-insights-refresh", daemon=True
        )
        _REFRESHING[base] = thread
    thread.start()


def _refresh(
    engine: Engine, owner_id: int, clock: Clock, base: Base, now: date, params: Params
) -> None:
    try:
        with Session(engine) as session:
            ctx = Ctx(session=session, owner_id=owner_id, clock=clock)
            start = time.perf_counter()
            version = owner_state(ctx).version
            result = Computed(load_network(ctx), now, params)
            built = time.perf_counter() - start
            pinned = _PINNED.set(result)
            try:
                with paused_gc():  # new acyclic results next to a large cached network
                    for warm in _WARMERS:
                        warm(ctx)
            finally:
                _PINNED.reset(pinned)
            _publish(base, _Latest(version, result, built, time.perf_counter() - start))
    except Exception as exc:  # the next request computes in the foreground and reports it
        # the type only: a traceback's values could carry people's data
        log.error("Refreshing insights in the background failed: %s", type(exc).__name__)
        with _CACHE_LOCK:
            _LATEST.pop(base, None)
    finally:
        with _CACHE_LOCK:
            _REFRESHING.pop(base, None)


def wait_for_refreshes(timeout: float = 60.0) -> None:
    """Block until background refreshes finish (tests, and a clean shutdown)."""
    with _CACHE_LOCK:
        running = list(_REFRESHING.values())
    for thread in running:
        thread.join(timeout)


def clear_cache() -> None:
    wait_for_refreshes()
    with _CACHE_LOCK:
        _CACHE.clear()
        _LATEST.clear()
