"""kith serve: the web UI on this machine."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from kith.cli._runtime import runtime
from kith.config import Settings


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option("--host", help="Address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8765).")] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes (default 1). A kith hosted for many members answers "
            "more of them at once with one per core; each keeps its own insight cache.",
        ),
    ] = 1,
) -> None:
    """Start the web UI (private by default: listens on 127.0.0.1 only)."""
    import uvicorn

    from kith.db.engine import make_session_factory, unit_of_work
    from kith.services.accounts import login_required
    from kith.web.app import create_app

    rt = runtime(ctx)
    rt.prepare()
    settings = rt.settings.model_copy(
        update={"host": host or rt.settings.host, "port": port or rt.settings.port}
    )
    with unit_of_work(make_session_factory(rt.engine)) as session:
        protected = login_required(session)
    warning = exposure_warning(settings.host, protected)
    if warning:
        typer.echo(warning, err=True)
    running = f"kith is running at http://{settings.host}:{settings.port}/"
    if workers == 1:
        typer.echo(f"{running} (Ctrl+C to stop)")
        uvicorn.run(
            create_app(settings), host=settings.host, port=settings.port, log_level="warning"
        )
        return
    share_settings(settings)
    typer.echo(f"{running} in {workers} processes (Ctrl+C to stop)")
    uvicorn.run(
        "kith.web.app:from_environment",
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="warning",
    )


def share_settings(settings: Settings) -> None:
    """Put what this command resolved (``--db``, ``--debug``, the data folder, host and
    port) where each worker process reads its settings: the ``KITH_`` environment it
    inherits."""
    os.environ["KITH_DATABASE_URL"] = settings.resolved_database_url
    os.environ["KITH_DEBUG"] = "1" if settings.debug else "0"
    os.environ["KITH_DATA_DIR"] = str(settings.data_dir)
    os.environ["KITH_HOST"] = settings.host
    os.environ["KITH_PORT"] = str(settings.port)


def exposure_warning(host: str, protected: bool) -> str | None:
    """What to say when other machines can reach a kith that asks no one to log in."""
    if protected or _loopback(host):
        return None
    return (
        f"Warning: kith listens on {host}, where other machines can reach it, and no account "
        "has a password: anyone who reaches it sees and changes your network. Give yours one "
        "with `kith users passwd default` (then log in as default), or serve on 127.0.0.1."
    )


def _loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything
