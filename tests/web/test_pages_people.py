"""People: search, filters and pages; the person page; add and edit with errors in place."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from kith.services import network, people
from tests.web.conftest import Seed, csrf_of, flash_text, get_page, soup


def names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.get_text(strip=True) for a in page.select("table.people tbody td:first-child > a")]


def test_people_list_searches_by_name_and_email(client: TestClient, seed: Seed) -> None:
    seed.person("Ada Lovelace", emails=["ada@engines.org"])
    seed.person("Grace Hopper")
    assert names(get_page(client, "/people?q=grace")) == ["Grace Hopper"]
    assert names(get_page(client, "/people?q=engines.org")) == ["Ada Lovelace"]


def test_people_list_filters_by_tag_and_organization(client: TestClient, seed: Seed) -> None:
    seed.person("Ada Lovelace", tags=["math"], org="Engines Ltd", title="Analyst")
    seed.person("Grace Hopper", tags=["navy"], org="US Navy")
    assert names(get_page(client, "/people?tag=math")) == ["Ada Lovelace"]
    page = get_page(client, "/people?org=US Navy")
    assert names(page) == ["Grace Hopper"]
    row = page.select_one("table.people tbody tr")
    assert row.select("td")[1].get_text(" ", strip=True) == "US Navy"


def test_people_list_pages_through_everyone(client: TestClient, seed: Seed) -> None:
    seed.demo(people=120)
    first = get_page(client, "/people")
    assert len(names(first)) == 50
    assert first.select_one(".count").get_text(strip=True) == "Showing 1–50 of 120 people."
    nxt = first.select_one(".pager a[rel=next]")["href"]
    assert nxt == "/people?page=2"
    third = get_page(client, "/people?page=3")
    assert len(names(third)) == 20
    assert third.select_one(".pager a[rel=prev]")["href"] == "/people?page=2"
    assert not set(names(first)) & set(names(third))


def test_filters_are_kept_across_pages(client: TestClient, seed: Seed) -> None:
    seed.demo(people=120)
    page = get_page(client, "/people?q=a&page=1")
    link = page.select_one(".pager a[rel=next]")
    assert link is None or link["href"].startswith("/people?q=a&")


def test_due_and_dormant_filters_use_the_coach(client: TestClient, seed: Seed) -> None:
    seed.demo()
    due = get_page(client, "/people?due=1")
    cards = due.select("li.person-card")
    assert cards and all(c.select_one(".why").get_text(strip=True) for c in cards)
    assert due.find("input", attrs={"name": "due"}).has_attr("checked")
    dormant = get_page(client, "/people?dormant=1")
    assert dormant.select("li.person-card")


def test_rows_show_band_last_contact_and_a_sparkline(client: TestClient, seed: Seed) -> None:
    seed.demo()
    row = get_page(client, "/people").select_one("table.people tbody tr")
    assert row.select_one(".badge[class*=band-]")
    assert row.select_one("svg.sparkline title").get_text().startswith("Touches per week")
    assert row.select("td")[2].get_text(strip=True)


def test_empty_list_teaches_what_to_do(client: TestClient) -> None:
    text = get_page(client, "/people").select_one("p.empty").get_text(" ", strip=True)
    assert text.startswith("No one here yet. Import your LinkedIn export")


def test_person_page_answers_how_are_we(client: TestClient, seed: Seed) -> None:
    seed.demo()
    pid = client.get("/api/v1/people?limit=1").json()["items"][0]["person_id"]
    page = get_page(client, f"/people/{pid}")
    assert page.select_one(".answer").get_text(" ", strip=True).startswith("How are we?")
    bars = page.select_one("svg.tiebars")
    assert bars.find("title").get_text().startswith("Tie strength")
    assert len(bars.select("rect.bar")) >= 6
    assert page.select_one("section.ties details table")
    assert page.select_one("section.gaps h2").get_text() == "What you don't know yet"
    assert page.select_one("section.timeline svg.sparkline")
    assert page.select_one("section.about .career-list li")


def test_person_page_shows_links_and_career(client: TestClient, seed: Seed) -> None:
    intro = seed.person("Grace Hopper")
    pid = seed.person("Ada Lovelace", introduced_by=str(intro))
    seed(
        lambda ctx: network.add_position(
            ctx,
            people.resolve_person(ctx, str(pid)),
            org="Engines Ltd",
            title="Analyst",
            started_on=date(2020, 3, 1),
        )
    )
    page = get_page(client, f"/people/{pid}")
    job = page.select_one(".career-list li").get_text(" ", strip=True)
    assert job.startswith("Analyst at Engines Ltd")
    assert [a.get_text() for a in page.select(".links-list a")] == ["Grace Hopper"]
    career = page.select_one(".timeline-list li.career").get_text(" ", strip=True)
    assert career == "2020-03-01 ◆ Started as Analyst at Engines Ltd"


def test_missing_person_is_a_kind_404_page(client: TestClient) -> None:
    page = get_page(client, "/people/4242", status=404)
    assert page.find("h1").get_text(strip=True) == "We could not find that"
    assert "No person matches '4242'" in page.select_one(".lead").get_text()


def test_add_person_form_labels_every_field(client: TestClient) -> None:
    page = get_page(client, "/people/new")
    for control in page.select("form input:not([type=hidden]), form select, form textarea"):
        assert page.find("label", attrs={"for": control["id"]}), control["name"]


def test_add_person_shows_errors_next_to_the_fields(client: TestClient) -> None:
    response = client.post(
        "/people/new",
        data={"csrf_token": csrf_of(client, "/people/new"), "name": " ", "emails": "nope",
              "closeness": "9", "met_on": "last year", "notes": "keep me"},
    )  # fmt: skip
    assert response.status_code == 422
    page = soup(response)
    errors = {e["id"]: e.get_text(strip=True) for e in page.select(".field-error")}
    assert set(errors) == {"name-error", "emails-error", "closeness-error", "met_on-error"}
    assert errors["name-error"] == "A person needs a name."
    assert page.find("textarea", attrs={"name": "notes"}).get_text() == "keep me"
    assert page.find("input", attrs={"name": "emails"})["aria-invalid"] == "true"
    assert client.get("/api/v1/people").json()["total"] == 0


def test_add_person_then_land_on_their_page(client: TestClient) -> None:
    response = client.post(
        "/people/new",
        data={
            "csrf_token": csrf_of(client, "/people/new"),
            "name": "Ada Lovelace",
            "emails": "ada@example.org, ada@engines.org",
            "org": "Engines",
            "tags": "math, poetry",
            "circle": "C15",
            "kin": "1",
        },
    )
    assert flash_text(client, response).startswith("Added Ada Lovelace.")
    person = client.get(response.headers["location"].replace("/people", "/api/v1/people")).json()
    assert person["emails"] == ["ada@example.org", "ada@engines.org"]
    assert (person["circle_pin"], person["kin"], person["tags"]) == (
        "C15",
        True,
        ["math", "poetry"],
    )


def test_edit_person_changes_fields_tags_and_job(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace", tags=["math", "poetry"], org="Engines", title="Analyst")
    page = get_page(client, f"/people/{pid}/edit")
    fields = {i["name"]: i.get("value", "") for i in page.select("form input")}
    assert (fields["name"], fields["org"], fields["tags"]) == (
        "Ada Lovelace",
        "Engines",
        "math, poetry",
    )
    fields.update(location="London", tags="math", org="Babbage & Co", title="Partner")
    response = client.post(f"/people/{pid}/edit", data=fields)
    assert flash_text(client, response) == "Saved Ada Lovelace."
    person = client.get(f"/api/v1/people/{pid}").json()
    assert (person["location"], person["tags"]) == ("London", ["math"])
    assert [(p["org"], p["current"]) for p in person["positions"]] == [
        ("Babbage & Co", True),
        ("Engines", False),
    ]


def test_edit_with_errors_returns_422_and_keeps_values(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    data = {"csrf_token": csrf_of(client, f"/people/{pid}/edit"), "name": "", "location": "Paris"}
    response = client.post(f"/people/{pid}/edit", data=data)
    assert response.status_code == 422
    assert soup(response).find("input", attrs={"name": "location"})["value"] == "Paris"


def test_archive_and_restore(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    token = csrf_of(client, f"/people/{pid}")
    response = client.post(f"/people/{pid}/archive", data={"csrf_token": token})
    assert flash_text(client, response).startswith("Archived Ada: hidden from plans")
    assert names(get_page(client, "/people")) == []
    response = client.post(f"/people/{pid}/archive", data={"csrf_token": token})
    assert flash_text(client, response) == "Restored Ada."


def test_another_owners_people_never_appear_on_the_pages(client: TestClient, seed: Seed) -> None:
    mine = seed.person("Ada Mine")
    seed.touch(mine)
    theirs = seed.person("Zed Theirs", owner="other", tags=["secret"])
    assert names(get_page(client, "/people")) == ["Ada Mine"]
    assert names(get_page(client, "/people?q=Zed")) == []
    get_page(client, f"/people/{theirs}", status=404)
    get_page(client, f"/people/{theirs}/edit", status=404)
    assert "Zed" not in client.get("/log").text
    assert "Zed" not in client.get(f"/log?person={theirs}").text
    response = client.post(
        "/log", data={"csrf_token": csrf_of(client), "person": f"Zed Theirs (#{theirs})"}
    )
    assert response.status_code == 422


def test_unknown_page_is_a_kind_html_404(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert soup(response).select_one(".lead").get_text() == "Nothing lives at this address."


def test_circle_and_band_filters_work_or_say_they_are_coming(
    client: TestClient, seed: Seed
) -> None:
    seed.demo()
    for query in ("circle=C15", "band=strong"):
        page = get_page(client, f"/people?{query}")
        note = page.select_one(".not-available")
        assert page.select("li.person-card") or (note and "not available yet" in note.get_text()), (
            query
        )
