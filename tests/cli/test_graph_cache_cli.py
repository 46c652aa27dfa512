"""Insight commands keep the graph analysis in the data folder for the next run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.core.test_graph_store import fresh_run


def test_the_next_command_reads_the_analysis_from_the_data_folder(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli.ok("demo", "--people", "60", "--seed", "3", "--db", cli.db_url)
    calls = fresh_run(monkeypatch)
    first = cli.ok("brokers", "--as-of", "2026-11-25", "-f", "json").json()
    assert calls == [1]
    kept = list((tmp_path / "data" / "cache" / "graphs").glob("graph-*.json"))
    assert len(kept) == 1
    calls = fresh_run(monkeypatch)
    assert cli.ok("brokers", "--as-of", "2026-11-25", "-f", "json").json() == first
    assert cli.ok("due", "--as-of", "2026-11-25", "-f", "json").json()
    assert calls == []
    # a new link is a new graph
    cli.ok("people", "add", "Nadia Newcomer")
    cli.ok("link", "Nadia Newcomer", "2")
    cli.ok("brokers", "--as-of", "2026-11-25", "-f", "json")
    assert calls == [1]


def test_turned_off_nothing_is_written(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KITH_GRAPH_CACHE", "false")
    cli.ok("demo", "--people", "30", "--seed", "3", "--db", cli.db_url)
    cli.ok("brokers", "--as-of", "2026-11-25")
    assert not (tmp_path / "data" / "cache").exists()
