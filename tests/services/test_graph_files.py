"""Graph analyses kept in files: written whole, read back, pruned, and never fatal."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from kith.config import Settings
from kith.core import graph_store
from kith.services.graph_files import GraphFiles, graph_folder, use_graph_files


def test_saved_analyses_are_read_back(tmp_path: Path) -> None:
    files = GraphFiles(tmp_path / "graphs")
    assert files.load("abc") is None
    files.save("abc", {"format": 1, "membership": [0, 1]})
    assert files.load("abc") == {"format": 1, "membership": [0, 1]}
    assert sorted(p.name for p in (tmp_path / "graphs").iterdir()) == ["graph-abc.json"]


def test_only_the_most_recently_used_are_kept(tmp_path: Path) -> None:
    files = GraphFiles(tmp_path, keep=3)
    for age, key in enumerate(("old", "used", "new")):
        files.save(key, {"k": key})
        os.utime(files.path(key), (1_000_000 + age, 1_000_000 + age))
    os.utime(files.path("old"), (2_000_000, 2_000_000))  # read again lately
    files.save("newest", {"k": "newest"})
    assert sorted(p.name for p in tmp_path.glob("graph-*.json")) == [
        "graph-new.json",
        "graph-newest.json",
        "graph-old.json",
    ]


def test_a_damaged_file_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = GraphFiles(tmp_path)
    files.path("abc").write_text('{"format": 1, "membersh', encoding="utf-8")
    files.path("list").write_text("[1, 2]", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kith.services.graph_files"):
        assert files.load("abc") is None
    assert "Ignoring the stored graph analysis" in caplog.text
    assert files.load("list") is None


def test_an_unwritable_folder_is_a_warning_not_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    files = GraphFiles(blocker / "graphs")
    with caplog.at_level(logging.WARNING, logger="kith.services.graph_files"):
        files.save("abc", {"format": 1})
    assert "Could not keep the graph analysis" in caplog.text
    assert files.load("abc") is None


def test_the_setting_turns_the_files_on_and_off(tmp_path: Path) -> None:
    try:
        use_graph_files(Settings(data_dir=tmp_path))
        store = graph_store.current_store()
        assert isinstance(store, GraphFiles)
        assert store.folder == graph_folder(Settings(data_dir=tmp_path))
        assert store.folder == tmp_path / "cache" / "graphs"
        use_graph_files(Settings(data_dir=tmp_path, graph_cache=False))
        assert graph_store.current_store() is None
    finally:
        graph_store.use_store(None)


def test_what_is_written_is_json(tmp_path: Path) -> None:
    files = GraphFiles(tmp_path)
    files.save("abc", {"constraint": [0.1, 1 / 3]})
    assert json.loads(files.path("abc").read_text(encoding="utf-8")) == {"constraint": [0.1, 1 / 3]}
    assert list(tmp_path.glob(".*.tmp")) == []
