"""kith serve warns when other machines can reach a kith that asks no one to log in."""

from __future__ import annotations

import pytest

from kith.cli.serve import exposure_warning


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_this_machine_only_needs_no_warning(host: str) -> None:
    assert exposure_warning(host, protected=False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "kith.example.org"])
def test_reachable_without_passwords_is_said_with_the_fix(host: str) -> None:
    said = exposure_warning(host, protected=False)
    assert said is not None
    assert said.startswith(f"Warning: kith listens on {host}, where other machines can reach it")
    assert "kith users passwd default" in said
    assert exposure_warning(host, protected=True) is None
