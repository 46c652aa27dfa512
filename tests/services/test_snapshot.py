"""The database is loaded into the core's plain types faithfully."""

from __future__ import annotations

from datetime import date

from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import goals, groups, interactions, network, people
from kith.services.context import Ctx
from kith.services.owners import me_person
from kith.services.snapshot import data_version, load_network


def test_network_snapshot_carries_everything_insights_need(ctx: Ctx) -> None:
    ana = people.add_person(
        ctx,
        PersonCreate(
            name="Ana Lima",
            emails=["ana@example.org"],
            org="Acme Corp.",
            title="Engineer",
            industry="software",
            tags=["python"],
            closeness=4,
            met_on=date(2020, 1, 5),
        ),
    )
    ben = people.add_person(ctx, PersonCreate(name="Ben Okafor", introduced_by=str(ana.id)))
    interactions.log_interaction(
        ctx,
        InteractionCreate(
            summary="Thanks for the intro!",
            with_people=[str(ana.id), str(ben.id)],
            intent="thanks",
            on=date(2026, 11, 1),
        ),
    )
    interactions.log_interaction(
        ctx,
        InteractionCreate(summary="Future plan", with_people=[str(ana.id)], on=date(2026, 12, 1)),
    )
    g = groups.add_group(ctx, "Python Meetup", interests=["Python"])
    groups.record_activity(ctx, g, ana, "talk", date(2026, 10, 1))
    network.add_position(
        ctx,
        me_person(ctx),
        org="Acme Corp",
        title="Manager",
        industry="Software",
        started_on=date(2019, 1, 1),
    )
    goals.start_job_search(ctx, orgs=["Acme"], started_on=date(2026, 9, 1))

    net = load_network(ctx)
    a = net.people[ana.id]
    assert (a.name, a.closeness, a.met_on, a.has_email, a.tags) == (
        "Ana Lima",
        4,
        date(2020, 1, 5),
        True,
        frozenset({"python"}),
    )
    assert [(p.org, p.org_key, p.industry, p.current) for p in a.positions] == [
        ("Acme Corp.", "acme", "software", True)
    ]
    assert net.people[ben.id].introduced_by == ana.id
    assert [it.summary for it in net.interactions_with(ana.id)] == [
        "Thanks for the intro!",
        "Future plan",
    ]
    assert net.interactions[0].mentions_thanks is True
    assert net.interactions[0].participants == (ana.id, ben.id)
    assert [(x.a, x.b, x.kind) for x in net.links] == [(ana.id, ben.id, "introduced")]
    assert net.groups[0].members == frozenset({ana.id})
    assert net.groups[0].interests == frozenset({"python"})
    assert net.goals[0].orgs == ("Acme",)
    assert net.me.positions[0].org_key == "acme"
    assert "software" in net.my_field
    assert ana.id not in {net.me.id}


def test_data_version_changes_with_every_write(ctx: Ctx) -> None:
    before = data_version(ctx)
    ana = people.add_person(ctx, PersonCreate(name="Ana Lima"))
    after_add = data_version(ctx)
    assert after_add != before
    people.archive_person(ctx, ana)
    assert data_version(ctx) not in (before, after_add)


def test_archived_people_are_left_out(ctx: Ctx) -> None:
    ana = people.add_person(ctx, PersonCreate(name="Ana Lima"))
    people.archive_person(ctx, ana)
    assert load_network(ctx).people == {}
