"""Every command has help, and docs/cli.md is generated from it and up to date."""

from __future__ import annotations

from pathlib import Path

from kith.cli.docgen import leaf_commands, render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_every_command_and_option_has_help() -> None:
    missing = []
    commands = leaf_commands()
    assert len(commands) > 20
    for path, cmd in commands:
        if not (cmd.help or "").strip():
            missing.append(" ".join(path))
        for param in cmd.params:
            if param.param_type_name == "option" and param.name != "help" and not param.help:
                missing.append(f"{' '.join(path)} {param.opts[0]}")
    assert missing == []


def test_cli_reference_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `python -m kith.cli.docgen > docs/cli.md`"
    )


def test_every_command_is_documented_in_the_reference() -> None:
    text = DOCS.read_text(encoding="utf-8")
    undocumented = [" ".join(p) for p, _ in leaf_commands() if f"`kith {' '.join(p)}`" not in text]
    assert undocumented == []
