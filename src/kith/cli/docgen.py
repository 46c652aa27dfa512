"""Generate docs/cli.md from the commands' own help (``python -m kith.cli.docgen``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import typer.main

from kith.cli import app

HEADER = """# kith command reference

Generated from the commands' own `--help` by `python -m kith.cli.docgen > docs/cli.md`;
a test fails when this file is out of date. Global options come before the command:
`kith [--db PATH|URL] [--debug] COMMAND ...`.
"""


def walk(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, cmd
    if _is_group(cmd):
        for name in sorted(cmd.commands):
            yield from walk(cmd.commands[name], (*path, name))


def _is_group(cmd: Any) -> bool:
    return hasattr(cmd, "commands")


def _is_option(param: Any) -> bool:
    return bool(param.param_type_name == "option")


def leaf_commands() -> list[tuple[tuple[str, ...], Any]]:
    root = typer.main.get_command(app)
    return [(p, c) for p, c in walk(root) if p and not _is_group(c)]


def render() -> str:
    root = typer.main.get_command(app)
    parts = [HEADER]
    for path, cmd in walk(root):
        if not path:
            continue
        depth = "##" if len(path) == 1 else "###"
        parts.append(f"{depth} `kith {' '.join(path)}`\n")
        parts.append((cmd.help or "").strip() + "\n")
        if _is_group(cmd):
            continue
        usage = " ".join(_usage(cmd))
        parts.append(f"```\nkith {' '.join(path)} {usage}\n```\n")
        rows = [_option_row(p) for p in cmd.params if _is_option(p) and p.name != "help"]
        if rows:
            parts.append("| option | meaning |\n|---|---|")
            parts.extend(rows)
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def _usage(cmd: Any) -> list[str]:
    words = []
    for p in cmd.params:
        if p.param_type_name == "argument":
            words.append(p.name.upper() if p.required else f"[{p.name.upper()}]")
    if any(_is_option(p) for p in cmd.params):
        words.append("[OPTIONS]")
    return words


def _option_row(p: Any) -> str:
    names = ", ".join(f"`{o}`" for o in (*p.opts, *p.secondary_opts))
    text = (p.help or "").replace("|", "\\|").replace("\n", " ")
    if p.required:
        text += " (required)"
    if p.multiple:
        text += " (repeatable)"
    return f"| {names} | {text} |"


if __name__ == "__main__":
    sys.stdout.write(render())
