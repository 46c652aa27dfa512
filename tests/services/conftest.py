"""The people the export tests export: a card with every kind of detail, a link, an archived
person and a merged duplicate."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import vobject

from kith.models import Person
from kith.schemas.people import PersonCreate
from kith.services import merge, network, people
from kith.services.context import Ctx


@dataclass
class Cast:
    ana: Person
    ben: Person
    chloe: Person  # archived
    dup: Person  # merged into ana


@pytest.fixture
def cast(ctx: Ctx) -> Cast:
    ana = people.add_person(
        ctx,
        PersonCreate(
            name="Ana Lima",
            emails=["ana@example.org", "ana.lima@work.example"],
            phones=["+1 415 555 0100"],
            urls=["https://ana.example.org/", "https://www.linkedin.com/in/ana-lima"],
            org="Acme, Inc.",
            title="Staff Engineer; Platform",
            tags=["python", "ux"],
            location="Lisbon",
            notes="Met at PyCon.\nLikes chess, tea; and \\ backslashes.",
        ),
    )
    ana.birthday = "--04-12"
    ben = people.add_person(ctx, PersonCreate(name="Ben Okafor", introduced_by=str(ana.id)))
    chloe = people.add_person(ctx, PersonCreate(name="Chloe Martin", emails=["c@example.org"]))
    network.add_link(ctx, ana.id, chloe.id, kind="knows_well")
    people.archive_person(ctx, chloe)
    dup = people.add_person(ctx, PersonCreate(name="A. Lima", emails=["a.lima@old.example"]))
    merge.merge_people(ctx, ana, dup)
    ctx.session.flush()
    return Cast(ana, ben, chloe, dup)


def cards_by_uid(text: str) -> dict[str, vobject.base.Component]:
    return {card.uid.value: card for card in vobject.readComponents(text)}


def urn_of(ctx: Ctx, person: Person) -> str:
    return f"urn:kith:{ctx.owner_id}:{person.id}"
