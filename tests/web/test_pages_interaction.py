"""Correcting or deleting a logged touch from the person page, without JavaScript."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import Seed, csrf_of, flash_text, get_page, soup


def _edit(client: TestClient, iid: int, **fields: str) -> Any:
    page = f"/interactions/{iid}/edit"
    return client.post(page, data={"csrf_token": csrf_of(client, page), **fields})


def _delete(client: TestClient, iid: int, **fields: str) -> Any:
    page = f"/interactions/{iid}/edit"
    data = {"csrf_token": csrf_of(client, page), **fields}
    return client.post(f"/interactions/{iid}/delete", data=data)


FORM = {
    "channel": "in_person",
    "intent": "give",
    "initiator": "them",
    "on": "2026-11-03",
    "summary": "Lunch, she asked about Lisbon",
    "note": "",
    "outcome": "",
}


def test_each_touch_on_the_timeline_links_to_its_correction(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada Lovelace")
    iid = seed.touch(ada, summary="Coffee", on="2026-11-02")
    link = get_page(client, f"/people/{ada}").select_one(".timeline-list li.touch a.edit-touch")
    assert link["href"] == f"/interactions/{iid}/edit?next=/people/{ada}"
    assert link["aria-label"] == "Correct or delete: Coffee, 2026-11-02"


def test_the_form_shows_the_touch_as_logged(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada Lovelace")
    iid = seed.touch(ada, summary="Coffee", on="2026-11-02")
    page = get_page(client, f"/interactions/{iid}/edit?next=/people/{ada}")
    form = page.select_one(f"form[action='/interactions/{iid}/edit']")
    assert form.find("input", attrs={"name": "people"})["value"] == f"Ada Lovelace (#{ada})"
    assert form.find("input", attrs={"name": "on"})["value"] == "2026-11-02"
    assert form.find("input", attrs={"name": "summary"})["value"] == "Coffee"
    assert form.find("input", attrs={"name": "next"})["value"] == f"/people/{ada}"
    for name in ["people", "channel", "intent", "on", "summary", "note", "outcome"]:
        control = form.find(attrs={"name": name})
        assert page.find("label", attrs={"for": control["id"]}), name


def test_a_correction_is_saved_and_the_page_shows_it(client: TestClient, seed: Seed) -> None:
    ada, bea = seed.person("Ada Lovelace"), seed.person("Bea Smith")
    iid = seed.touch(ada, summary="Coffee", on="2026-11-02")
    people = f"Ada Lovelace (#{ada}), Bea Smith (#{bea})"
    response = _edit(client, iid, people=people, next=f"/people/{ada}", **FORM)
    assert response.headers["location"] == f"/people/{ada}"
    assert flash_text(client, response) == "Saved: Lunch, she asked about Lisbon."
    touch = get_page(client, f"/people/{bea}").select_one(".timeline-list li.touch")
    text = touch.get_text(" ", strip=True)
    assert text.startswith("2026-11-03")
    assert "Lunch, she asked about Lisbon" in text
    assert "in person · give · they started it" in text


def test_mistakes_are_shown_beside_their_fields(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada Lovelace")
    iid = seed.touch(ada, summary="Coffee", on="2026-11-02")
    bad = {**FORM, "people": "Nobody Known", "outcome": "helped"}
    response = _edit(client, iid, **bad)
    assert response.status_code == 422
    page = soup(response)
    assert page.find("input", attrs={"name": "summary"})["value"] == FORM["summary"]  # kept
    outcome = page.select_one("#outcome-error").get_text(strip=True)
    assert outcome == "An outcome records how an ask went: set the intent to “ask”."
    response = _edit(client, iid, **{**FORM, "people": "Nobody Known"})
    assert response.status_code == 422
    assert "No person matches 'Nobody Known'" in soup(response).select_one("#people-error").text
    assert get_page(client, f"/people/{ada}").select_one(".timeline-list li.touch .what").text == (
        "Coffee"
    )


def test_deleting_needs_the_box_ticked(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada Lovelace")
    iid = seed.touch(ada, summary="Coffee", on="2026-11-02")
    refused = _delete(client, iid, next=f"/people/{ada}")
    assert refused.status_code == 422
    assert soup(refused).select_one("#confirm-error").get_text(strip=True) == (
        "Tick the box to confirm: deleting cannot be undone."
    )
    done = _delete(client, iid, confirm="yes", next=f"/people/{ada}")
    assert done.headers["location"] == f"/people/{ada}"
    assert flash_text(client, done) == "Deleted: Coffee."
    assert get_page(client, f"/people/{ada}").select(".timeline-list li.touch") == []
    assert client.get(f"/interactions/{iid}/edit").status_code == 404


def test_another_owners_touch_cannot_be_opened_or_changed(client: TestClient, seed: Seed) -> None:
    theirs = seed.person("Zed Theirs", owner="other")

    def touch(ctx: Any) -> int:
        from kith.schemas.interactions import InteractionCreate
        from kith.services import interactions

        data = InteractionCreate(summary="secret", with_people=[str(theirs)])
        return interactions.log_interaction(ctx, data).id

    iid = seed(touch, owner="other")
    assert client.get(f"/interactions/{iid}/edit").status_code == 404
    token = csrf_of(client)
    data = {"csrf_token": token, **FORM, "people": "Zed"}
    assert client.post(f"/interactions/{iid}/edit", data=data).status_code == 404
    gone = client.post(f"/interactions/{iid}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert gone.status_code == 404


def test_only_an_imported_touch_says_a_re_import_leaves_it_out(
    client: TestClient, seed: Seed, tmp_path: Any
) -> None:
    from kith.importers import ImportOptions
    from kith.services import interactions
    from kith.services.imports import run_import

    ada = seed.person("Ada Lovelace", emails=["ada@example.org"])
    logged = seed.touch(ada, summary="Coffee", on="2026-11-02")
    mail = tmp_path / "one.eml"
    mail.write_text(
        "From: ada@example.org\nTo: me@example.org\nSubject: Engines\n"
        "Date: Mon, 3 Mar 2025 10:00:00 +0000\nMessage-ID: <e@x>\n\nHi\n"
    )
    mine = ImportOptions(my_emails=frozenset({"me@example.org"}))
    seed(lambda ctx: run_import(ctx, mail, options=mine))
    imported = seed(lambda ctx: interactions.timeline(ctx, ada)[-1].id)
    note = "importing that file again will not bring it back"
    assert note not in get_page(client, f"/interactions/{logged}/edit").get_text(" ")
    assert note in get_page(client, f"/interactions/{imported}/edit").get_text(" ")
