"""A name for someone known only by an email address, when the address spells one."""

from __future__ import annotations

import pytest

from kith.services.contacts import name_from_address


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("ana.lima@example.org", "Ana Lima"),
        ("ANA.LIMA@example.org", "Ana Lima"),
        ("j_smith@example.org", "J. Smith"),
        ("anne-marie.dupont@example.org", "Anne-Marie Dupont"),
        ("josé.garcía@example.org", "José García"),
        ("ana.lima+newsletters@example.org", "Ana Lima"),
    ],
)
def test_words_joined_by_dots_or_underscores_become_a_name(address: str, name: str) -> None:
    assert name_from_address(address) == name


@pytest.mark.parametrize(
    "address",
    ["jsmith@example.org", "info@example.org", "team.2024@example.org", "a-.b@example.org",
     "+abc@example.org", "primaryemail1@example.org"],
)  # fmt: skip
def test_anything_else_is_kept_as_written(address: str) -> None:
    assert name_from_address(address) == address.split("@")[0]
