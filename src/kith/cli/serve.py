"""kith serve: the web UI on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from kith.cli._runtime import runtime


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option("--host", help="Address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8765).")] = None,
) -> None:
    """Start the web UI (private by default: listens on 127.0.0.1 only)."""
    import uvicorn

    from kith.web.app import create_app

    rt = runtime(ctx)
    rt.prepare()
    settings = rt.settings.model_copy(
        update={"host": host or rt.settings.host, "port": port or rt.settings.port}
    )
    app = create_app(settings)
    typer.echo(f"kith is running at http://{settings.host}:{settings.port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
