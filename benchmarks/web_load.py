"""The web UI under load: 20 concurrent clients on loopback against a 30,000-person demo.

    python benchmarks/web_load.py [--people 30000] [--clients 20] [--seconds 30]

Starts `kith serve`'s app with uvicorn in a child process on a free 127.0.0.1 port, warms it
once (the first dashboard computes and caches the insights), then runs the clients for the
given time, each looping over the dashboard, a people-list page and a person page. Reports
p50, p95 and p99 per page and overall, and any errors. The baseline in the same run is a
static file (`/static/kith.css`) served by the same server: the cost of the HTTP stack alone.
Request loops are bounded by time and stop by themselves; every address is 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import socket
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CLOCK, scale_db
from kith.config import Settings, sqlite_url


def _serve(port: int, db: Path, data_dir: Path) -> None:
    import uvicorn

    from kith.web.app import create_app

    settings = Settings(database_url=sqlite_url(db), data_dir=data_dir)
    uvicorn.run(create_app(settings, CLOCK), host="127.0.0.1", port=port, log_level="error")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(target: Callable[..., None], *args: object) -> Iterator[str]:
    """``target(port, *args)``, a uvicorn server, in a child process on a free 127.0.0.1
    port: its base URL once it answers, stopped afterwards."""
    port = _free_port()
    server = multiprocessing.Process(target=target, args=(port, *args), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base)
        yield base
    finally:
        server.terminate()
        server.join(10)


def wait_for(base: str) -> None:
    """Until the server at ``base`` answers (a minute at most)."""
    for _ in range(300):
        try:
            httpx.get(base + "/static/kith.css", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)


def latency_row(kind: str, values: list[float]) -> str:
    """A Markdown row: how many requests, and their p50, p95 and p99."""
    return (
        f"| {kind} | {len(values)} | {_pct(values, 0.5):.0f} ms | "
        f"{_pct(values, 0.95):.0f} ms | {_pct(values, 0.99):.0f} ms |"
    )


async def _client(
    base: str,
    paths: list[str],
    until: float,
    out: dict[str, list[float]],
    errors: list[str],
    seed: int,
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.perf_counter() < until:
            path = rng.choice(paths)
            kind = _kind(path)
            start = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{path}: {response.status_code}")
            except httpx.HTTPError as err:
                errors.append(f"{path}: {type(err).__name__}")
            out.setdefault(kind, []).append(time.perf_counter() - start)


def _kind(path: str) -> str:
    if path == "/":
        return "dashboard"
    if path.startswith("/people?"):
        return "people list"
    return "person page" if path.startswith("/people/") else path


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _run(base: str, people: list[int], clients: int, seconds: float) -> None:
    person_paths = [f"/people/{pid}" for pid in people]
    list_paths = [f"/people?page={n}" for n in range(1, 20)]
    # each client picks the three pages equally often (person pages from 200 people)
    paths = ["/"] * 200 + [list_paths[i % 4] for i in range(200)] + person_paths[:200]
    async with httpx.AsyncClient(base_url=base, timeout=300) as warm:
        for path in ("/", "/people", person_paths[0], "/static/kith.css"):
            await warm.get(path)
    results: dict[str, list[float]] = {}
    errors: list[str] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*[_client(base, paths, until, results, errors, i) for i in range(clients)])
    static: dict[str, list[float]] = {}
    await asyncio.gather(
        *[
            _client(base, ["/static/kith.css"], time.perf_counter() + 5, static, errors, 100 + i)
            for i in range(clients)
        ]
    )
    print("| page | requests | p50 | p95 | p99 |\n|---|---|---|---|---|")
    everything = [v for vs in results.values() for v in vs]
    for kind, values in [
        *sorted(results.items()),
        ("all pages", everything),
        ("baseline: static file", static.get("/static/kith.css", [])),
    ]:
        if values:
            print(latency_row(kind, values))
    print(f"\nerrors: {len(errors)} {sorted(set(errors))[:5]}")
    if everything:
        p95 = _pct(everything, 0.95)
        print(
            f"p95 {p95:.0f} ms (target < 250 ms): {'met' if p95 < 250 else 'MISSED'}; "
            f"throughput {len(everything) / seconds:.1f} requests/s; "
            f"median {statistics.median(everything) * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    db = scale_db(args.people, 10, 3.3)
    data_dir = db.parent / "web-data"
    data_dir.mkdir(exist_ok=True)
    with served(_serve, db, data_dir) as base:
        people = list(range(2, 2 + min(args.people, 500)))
        print(f"# web load: {args.people} people, {args.clients} clients, {args.seconds:.0f} s\n")
        asyncio.run(_run(base, people, args.clients, args.seconds))


if __name__ == "__main__":
    main()
