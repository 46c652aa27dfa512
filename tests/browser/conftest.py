"""Browser tests: pytest-playwright drives Debian's /usr/bin/chromium against a uvicorn
server running in a thread on a free 127.0.0.1 port, on the test's own database."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from kith.clock import Clock
from kith.config import Settings
from kith.services import insights
from kith.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason="install chromium: apt-get install chromium")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # keep the plugin's own options (--headed, --slowmo) and point it at Debian's chromium
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(
    db_url: str, tmp_path: Path, clock: Clock, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The web app on 127.0.0.1:<free port>, stopped after the test; a test's
    ``live_settings`` mark sets more of its settings."""
    insights.clear_cache()
    port = _free_port()
    marked = request.node.get_closest_marker("live_settings")
    more = marked.kwargs if marked else {}
    settings = Settings(database_url=db_url, data_dir=tmp_path / "data", port=port, **more)
    app = create_app(settings, clock)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)
    app.state.engine.dispose()


@pytest.fixture
def shots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
