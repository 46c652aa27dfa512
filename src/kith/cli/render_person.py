"""The table view of `kith people show`."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from kith.cli._output import console
from kith.schemas.interactions import InteractionRead
from kith.schemas.people import PersonRead


def render_person(p: PersonRead, extra: dict[str, Any], recent: list[InteractionRead]) -> None:
    out = console()
    out.print(f"[bold]{p.person}[/bold]  (id {p.person_id})", highlight=False)
    facts = Table.grid(padding=(0, 2))
    rows: list[tuple[str, str]] = [
        ("Emails", ", ".join(p.emails)),
        ("Phones", ", ".join(p.phones)),
        ("URLs", ", ".join(p.urls)),
        ("Location", p.location or ""),
        (
            "How met",
            " ".join(x for x in (p.how_met or "", f"on {p.met_on}" if p.met_on else "") if x),
        ),
        ("Introduced by", p.introduced_by or ""),
        ("Tags", ", ".join(p.tags)),
        ("Circle", p.circle_pin or ""),
        ("Cadence", f"every {p.cadence_days} days" if p.cadence_days else ""),
        ("Closeness", f"{p.closeness}/5" if p.closeness else ""),
        ("Last contact", str(p.last_contact or "never")),
        (
            "Flags",
            ", ".join(
                f
                for f, on in (
                    ("kin", p.kin),
                    ("do not contact", p.do_not_contact),
                    ("ended", p.ended),
                    ("archived", p.archived),
                )
                if on
            ),
        ),
    ]
    for label, value in rows:
        if value:
            facts.add_row(f"[dim]{label}[/dim]", value)
    out.print(facts)
    if p.positions:
        out.print("\n[bold]Career[/bold]")
        for pos in p.positions:
            span = f"{pos.started_on or '?'} – {pos.ended_on or 'now'}"
            out.print(f"  {pos.title or ''} at {pos.org}  [dim]{span}[/dim]", highlight=False)
    if p.links:
        out.print("\n[bold]Knows[/bold]")
        for link in p.links:
            out.print(f"  {link.person} ({link.kind.replace('_', ' ')})", highlight=False)
    if recent:
        out.print("\n[bold]Latest interactions[/bold]  [dim](id: kith interactions edit ID)[/dim]")
        for it in recent:
            kind = f"{it.intent.replace('_', ' ')}, {it.channel.replace('_', ' ')}"
            out.print(f"  {it.on}  {it.summary}  [dim]{kind}, id {it.id}[/dim]", highlight=False)
    for key, label in (("unknown", "Not known yet"), ("questions", "Ask next time")):
        items = extra.get(key) or []
        if items:
            out.print(f"\n[bold]{label}[/bold]")
            for item in items:
                out.print(f"  - {item}", highlight=False)
