"""Server mode under load: many members, each logged in, each asking for their own network.

    python benchmarks/server_load.py [--members 40] [--people 1000] [--clients 20]
                                     [--seconds 30] [--cache N]

Builds (once, cached in benchmarks/.cache) one SQLite database holding ``--members``
accounts, each with a password and a demo network of ``--people`` people (or, with
``--postgres URL``, fills that PostgreSQL database, kept for the next run), then serves it
with uvicorn in a child process on 127.0.0.1. Each of ``--clients`` clients logs in as a
member of its own (``POST /api/v1/session``) and then, for the given time, asks the API for
what a member's visit needs: a page of people, one person, the latest touches, who is due
and this week's plan; every ``--rotate`` requests it logs in as the next member, so more
members are active over a run than clients run at once, as on a career centre's server.
Reports p50, p95 and p99 per endpoint, overall, and for the baseline (the static
stylesheet from the same server). ``--cache`` sets ``KITH_INSIGHT_CACHE_SIZE`` for the
server (how many members' computed insights it keeps). DESIGN.md's target: p95 of the API
under 100 ms (there at 1,000 members of 1,000 people on PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CACHE, CLOCK, KITH, TODAY, empty_postgres
from kith.config import Settings, sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.demo import generate
from kith.models import Owner, Person
from kith.services import accounts
from kith.services.context import Ctx
from kith.services.demo import load_demo
from web_load import _free_port, _pct, latency_row, served, wait_for

ENDPOINTS = (
    "/api/v1/people?limit=50",
    "/api/v1/people/{pid}",
    "/api/v1/interactions?limit=50",
    "/api/v1/insights/due",
    "/api/v1/insights/plan",
)


def password_of(member: int) -> str:
    return f"member {member} long password"


def members_db(members: int, people: int) -> Path:
    """The database with every member's account and network, built once."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"server-{members}x{people}.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    engine = make_engine(sqlite_url(tmp))
    upgrade(engine)
    _fill(make_session_factory(engine), members, people)
    engine.dispose()
    tmp.rename(path)
    return path


def members_pg(url: str, members: int, people: int) -> str:
    """The PostgreSQL database at ``url`` holding every member's account and network: kept
    when it already holds exactly these members (built by an earlier run), else emptied and
    built (about 1.5 s per member of 1,000 people here)."""
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine)() as session:
        names = set(session.scalars(select(Owner.username)))
        sizes = set(
            session.scalars(select(func.count()).select_from(Person).group_by(Person.owner_id))
        )
    wanted = {f"member{m}" for m in range(members)}
    # each network and its owner's own person
    if names != wanted or sizes != {people + 1}:
        empty_postgres(url)
        _fill(make_session_factory(engine), members, people)
    engine.dispose()
    return url


def _fill(factory: sessionmaker[Session], members: int, people: int) -> None:
    for member in range(members):
        with unit_of_work(factory) as session:
            owner = accounts.add_account(session, CLOCK, f"member{member}", password_of(member))
            data = generate(people, member + 1, TODAY)
            load_demo(Ctx(session, owner.id, CLOCK), data=data)


def _serve(port: int, url: str, data_dir: Path, cache: int | None) -> None:
    import uvicorn

    from kith.web.app import create_app

    if cache is not None:
        os.environ["KITH_INSIGHT_CACHE_SIZE"] = str(cache)
    settings = Settings(database_url=url, data_dir=data_dir)
    uvicorn.run(create_app(settings, CLOCK), host="127.0.0.1", port=port, log_level="error")


@contextmanager
def kith_serve(url: str, data_dir: Path, cache: int | None, workers: int) -> Iterator[str]:
    """``kith serve --workers N`` as a user starts it (today's real date, not the benchmark's
    fixed one): its base URL once it answers, stopped with Ctrl+C afterwards."""
    port = _free_port()
    env = {**os.environ, "KITH_DATA_DIR": str(data_dir)}
    if cache is not None:
        env["KITH_INSIGHT_CACHE_SIZE"] = str(cache)
    command = [*KITH, "--db", url, "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base)
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


class Load:
    """What the clients measured."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.logins = 0


async def _client(
    base: str, until: float, load: Load, number: int, args: argparse.Namespace
) -> None:
    rng = random.Random(number)
    member = number % args.members
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        sent = 0
        while time.perf_counter() < until:
            if sent % args.rotate == 0:
                member = (member + args.clients) % args.members if sent else member
                body = {"username": f"member{member}", "password": password_of(member)}
                if (await client.post("/api/v1/session", json=body)).status_code != 200:
                    load.errors.append(f"login member{member}")
                load.logins += 1
                people = (await client.get("/api/v1/people?limit=50")).json()["items"]
            template = rng.choice(ENDPOINTS)
            path = template.format(pid=rng.choice(people)["person_id"] if people else 1)
            start = time.perf_counter()
            response = await client.get(path)
            load.times.setdefault(template, []).append(time.perf_counter() - start)
            if response.status_code != 200:
                load.errors.append(f"{template}: {response.status_code}")
            sent += 1


async def _static(base: str, until: float, load: Load) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.perf_counter() < until:
            start = time.perf_counter()
            await client.get("/static/kith.css")
            load.times.setdefault("baseline: static file", []).append(time.perf_counter() - start)


async def _run(base: str, args: argparse.Namespace) -> Load:
    load = Load()
    until = time.perf_counter() + args.seconds
    await asyncio.gather(*[_client(base, until, load, i, args) for i in range(args.clients)])
    baseline = time.perf_counter() + 5
    await asyncio.gather(*[_static(base, baseline, load) for _ in range(args.clients)])
    return load


def _report(load: Load, args: argparse.Namespace) -> None:
    print("| endpoint | requests | p50 | p95 | p99 |\n|---|---|---|---|---|")
    api = [v for k, vs in load.times.items() if k.startswith("/api") for v in vs]
    for kind, values in [*sorted(load.times.items()), ("all API requests", api)]:
        print(latency_row(kind, values))
    print(f"\nlogins {load.logins}; errors {len(load.errors)} {sorted(set(load.errors))[:5]}")
    p95 = _pct(api, 0.95)
    print(
        f"p95 {p95:.0f} ms (target < 100 ms): {'met' if p95 < 100 else 'MISSED'}; "
        f"throughput {len(api) / args.seconds:.1f} requests/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rotate", type=int, default=25, help="requests before the next member")
    parser.add_argument("--cache", type=int, default=None, help="KITH_INSIGHT_CACHE_SIZE")
    parser.add_argument(
        "--workers",
        type=int,
        help="serve as `kith serve --workers N` does (N processes, today's real date)",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="serve this PostgreSQL database instead of SQLite (built here unless it holds "
        "these members already; anything else in it is dropped)",
    )
    args = parser.parse_args()
    if args.postgres:
        url, where = members_pg(args.postgres, args.members, args.people), "PostgreSQL"
    else:
        url, where = sqlite_url(members_db(args.members, args.people)), "SQLite"
    data_dir = CACHE / "server-data"
    data_dir.mkdir(exist_ok=True)
    serving = (
        kith_serve(url, data_dir, args.cache, args.workers)
        if args.workers
        else served(_serve, url, data_dir, args.cache)
    )
    with serving as base:
        print(
            f"# server load on {where}: {args.members} members × {args.people} people, "
            f"{args.clients} "
            f"clients, {args.seconds:.0f} s, a new member every {args.rotate} requests, "
            f"insight cache {args.cache or 'default'}, {args.workers or 1} server process(es)\n"
        )
        _report(asyncio.run(_run(base, args)), args)


if __name__ == "__main__":
    main()
