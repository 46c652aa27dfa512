"""The dashboard answers "What should I do this week?"; a newcomer gets a way in."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import Seed, csrf_of, flash_text, get_page


def test_a_newcomer_sees_three_ways_in(client: TestClient) -> None:
    page = get_page(client, "/")
    assert page.find("h1").get_text(strip=True) == "Welcome to kith"
    steps = [h.get_text(strip=True) for h in page.select(".onboarding .step h2")]
    assert steps == [
        "Import your LinkedIn export",
        "Add a few people",
        "Explore the demo network",
    ]
    assert {a["href"] for a in page.select(".onboarding a.button")} == {"/import", "/people/new"}
    form = page.select_one(".onboarding form")
    assert (form["method"], form["action"]) == ("post", "/demo")


def test_loading_the_demo_fills_the_dashboard(client: TestClient) -> None:
    response = client.post("/demo", data={"csrf_token": csrf_of(client, "/")})
    assert flash_text(client, response).startswith("Loaded a demo network: 200 people")
    page = get_page(client, "/")
    assert page.find("h1").get_text(strip=True) == "What should I do this week?"
    assert page.select(".plan-item")
    assert page.select_one("svg.gauge title").get_text().startswith("Ten-People Test:")
    assert len(page.select("svg.heatmap rect.heat")) > 300


def test_the_demo_only_fills_an_empty_database(client: TestClient, seed: Seed) -> None:
    seed.person("Ada")
    response = client.post("/demo", data={"csrf_token": csrf_of(client, "/")})
    assert "only fills an empty one" in flash_text(client, response)
    assert get_page(client, "/people").select_one(".count").get_text().strip().endswith("1 person.")


def test_every_number_comes_with_a_why(client: TestClient, seed: Seed) -> None:
    seed.demo()
    page = get_page(client, "/")
    for card in ("health", "activity", "balance"):
        section = page.select_one(f"section.{card}")
        assert section.select_one(".why").get_text(strip=True), card
    for item in page.select(".plan-item"):
        assert item.select_one(".why").get_text(strip=True)
        assert item.select_one("form button").get_text(" ", strip=True).startswith("Done")


def test_the_gauge_has_ten_slots_linking_to_people(client: TestClient, seed: Seed) -> None:
    seed.demo()
    gauge = get_page(client, "/").select_one("svg.gauge")
    slots = gauge.select("rect.slot")
    assert len(slots) == 10
    links = [a["href"] for a in gauge.find_all("a")]
    assert links and all(href.startswith("/people/") for href in links)
    assert gauge["role"] == "img" and gauge.find("title")


def test_done_logs_the_plan_item_and_the_plan_moves_on(client: TestClient, seed: Seed) -> None:
    seed.demo()
    page = get_page(client, "/")
    item = page.select(".plan-item")[0]
    name = item.select_one("strong a").get_text(strip=True)
    form = item.find("form")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    response = client.post(form["action"], data=fields)
    assert flash_text(client, response) == (
        f"Logged with {name}: {fields['action']}. Well done; the plan moves on."
    )
    after = get_page(client, "/")
    done = [li.get_text(" ", strip=True) for li in after.select(".done-list li")]
    assert any(name in line for line in done)
    edit = after.select_one(".done-list li a.edit-touch")["href"]
    assert edit.startswith("/interactions/") and edit.endswith("/edit?next=/")
    assert client.get(edit).status_code == 200  # a touch logged from the plan can be corrected
    person_id = fields["person_id"]
    timeline = get_page(client, f"/people/{person_id}").select(".timeline-list li.touch")
    assert fields["action"][:40] in timeline[0].get_text(" ", strip=True)


def test_overdue_people_have_a_log_action(client: TestClient, seed: Seed) -> None:
    seed.demo()
    items = get_page(client, "/").select(".due-list li")
    assert items
    for li in items:
        assert li.select_one(".why").get_text(strip=True)
        assert li.select_one("a.button")["href"].startswith("/log?person=")


def test_bad_habits_end_in_a_fix(client: TestClient, seed: Seed) -> None:
    seed.demo()
    for li in get_page(client, "/").select(".bad-habits li"):
        assert li.select_one(".fix").get_text(strip=True).startswith("Try this:")
