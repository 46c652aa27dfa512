"""The insight cache: one computation per data revision, and stale-while-refreshing pages
for networks whose computation is slow."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.core.types import Network
from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import insight_cache, insights, interactions, people
from kith.services.context import Ctx
from kith.services.owners import ensure_owner


@pytest.fixture
def slow_networks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Treat every computation as slow, so pages are served stale while refreshing."""
    insights.clear_cache()
    monkeypatch.setattr(insight_cache, "STALE_AFTER_SECONDS", 0.0)
    yield
    insights.clear_cache()


def _ada_touched(ctx: Ctx) -> int:
    ada = people.add_person(ctx, PersonCreate(name="Ada Lovelace", circle="close"))
    ctx.session.commit()
    return ada.id


def _touch(ctx: Ctx, pid: int) -> None:
    data = InteractionCreate(summary="Coffee", with_people=[str(pid)], intent="give")
    interactions.log_interaction(ctx, data)
    ctx.session.commit()


def test_the_same_revision_is_computed_once(ctx: Ctx) -> None:
    insights.clear_cache()
    _ada_touched(ctx)
    assert insights.computed(ctx) is insights.computed(ctx)


def test_a_write_retires_the_cached_computation(ctx: Ctx) -> None:
    insights.clear_cache()
    pid = _ada_touched(ctx)
    before = insights.computed(ctx)
    _touch(ctx, pid)
    after = insights.computed(ctx)
    assert after is not before
    assert after.ties[pid].score > before.ties[pid].score


def test_pages_get_the_previous_results_while_a_slow_network_refreshes(
    ctx: Ctx, slow_networks: None
) -> None:
    pid = _ada_touched(ctx)
    page = replace(ctx, allow_stale=True)
    before = insights.computed(page)
    _touch(ctx, pid)

    served, stale = contextvars.copy_context().run(
        lambda: (insights.computed(page), insights.stale_seconds())
    )
    assert served is before
    assert stale is not None and stale >= 0.0

    insight_cache.wait_for_refreshes()
    fresh, stale_after = contextvars.copy_context().run(
        lambda: (insights.computed(page), insights.stale_seconds())
    )
    assert fresh is not before
    assert stale_after is None
    # the refresh computed what the dashboard needs before publishing it
    assert {"ties", "circles", "brokers"} <= set(vars(fresh))
    assert fresh.results
    assert fresh.ties[pid].score > before.ties[pid].score


def test_the_cli_and_api_never_get_stale_results(ctx: Ctx, slow_networks: None) -> None:
    pid = _ada_touched(ctx)
    before = insights.computed(ctx)
    _touch(ctx, pid)
    after = insights.computed(ctx)  # allow_stale is off by default
    assert after is not before
    assert after.ties[pid].score > before.ties[pid].score
    assert insights.stale_seconds() is None


def test_a_quick_network_is_never_served_stale(ctx: Ctx) -> None:
    insights.clear_cache()
    pid = _ada_touched(ctx)
    page = replace(ctx, allow_stale=True)
    before = insights.computed(page)
    _touch(ctx, pid)
    assert insights.computed(page) is not before  # two people compute in far under 2 s


def test_a_failed_refresh_is_logged_without_data_and_the_next_page_computes_afresh(
    ctx: Ctx, slow_networks: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pid = _ada_touched(ctx)
    page = replace(ctx, allow_stale=True)
    before = insights.computed(page)
    _touch(ctx, pid)
    real = insight_cache.load_network

    def fails_in_the_background(c: Ctx) -> Network:
        if threading.current_thread().name == "kith-insights-refresh":
            raise RuntimeError("could not read Ada Lovelace")
        return real(c)

    monkeypatch.setattr(insight_cache, "load_network", fails_in_the_background)
    assert contextvars.copy_context().run(insights.computed, page) is before
    insight_cache.wait_for_refreshes()
    assert "Refreshing insights in the background failed: RuntimeError" in caplog.text
    assert "Ada" not in caplog.text
    fresh = insights.computed(page)  # computed in the foreground now
    assert fresh is not before
    assert fresh.ties[pid].score > before.ties[pid].score


def test_a_newer_revision_replaces_the_older_one_of_the_same_owner(ctx: Ctx) -> None:
    insights.clear_cache()
    pid = _ada_touched(ctx)
    insights.computed(ctx)
    _touch(ctx, pid)
    newest = insights.computed(ctx)
    kept = list(insight_cache._CACHE.values())
    assert kept == [newest]  # the stale computation of this owner is not kept as well


def test_the_cache_keeps_as_many_owners_as_it_is_told(ctx: Ctx) -> None:
    insights.clear_cache()
    _ada_touched(ctx)
    members = [Ctx(ctx.session, ensure_owner(ctx.session, ctx.clock, f"m{n}").id, ctx.clock)
               for n in range(3)]  # fmt: skip
    try:
        insights.set_capacity(2)
        first = insights.computed(members[0])
        insights.computed(members[1])
        assert insights.computed(members[0]) is first  # still kept (and now most recent)
        insights.computed(members[2])  # evicts members[1], the least recently used
        assert insights.computed(members[0]) is first
        assert len(insight_cache._CACHE) == 2
    finally:
        insights.set_capacity(insight_cache.CACHE_SIZE)
        insights.clear_cache()


def test_an_account_with_a_removed_accounts_id_never_sees_its_results(
    ctx: Ctx, slow_networks: None
) -> None:
    """SQLite may give a new account the id of one removed just before; the results
    served while refreshing must not be the removed account's."""
    from kith.services import accounts

    first = accounts.add_account(ctx.session, ctx.clock, "alice", "alice's long password")
    alice = Ctx(ctx.session, first.id, ctx.clock, allow_stale=True)
    people.add_person(alice, PersonCreate(name="Alice's Friend", circle="close"))
    ctx.session.commit()
    seen = insights.computed(alice)
    assert [p.name for p in seen.net.people.values()] == ["Alice's Friend"]
    accounts.remove_account(ctx.session, "alice")
    ctx.session.commit()
    second = accounts.add_account(ctx.session, ctx.clock, "bob", "bob's long password")
    ctx.session.commit()
    bob = Ctx(ctx.session, second.id, ctx.clock, allow_stale=True)
    served = contextvars.copy_context().run(lambda: insights.computed(bob))
    assert [p.name for p in served.net.people.values()] == []
    assert served is not seen


def test_a_warm_up_works_in_the_background_and_a_page_waits_for_it_not_again(
    ctx: Ctx,
    session_factory: sessionmaker[Session],
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    insights.clear_cache()
    _ada_touched(ctx)
    loads: list[str] = []
    under_way = threading.Event()
    real = insight_cache.load_network

    def counted(c: Ctx) -> Network:
        loads.append(threading.current_thread().name)
        if threading.current_thread().name == "kith-insights-refresh":
            under_way.wait(10)  # still working when the page asks
        return real(c)

    monkeypatch.setattr(insight_cache, "load_network", counted)
    insight_cache.warm_up(session_factory, ctx.owner_id, clock)
    threading.Timer(0.3, under_way.set).start()
    page = insights.computed(replace(ctx, allow_stale=True))
    assert loads == ["kith-insights-refresh"]  # once, in the background
    assert insights.computed(ctx) is page
    insight_cache.warm_up(session_factory, ctx.owner_id, clock)  # known: nothing to do
    insight_cache.wait_for_refreshes()
    assert loads == ["kith-insights-refresh"]
