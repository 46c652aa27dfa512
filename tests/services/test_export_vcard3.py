"""vCard 3.0 (RFC 2426), for the address books that read no 4.0: the Contacts app of
Android's open-source base said "the format isn't supported" for a 4.0 file, and users turn
VERSION:4.0 into 3.0 by hand. Parsed back with vobject (and with kith's own importer in
test_exports.py)."""

from __future__ import annotations

import pytest

from kith.schemas.people import PersonCreate
from kith.services import exports, people
from kith.services.context import Ctx
from kith.services.vcard_export import vcard_birthday
from tests.services.conftest import Cast, cards_by_uid, urn_of


def test_a_3_0_card_has_what_3_0_knows_and_nothing_it_does_not(ctx: Ctx, cast: Cast) -> None:
    text = exports.export(ctx, "vcard3").text
    cards = cards_by_uid(text)
    assert set(cards) == {urn_of(ctx, cast.ana), urn_of(ctx, cast.ben)}
    ana = cards[urn_of(ctx, cast.ana)]
    assert ana.version.value == "3.0"
    assert "kind" not in ana.contents  # a 4.0 property
    assert "related" not in ana.contents and "RELATED" not in text  # no links in 3.0
    assert [t.value for t in ana.contents["tel"]] == ["+14155550100"]  # text, not a tel: URI
    assert "VALUE=uri" not in text
    assert ana.fn.value == "Ana Lima"
    assert [e.value for e in ana.contents["email"]][:2] == [
        "ana@example.org",
        "ana.lima@work.example",
    ]
    assert ana.org.value == ["Acme, Inc."]
    assert ana.note.value == "Met at PyCon.\nLikes chess, tea; and \\ backslashes."
    assert ana.bday.value == "--04-12"
    assert text.count("BEGIN:VCARD") == 2 and text.endswith("END:VCARD\r\n")


def test_a_number_kith_could_not_read_as_international_is_kept_as_written(ctx: Ctx) -> None:
    people.add_person(ctx, PersonCreate(name="Dee Local", phones=["ext. 42"]))
    card = next(iter(cards_by_uid(exports.export(ctx, "vcard3").text).values()))
    assert [t.value for t in card.contents["tel"]] == ["ext. 42"]


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("1990-04-12", "1990-04-12"), ("--04-12", "--04-12"), ("April", None)],
)
def test_a_3_0_birthday_is_iso_8601_with_dashes(stored: str, expected: str | None) -> None:
    assert vcard_birthday(stored, v4=False) == expected


def test_archived_people_only_when_asked_as_in_4_0(ctx: Ctx, cast: Cast) -> None:
    shown = exports.export(ctx, "vcard3", include_archived=True)
    assert urn_of(ctx, cast.chloe) in cards_by_uid(shown.text)
    assert shown.count == 3
