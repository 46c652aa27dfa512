"""Quick log: one phone-sized form; errors beside the field; the touch shows up at once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import Seed, csrf_of, flash_text, get_page, soup


def post_log(client: TestClient, **fields: str):  # type: ignore[no-untyped-def]
    return client.post("/log", data={"csrf_token": csrf_of(client), **fields})


def test_quick_log_form_has_every_field_labelled(client: TestClient) -> None:
    page = get_page(client, "/log")
    form = page.select_one("form.quicklog")
    for name in ["person", "channel", "intent", "on", "summary", "note", "outcome"]:
        control = form.find(attrs={"name": name})
        assert control is not None, name
        assert page.find("label", attrs={"for": control["id"]}), name
    assert form.find("input", attrs={"name": "person"})["list"] == "people-list"
    initiators = form.select("fieldset input[name=initiator]")
    assert [i["value"] for i in initiators] == ["me", "them", "mutual"]
    assert form.select_one("fieldset legend").get_text(strip=True) == "Who started it?"
    assert form.find("input", attrs={"name": "on"})["value"] == "2026-11-25"


def test_log_a_touch_and_see_it_on_the_person_page(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    response = post_log(
        client, person=f"Ada Lovelace (#{pid})", channel="call", intent="give",
        initiator="me", summary="Sent her the engine paper",
    )  # fmt: skip
    assert response.headers["location"] == f"/people/{pid}"
    assert flash_text(client, response) == (
        "Logged: Sent her the engine paper with Ada Lovelace. Their cadence restarts today."
    )
    page = get_page(client, f"/people/{pid}")
    first = page.select_one(".timeline-list li.touch")
    assert "Sent her the engine paper" in first.get_text(" ", strip=True)
    assert "call · give · you started it" in first.get_text(" ", strip=True)
    assert [td.get_text(strip=True) for td in page.select(".ledger tbody tr td")][3] == (
        "Sent her the engine paper"
    )


def test_log_by_typed_name_and_back_to_the_page_it_came_from(
    client: TestClient, seed: Seed
) -> None:
    seed.person("Ada Lovelace")
    response = post_log(client, person="lovelace", next="/people")
    assert response.headers["location"] == "/people"


def test_log_without_a_person_shows_the_error_beside_the_field(client: TestClient) -> None:
    response = post_log(client, person=" ")
    assert response.status_code == 422
    page = soup(response)
    field = page.find("input", attrs={"name": "person"})
    assert field["aria-invalid"] == "true"
    error = page.find(id="person-error")
    assert "person-error" in field["aria-describedby"]
    assert error.get_text(strip=True).startswith("Who was it with?")


def test_log_with_an_unknown_person_keeps_what_was_typed(client: TestClient) -> None:
    response = post_log(client, person="Nobody Known", summary="Lunch")
    assert response.status_code == 422
    page = soup(response)
    assert page.find(id="person-error").get_text(strip=True).startswith("No person matches")
    assert page.find("input", attrs={"name": "summary"})["value"] == "Lunch"


def test_log_with_a_misspelt_name_offers_the_close_one(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada Lovelace")
    response = post_log(client, person="Ada Lovelase", summary="Lunch")
    assert response.status_code == 422
    error = soup(response).find(id="person-error").get_text(" ", strip=True)
    assert f"Did you mean Ada Lovelace (id {ada})?" in error


def test_log_with_an_ambiguous_name_lists_the_candidates(client: TestClient, seed: Seed) -> None:
    seed.person("Ada Lovelace")
    seed.person("Ada Byron")
    response = post_log(client, person="Ada")
    assert response.status_code == 422
    text = soup(response).find(id="person-error").get_text(strip=True)
    assert "Ada Byron" in text and "Ada Lovelace" in text


def test_an_outcome_needs_an_ask(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    response = post_log(client, person=str(pid), intent="give", outcome="helped")
    assert response.status_code == 422
    assert "ask" in soup(response).find(id="outcome-error").get_text()


def test_a_bad_date_is_explained(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    response = post_log(client, person=str(pid), on="yesterday-ish")
    assert response.status_code == 422
    assert "YYYY-MM-DD" in soup(response).find(id="on-error").get_text()


def test_a_date_in_year_two_is_a_typo(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    response = post_log(client, person=str(pid), on="0002-11-25")
    assert response.status_code == 422
    assert soup(response).find(id="on-error").get_text(strip=True) == (
        "Use a date between 1900 and 2199."
    )


def test_log_page_preselects_a_person(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    field = get_page(client, f"/log?person={pid}").find("input", attrs={"name": "person"})
    assert field["value"] == f"Ada Lovelace (#{pid})"


def test_picker_offers_recent_people(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    seed.touch(pid)
    options = [o["value"] for o in get_page(client, "/log").select("#people-list option")]
    assert options == [f"Ada Lovelace (#{pid})"]


def test_nothing_is_saved_when_the_log_fails(client: TestClient, seed: Seed) -> None:
    seed.person("Ada")
    post_log(client, person="Nobody")
    assert client.get("/api/v1/interactions").json()["items"] == []
