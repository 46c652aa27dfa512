"""vCard, CSV and iCalendar exports, parsed back with vobject, csv and icalendar."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from sqlalchemy.orm import Session, sessionmaker

from kith.clock import fixed_clock
from kith.errors import UsageError
from kith.importers.vcard import parse_vcard
from kith.models import Person
from kith.schemas.interactions import InteractionCreate
from kith.schemas.people import PersonCreate
from kith.services import (
    calendar_export,
    exports,
    goals,
    insights,
    interactions,
    network,
    people,
)
from kith.services.context import Ctx
from kith.services.owners import ensure_owner, get_owner
from kith.services.vcard_export import escape, fold, vcard_birthday
from kith.spreadsheet import neutralize
from tests.services.conftest import Cast, cards_by_uid, urn_of

# ---- vCard -----------------------------------------------------------------------------


def test_vcard_parses_back_with_names_contact_points_and_career(ctx: Ctx, cast: Cast) -> None:
    cards = cards_by_uid(exports.export_vcard(ctx))
    assert set(cards) == {urn_of(ctx, cast.ana), urn_of(ctx, cast.ben)}
    ana = cards[urn_of(ctx, cast.ana)]
    assert ana.version.value == "4.0"
    assert ana.fn.value == "Ana Lima"
    assert (ana.n.value.family, ana.n.value.given) == ("Lima", "Ana")
    assert [e.value for e in ana.contents["email"]] == [
        "ana@example.org",
        "ana.lima@work.example",
        "a.lima@old.example",
    ]
    assert [t.value for t in ana.contents["tel"]] == ["tel:+14155550100"]
    assert [u.value for u in ana.contents["url"]] == [
        "https://ana.example.org/",
        "https://www.linkedin.com/in/ana-lima",
    ]
    assert ana.org.value == ["Acme, Inc."]
    assert ana.title.value == "Staff Engineer; Platform"
    assert ana.note.value == "Met at PyCon.\nLikes chess, tea; and \\ backslashes."
    assert ana.categories.value == ["python", "ux"]
    assert ana.bday.value == "--0412"


def test_vcard_related_points_at_the_other_card_with_a_vcard_type(ctx: Ctx, cast: Cast) -> None:
    cards = cards_by_uid(exports.export_vcard(ctx))
    related = cards[urn_of(ctx, cast.ben)].contents["related"]
    assert [(r.value, r.params["TYPE"], r.params["VALUE"]) for r in related] == [
        (urn_of(ctx, cast.ana), ["contact"], ["uri"])
    ]
    # chloe is archived: no card, so no RELATED pointing at her
    assert [r.value for r in cards[urn_of(ctx, cast.ana)].contents["related"]] == [
        urn_of(ctx, cast.ben)
    ]


def test_vcard_includes_archived_people_only_when_asked_and_never_merged_ones(
    ctx: Ctx, cast: Cast
) -> None:
    cards = cards_by_uid(exports.export_vcard(ctx, include_archived=True))
    assert set(cards) == {urn_of(ctx, p) for p in (cast.ana, cast.ben, cast.chloe)}
    ana_related = cards[urn_of(ctx, cast.ana)].contents["related"]
    assert {(r.value, r.params["TYPE"][0]) for r in ana_related} == {
        (urn_of(ctx, cast.ben), "contact"),
        (urn_of(ctx, cast.chloe), "friend"),
    }


@pytest.mark.parametrize(
    ("kind", "vcard_type"),
    [
        ("knows", "acquaintance"),
        ("knows_well", "friend"),
        ("colleague", "colleague"),
        ("colleague_inferred", "colleague"),
        ("family", "kin"),
        ("introduced", "contact"),
    ],
)
def test_link_kinds_map_to_vcard_related_types(ctx: Ctx, kind: str, vcard_type: str) -> None:
    a = people.add_person(ctx, PersonCreate(name="Ana Lima"))
    b = people.add_person(ctx, PersonCreate(name="Ben Okafor"))
    network.add_link(ctx, a.id, b.id, kind=kind, source="import")
    card = cards_by_uid(exports.export_vcard(ctx))[urn_of(ctx, a)]
    assert [(r.value, r.params["TYPE"]) for r in card.contents["related"]] == [
        (urn_of(ctx, b), [vcard_type])
    ]


def test_vcard_lines_end_in_crlf_and_fold_at_75_octets(ctx: Ctx) -> None:
    note = "Café con leche ☕ " * 20
    people.add_person(ctx, PersonCreate(name="Zoë Ångström", notes=note))
    text = exports.export_vcard(ctx)
    assert text.endswith("END:VCARD\r\n")
    lines = text.split("\r\n")[:-1]
    assert "\n" not in "".join(lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    card = next(iter(cards_by_uid(text).values()))
    assert card.note.value == note
    assert card.fn.value == "Zoë Ångström"


@given(st.text(min_size=0, max_size=400))
def test_fold_keeps_every_line_within_75_octets_and_unfolds_to_the_original(text: str) -> None:
    line = "NOTE:" + text.replace("\r", "").replace("\n", "")
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode("utf-8")) <= (75 if i == 0 else 74) for i, p in enumerate(parts))
    assert "".join(parts) == line


@given(st.text(min_size=1, max_size=300))
def test_any_text_survives_escaping_and_folding_through_vobject(text: str) -> None:
    card = "\r\n".join(["BEGIN:VCARD", "VERSION:4.0", "FN:x", fold("NOTE:" + escape(text))])
    parsed = vobject.readOne(card + "\r\nEND:VCARD\r\n")
    newlines = text.replace("\r\n", "\n").replace("\r", "\n")
    assert parsed.note.value == re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", newlines)


@pytest.mark.parametrize("kind", ["vcard", "vcard3"])
def test_vcard_export_reads_back_through_kiths_own_importer(
    ctx: Ctx, cast: Cast, tmp_path: Path, kind: str
) -> None:
    file = tmp_path / "kith.vcf"
    file.write_text(exports.export(ctx, kind).text, encoding="utf-8", newline="")
    result = parse_vcard(file)
    assert (result.skipped, result.warnings) == ((), ())
    ana = next(p for p in result.people if p.name == "Ana Lima")
    assert ana.external_id == f"person:uid:{urn_of(ctx, cast.ana)}"
    assert ana.emails == ("ana@example.org", "ana.lima@work.example", "a.lima@old.example")
    assert ana.phones == ("+14155550100",)
    assert ana.linkedin_url == "https://www.linkedin.com/in/ana-lima"
    assert (ana.org, ana.title, ana.location) == (
        "Acme, Inc.",
        "Staff Engineer; Platform",
        "Lisbon",
    )
    assert ana.tags == ("python", "ux")
    assert str(ana.birthday) == "--04-12"
    ben = next(p for p in result.people if p.name == "Ben Okafor")
    links = [("contact", urn_of(ctx, cast.ana))] if kind == "vcard" else []  # none in 3.0
    assert [(r.kind, r.uri) for r in ben.related] == links


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("1990-04-12", "19900412"), ("--04-12", "--0412"), ("April", None), ("", None)],
)
def test_vcard_birthday_uses_the_basic_format_and_dashes_without_a_year(
    stored: str, expected: str | None
) -> None:
    assert vcard_birthday(stored) == expected


# ---- CSV -------------------------------------------------------------------------------


def _csv(text: str) -> list[dict[str, str]]:
    """The rows of an exported CSV, which starts with a byte order mark (for Excel)."""
    assert text.startswith(exports.BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(exports.BOM), newline="")))


def test_csv_has_one_row_per_person_with_multiple_values_joined(ctx: Ctx, cast: Cast) -> None:
    interactions.log_interaction(
        ctx,
        InteractionCreate(summary="Coffee", with_people=[str(cast.ana.id)], on=date(2026, 11, 2)),
    )
    text = exports.export_csv(ctx)
    assert text.splitlines()[0] == exports.BOM + ",".join(exports.CSV_COLUMNS)
    rows = {row["name"]: row for row in _csv(text)}
    assert set(rows) == {"Ana Lima", "Ben Okafor"}
    ana = rows["Ana Lima"]
    assert ana["id"] == str(cast.ana.id)
    assert ana["emails"] == "ana@example.org; ana.lima@work.example; a.lima@old.example"
    assert ana["phones"] == "'+1 415 555 0100"
    assert ana["urls"] == "https://ana.example.org/; https://www.linkedin.com/in/ana-lima"
    assert (ana["organization"], ana["title"], ana["location"]) == (
        "Acme, Inc.",
        "Staff Engineer; Platform",
        "Lisbon",
    )
    assert ana["tags"] == "python; ux"
    assert ana["last_contact"] == "2026-11-02"
    assert ana["notes"] == "Met at PyCon.\nLikes chess, tea; and \\ backslashes."
    assert ana["circle"] == insights.computed(ctx).circles[cast.ana.id]
    with_archived = {row["name"] for row in _csv(exports.export_csv(ctx, include_archived=True))}
    assert with_archived == {"Ana Lima", "Ben Okafor", "Chloe Martin"}


def test_csv_neutralizes_formula_cells(ctx: Ctx) -> None:
    people.add_person(
        ctx,
        PersonCreate(
            name='=HYPERLINK("http://evil.example","x")',
            phones=["+1 555 0100"],
            tags=["-2"],
            notes="@SUM(A1:A9)",
        ),
    )
    (row,) = _csv(exports.export_csv(ctx))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["phones"] == "'+1 555 0100"
    assert row["tags"] == "'-2"
    assert row["notes"] == "'@SUM(A1:A9)"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ana", "Ana"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralize_prefixes_formula_starts_with_an_apostrophe(cell: str, safe: str) -> None:
    assert neutralize(cell) == safe


# ---- iCalendar -------------------------------------------------------------------------


def _events(text: str) -> list[dict[str, object]]:
    cal = Calendar.from_ical(text)
    return [
        {
            "uid": str(e["UID"]),
            "day": e.decoded("DTSTART"),
            "end": e.decoded("DTEND"),
            "stamp": e.decoded("DTSTAMP"),
            "summary": str(e["SUMMARY"]),
            "description": str(e.get("DESCRIPTION", "")),
        }
        for e in cal.walk("VEVENT")
    ]


def _overdue_friend(ctx: Ctx, name: str) -> Person:
    person = people.add_person(ctx, PersonCreate(name=name, circle="C5"))
    interactions.log_interaction(
        ctx, InteractionCreate(summary="Lunch", with_people=[str(person.id)], on=date(2025, 1, 10))
    )
    return person


def test_ics_has_one_event_per_due_person_and_per_open_reminder(ctx: Ctx, cast: Cast) -> None:
    friend = _overdue_friend(ctx, "Dana Weiss")
    goals.add_reminder(ctx, cast.ben, date(2026, 12, 3), "Ask about the conference")
    done = goals.add_reminder(ctx, cast.ben, date(2026, 12, 4), "Done already")
    goals.complete_reminder(ctx, done.id)
    goals.add_reminder(ctx, cast.chloe, date(2026, 12, 5), "Archived person")
    due = insights.due(ctx)
    assert friend.id in {item["person_id"] for item in due}

    events = _events(calendar_export.export_ics(ctx))
    touches = [e for e in events if str(e["uid"]).startswith("kith-due-")]
    assert sorted(str(e["summary"]) for e in touches) == sorted(
        f"Get in touch with {item['person']}" for item in due
    )
    assert {e["uid"] for e in touches} == {
        f"kith-due-{ctx.owner_id}-{item['person_id']}@kith" for item in due
    }
    dana = next(e for e in touches if e["summary"] == "Get in touch with Dana Weiss")
    why = next(item["why"] for item in due if item["person_id"] == friend.id)
    assert (dana["day"], dana["end"], dana["description"]) == (
        ctx.today(),
        ctx.today() + timedelta(days=1),
        why,
    )
    reminders = [e for e in events if str(e["uid"]).startswith("kith-reminder-")]
    assert [(e["day"], e["summary"], e["description"]) for e in reminders] == [
        (
            date(2026, 12, 3),
            "Reminder: Ben Okafor - Ask about the conference",
            "Ask about the conference",
        )
    ]


def test_ics_dates_due_touches_on_the_later_of_today_and_the_due_date(ctx: Ctx) -> None:
    _overdue_friend(ctx, "Dana Weiss")
    as_of = date(2027, 2, 1)
    due = insights.due(ctx, as_of)
    events = {e["uid"]: e for e in _events(calendar_export.export_ics(ctx, as_of))}
    for item in due:
        event = events[f"kith-due-{ctx.owner_id}-{item['person_id']}@kith"]
        assert event["day"] == max(as_of, date.fromisoformat(item["due_on"]))
        assert isinstance(event["day"], date) and not isinstance(event["day"], datetime)


def test_ics_stamps_come_from_the_injected_clock_and_uids_are_stable(
    session_factory: sessionmaker[Session],
) -> None:
    moments = [datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2030, 6, 1, 8, 0, tzinfo=UTC)]
    texts = []
    with session_factory() as session:
        for moment in moments:
            clock = fixed_clock(moment)
            c = Ctx(session, ensure_owner(session, clock).id, clock)
            if not texts:
                _overdue_friend(c, "Dana Weiss")
                goals.add_reminder(c, _overdue_friend(c, "Eli Cohen"), date(2030, 3, 1))
            texts.append(calendar_export.export_ics(c, date(2030, 1, 2)))
        session.rollback()
    first, second = (_events(t) for t in texts)
    assert {e["stamp"] for e in first} == {moments[0]}
    assert {e["stamp"] for e in second} == {moments[1]}
    assert [e["uid"] for e in first] == [e["uid"] for e in second]
    assert len(first) == 3


def test_ics_paces_due_touches_at_the_weekly_budget_most_pressing_first(ctx: Ctx) -> None:
    """Six people due and a budget of one a week: four weeks of touches, one a week in the
    order `kith due` gives, and two waiting their turn (said by the export)."""
    for n in range(6):
        _overdue_friend(ctx, f"Friend {n}")
    get_owner(ctx).weekly_budget = 1
    due = insights.due(ctx)
    assert len(due) == 6
    paced = exports.export(ctx, "ics")
    events = _events(paced.text)
    today = ctx.today()
    assert [(e["day"], e["summary"]) for e in events] == [
        (today + timedelta(days=7 * week), f"Get in touch with {item['person']}")
        for week, item in enumerate(due[:4])
    ]
    assert str(events[0]["description"]).endswith(" (one of 6 people due, most pressing first)")
    assert paced.count == 4
    assert paced.note == (
        "touches paced at your weekly budget of 1; 2 more people are due and wait their "
        "turn, listed by `kith due`"
    )

    get_owner(ctx).weekly_budget = 5  # 5 a week, spread evenly: all six within two weeks
    days = [e["day"] for e in _events(exports.export(ctx, "ics").text)]
    assert [(d - today).days for d in days] == [0, 1, 2, 4, 5, 7]
    assert exports.export(ctx, "ics").note is None


# ---- all formats -----------------------------------------------------------------------


def test_exports_never_show_another_owners_people(ctx: Ctx, cast: Cast) -> None:
    other = ensure_owner(ctx.session, ctx.clock, "someone-else")
    them = Ctx(ctx.session, other.id, ctx.clock)
    zed = _overdue_friend(them, "Zed Other")
    goals.add_reminder(them, zed, date(2026, 12, 1), "Zed's reminder")
    for kind in exports.KINDS:
        text = exports.export(ctx, kind).text
        assert "Zed" not in text, kind
    assert "Zed Other" in exports.export_vcard(them)


def test_export_counts_people_or_events(ctx: Ctx, cast: Cast) -> None:
    assert [(r.count, r.noun) for r in (exports.export(ctx, k) for k in ("vcard", "csv"))] == [
        (2, "people"),
        (2, "people"),
    ]
    backup = exports.export(ctx, "json")
    assert (backup.count, backup.noun) == (4, "people")  # archived and merged included
    assert json.loads(backup.text)["kith_backup"] == 1
    assert exports.export(ctx, "ics").noun == "events"


def test_json_export_starts_with_the_backup_marker(ctx: Ctx) -> None:
    lines = exports.export_json(ctx).splitlines()
    assert lines[:2] == ["{", '  "kith_backup": 1,']


def test_unknown_export_kind_is_a_usage_error(ctx: Ctx) -> None:
    with pytest.raises(UsageError) as err:
        exports.export(ctx, "pdf")
    assert (
        str(err.value)
        == "Unknown value 'pdf' for KIND: choose one of vcard, vcard3, csv, json, ics."
    )
