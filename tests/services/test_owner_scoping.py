"""One owner can never read or change another owner's rows through the services."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.errors import NotFoundError, PersonNotFoundError
from kith.schemas.interactions import InteractionCreate, InteractionUpdate
from kith.schemas.people import PersonCreate
from kith.services import goals, groups, interaction_edits, interactions, people
from kith.services.context import Ctx
from kith.services.owners import ensure_owner
from kith.services.snapshot import load_network


@pytest.fixture
def two_owners(session_factory: sessionmaker[Session], clock: Clock) -> tuple[Ctx, Ctx]:
    session = session_factory()
    alice = ensure_owner(session, clock, "alice")
    bob = ensure_owner(session, clock, "bob")
    a = Ctx(session, alice.id, clock)
    b = Ctx(session, bob.id, clock)
    ana = people.add_person(a, PersonCreate(name="Ana Lima", emails=["ana@example.org"]))
    interactions.log_interaction(a, InteractionCreate(summary="Coffee", with_people=[str(ana.id)]))
    groups.add_group(a, "Secret Club")
    goals.start_job_search(a, orgs=["Acme"])
    people.add_person(b, PersonCreate(name="Ben Okafor"))
    session.flush()
    return a, b


def test_list_and_search_never_cross_owners(two_owners: tuple[Ctx, Ctx]) -> None:
    a, b = two_owners
    assert [p.person for p in people.list_people(b).items] == ["Ben Okafor"]
    assert people.list_people(b, search="ana").total == 0
    assert [p.person for p in people.list_people(a).items] == ["Ana Lima"]


def test_resolving_another_owners_person_fails(two_owners: tuple[Ctx, Ctx]) -> None:
    a, b = two_owners
    ana_id = people.list_people(a).items[0].person_id
    for query in (str(ana_id), "ana@example.org", "Ana Lima"):
        with pytest.raises(PersonNotFoundError):
            people.resolve_person(b, query)


def test_timeline_groups_goals_are_scoped(two_owners: tuple[Ctx, Ctx]) -> None:
    a, b = two_owners
    assert len(interactions.timeline(a)) == 1
    assert interactions.timeline(b) == []
    assert groups.list_groups(b) == []
    with pytest.raises(NotFoundError):
        groups.resolve_group(b, "Secret Club")
    assert goals.list_goals(b) == []


def test_snapshot_loads_only_the_owners_network(two_owners: tuple[Ctx, Ctx]) -> None:
    a, b = two_owners
    net_b = load_network(b)
    assert [p.name for p in net_b.people.values()] == ["Ben Okafor"]
    assert net_b.interactions == ()
    assert net_b.goals == ()
    net_a = load_network(a)
    assert [p.name for p in net_a.people.values()] == ["Ana Lima"]
    assert len(net_a.interactions) == 1


def test_another_owners_interaction_cannot_be_changed_or_deleted(
    two_owners: tuple[Ctx, Ctx],
) -> None:
    a, b = two_owners
    coffee = interactions.timeline(a)[0]
    with pytest.raises(NotFoundError):
        interaction_edits.update_interaction(b, coffee.id, InteractionUpdate(summary="Mine now"))
    with pytest.raises(NotFoundError):
        interaction_edits.delete_interaction(b, coffee.id)
    assert interactions.read_by_id(a, coffee.id).summary == "Coffee"
