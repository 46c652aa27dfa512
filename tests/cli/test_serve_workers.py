"""kith serve --workers N: several server processes on one port, sharing the database and the
key that signs forms, so a form fetched from one process is accepted by another."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from bs4 import BeautifulSoup

WORKERS = 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _answering(base: str, server: subprocess.Popen[bytes]) -> bool:
    for _ in range(600):  # however slow the machine: until it answers or stops
        if server.poll() is not None:
            return False
        try:
            httpx.get(base + "/static/kith.css", timeout=2)
            return True
        except httpx.HTTPError:
            time.sleep(0.1)
    return False


def test_several_workers_serve_one_database_and_accept_each_others_forms(
    db_url: str, tmp_path: Path
) -> None:
    port = _free_port()
    env = {**os.environ, "KITH_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "kith", "--db", db_url, "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(WORKERS)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _answering(base, server), server.stderr.read().decode() if server.stderr else ""
        assert len(_children(server.pid)) >= WORKERS
        close = {"Connection": "close"}  # a new connection each time: any worker may answer
        with httpx.Client(base_url=base, headers=close) as client:
            for n in range(12):
                form = BeautifulSoup(client.get("/people/new").text, "html.parser")
                field = form.find("input", attrs={"name": "csrf_token"})
                assert field is not None
                data = {"csrf_token": str(field["value"]), "name": f"Person {n}"}
                assert client.post("/people/new", data=data).status_code == 303
            listed = client.get("/api/v1/people?limit=50").json()
        assert listed["total"] == 12
    finally:
        server.send_signal(signal.SIGINT)
        out, _err = server.communicate(timeout=60)
    assert f"in {WORKERS} processes".encode() in out
    assert server.returncode == 0
