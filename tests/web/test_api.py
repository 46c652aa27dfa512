"""The JSON API: the same services as the pages, one error shape, pagination, and one
owner's data invisible to every other owner."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kith.services import groups, people
from tests.web.conftest import Seed


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "field"}, body
    return dict(body["error"])


# ---- people -----------------------------------------------------------------------------


def test_people_list_is_paginated(client: TestClient, seed: Seed) -> None:
    for name in ["Ada", "Bea", "Cy", "Dee", "Eve"]:
        seed.person(name)
    page = client.get("/api/v1/people", params={"limit": 2, "offset": 2}).json()
    assert set(page) == {"items", "total", "limit", "offset"}
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 2)
    assert [p["person"] for p in page["items"]] == ["Cy", "Dee"]
    assert all({"person", "person_id"} <= set(p) for p in page["items"])


def test_people_list_searches_and_filters(client: TestClient, seed: Seed) -> None:
    seed.person("Ada Lovelace", emails=["ada@example.org"], tags=["math"], org="Engines Ltd")
    seed.person("Grace Hopper", tags=["navy"])
    assert [p["person"] for p in client.get("/api/v1/people?q=ada@").json()["items"]] == [
        "Ada Lovelace"
    ]
    assert client.get("/api/v1/people?tag=navy").json()["total"] == 1
    assert client.get("/api/v1/people?org=engines").json()["items"][0]["org"] == "Engines Ltd"


def test_create_read_and_patch_a_person(client: TestClient) -> None:
    created = client.post(
        "/api/v1/people",
        json={
            "name": "Ada Lovelace",
            "emails": ["ada@example.org"],
            "org": "Engines",
            "tags": ["math"],
        },
    )
    assert created.status_code == 201
    person = created.json()
    assert person["person"] == "Ada Lovelace" and person["positions"][0]["org"] == "Engines"
    pid = person["person_id"]
    patched = client.patch(
        f"/api/v1/people/{pid}", json={"location": "London", "add_tags": ["poetry"]}
    )
    assert patched.status_code == 200
    assert patched.json()["location"] == "London"
    assert sorted(client.get(f"/api/v1/people/{pid}").json()["tags"]) == ["math", "poetry"]


def test_patch_leaves_fields_that_are_not_sent(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada", location="London", kin=True)
    client.patch(f"/api/v1/people/{pid}", json={"notes": "likes engines"})
    person = client.get(f"/api/v1/people/{pid}").json()
    assert (person["location"], person["kin"], person["notes"]) == ("London", True, "likes engines")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Ada", "closeness": True}, "closeness"),
        ({"name": "Ada", "kin": 1}, "kin"),
        ({"name": "Ada", "met_on": 1700000000}, "met_on"),
        ({"name": "Ada", "met_on": "0002-01-01"}, "met_on"),
        ({"name": "   "}, "name"),
        ({"name": "Ada", "emails": ["not-an-email"]}, "emails.0"),
        ({"name": "Ada", "surprise": 1}, "surprise"),
    ],
)
def test_create_person_refuses_loose_json(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/people", json=body)
    assert response.status_code == 422
    assert error(response)["field"] == field


def test_patch_refuses_null_for_a_name(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    response = client.patch(f"/api/v1/people/{pid}", json={"name": None})
    assert response.status_code == 422


def test_unknown_introducer_is_a_conflict_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/people", json={"name": "Ada", "introduced_by": "Nobody"})
    assert response.status_code == 409
    assert error(response) == {
        "code": "unknown_reference",
        "message": "No person matches 'Nobody'. Check the spelling, or list people with "
        "`kith people list`.",
        "field": "introduced_by",
    }


# ---- interactions -----------------------------------------------------------------------


def test_log_and_list_interactions(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    created = client.post(
        "/api/v1/interactions",
        json={
            "summary": "Coffee",
            "with_people": [str(pid)],
            "channel": "in_person",
            "on": "2026-11-20",
        },
    )
    assert created.status_code == 201, created.text
    it = created.json()
    assert it["people"] == [{"person": "Ada", "person_id": pid}]
    assert it["on"] == "2026-11-20"
    listed = client.get("/api/v1/interactions", params={"person_id": pid}).json()
    assert [i["id"] for i in listed["items"]] == [it["id"]]
    assert client.get(f"/api/v1/interactions/{it['id']}").json()["summary"] == "Coffee"
    assert client.get(f"/api/v1/people/{pid}/interactions").json()[0]["id"] == it["id"]


def test_outcome_without_an_ask_is_refused(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    response = client.post(
        "/api/v1/interactions",
        json={"summary": "x", "with_people": [str(pid)], "intent": "give", "outcome": "helped"},
    )
    assert response.status_code == 422
    assert "intent 'ask'" in error(response)["message"]


def test_unknown_participant_is_a_conflict_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/interactions", json={"summary": "x", "with_people": ["Zed"]})
    assert response.status_code == 409
    assert error(response)["field"] == "with_people"


def test_naming_yourself_among_the_others_is_a_conflict_naming_the_field(
    client: TestClient, seed: Seed
) -> None:
    from kith.services.owners import me_person

    me = seed(lambda ctx: me_person(ctx).id)
    ada = seed.person("Ada")
    iid = seed.touch(ada)
    for response in (
        client.post("/api/v1/interactions", json={"summary": "x", "with_people": [str(me)]}),
        client.patch(f"/api/v1/interactions/{iid}", json={"with_people": [str(me)]}),
    ):
        assert response.status_code == 409
        assert error(response) == {
            "code": "self_reference",
            "message": "You are always part of your own interactions: name the others.",
            "field": "with_people",
        }


def test_a_person_cannot_have_introduced_themselves(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada Lovelace")
    response = client.patch(f"/api/v1/people/{ada}", json={"introduced_by": str(ada)})
    assert response.status_code == 409
    assert error(response) == {
        "code": "self_reference",
        "message": (
            "Ada Lovelace cannot have introduced themselves: name who introduced you to them."
        ),
        "field": "introduced_by",
    }
    assert client.get(f"/api/v1/people/{ada}").json()["introduced_by"] is None


def test_interactions_page_with_offset(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    ids = [seed.touch(pid, summary=f"touch {n}", on=f"2026-11-0{n}") for n in range(1, 6)]
    page = client.get("/api/v1/interactions", params={"limit": 2, "offset": 1}).json()
    assert [i["id"] for i in page["items"]] == [ids[3], ids[2]]
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)


def test_interactions_narrowed_by_words_how_why_and_dates(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    seed.touch(pid, summary="Coffee", on="2026-11-02", channel="in_person")
    call = seed.touch(pid, summary="Call about Acme", on="2026-11-05", channel="call", intent="ask")
    seed.touch(pid, summary="Coffee again", on="2026-11-09", channel="in_person")

    def ids(**params: str) -> list[int]:
        found = client.get("/api/v1/interactions", params=params)
        assert found.status_code == 200, found.text
        return [i["id"] for i in found.json()["items"]]

    assert ids(q="ACME") == ids(channel="call") == ids(intent="ask") == [call]
    assert ids(since="2026-11-05", until="2026-11-05", person_id=str(pid)) == [call]
    assert len(ids(q="coffee", channel="in_person")) == 2
    refused = client.get("/api/v1/interactions", params={"since": "soon", "channel": "pigeon"})
    assert refused.status_code == 422


def test_correct_and_delete_an_interaction(client: TestClient, seed: Seed) -> None:
    ada, bea = seed.person("Ada"), seed.person("Bea")
    iid = seed.touch(ada, summary="Coffee", on="2026-11-02")
    path = f"/api/v1/interactions/{iid}"
    changed = client.patch(path, json={"intent": "give", "with_people": [str(bea), str(ada)]})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["intent"], body["summary"], body["on"]) == ("give", "Coffee", "2026-11-02")
    assert [p["person_id"] for p in body["people"]] == [bea, ada]
    noted = client.patch(path, json={"note": "she asked about Lisbon"}).json()
    assert noted["notes"] == "she asked about Lisbon"
    assert client.patch(path, json={"note": None}).json()["notes"] is None
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404
    assert client.delete(path).status_code == 404


def test_interaction_corrections_are_checked(client: TestClient, seed: Seed) -> None:
    ada = seed.person("Ada")
    path = f"/api/v1/interactions/{seed.touch(ada, summary='Coffee')}"
    nobody = client.patch(path, json={"with_people": ["Zed"]})
    assert (nobody.status_code, error(nobody)["field"]) == (409, "with_people")
    assert error(client.patch(path, json={"summary": None}))["code"] == "invalid"
    assert client.patch(path, json={"intent": "bribe"}).status_code == 422
    assert error(client.patch(path, json={"summary": "  "}))["field"] == "summary"
    no_ask = client.patch(path, json={"outcome": "helped"})  # the touch is a catch-up
    assert (no_ask.status_code, error(no_ask)["code"]) == (409, "conflict")
    assert "set --intent ask as well" in error(no_ask)["message"]
    both = client.patch(path, json={"outcome": "helped", "intent": "give"})
    assert both.status_code == 422
    assert "intent 'ask'" in error(both)["message"]
    assert (
        client.patch("/api/v1/interactions/999", json={"with_people": ["Zed"]}).status_code == 404
    )
    assert client.get(path).json()["summary"] == "Coffee"


# ---- merges ------------------------------------------------------------------------------


def _suggested_pair(seed: Seed, owner: str = "default") -> tuple[int, int]:
    from kith.services import matching

    chris = seed.person("Chris Park", owner=owner, org="Acme Corp")
    christina = seed.person("Christina Park", owner=owner, org="ACME Corporation")
    seed(lambda ctx: matching.suggest_merges(ctx, [christina]), owner=owner)
    return chris, christina


def test_settle_a_suggested_duplicate_and_undo_the_merge(client: TestClient, seed: Seed) -> None:
    chris, christina = _suggested_pair(seed)
    [suggestion] = client.get("/api/v1/merges/suggestions").json()
    assert (suggestion["person_id"], suggestion["other_id"]) == (chris, christina)
    assert suggestion["reason"] == "similar names (83%) at the same organization"
    merged = client.post(f"/api/v1/merges/suggestions/{suggestion['id']}/merge")
    assert merged.status_code == 200, merged.text
    made = merged.json()
    assert (made["person_id"], made["merged_id"], made["undone"]) == (chris, christina, False)
    assert client.get("/api/v1/merges/suggestions").json() == []
    listed = client.get("/api/v1/people").json()["items"]
    assert [p["person_id"] for p in listed] == [chris]  # merged into Chris
    undone = client.post(f"/api/v1/merges/{made['id']}/undo").json()
    assert undone["undone"] is True
    listed = client.get("/api/v1/people").json()["items"]
    assert sorted(p["person_id"] for p in listed) == [chris, christina]
    assert [m["id"] for m in client.get("/api/v1/merges").json()] == [made["id"]]
    again = client.post(f"/api/v1/merges/{made['id']}/undo")
    assert (again.status_code, error(again)["code"]) == (409, "conflict")


def test_keep_a_suggested_pair_apart(client: TestClient, seed: Seed) -> None:
    _suggested_pair(seed)
    [suggestion] = client.get("/api/v1/merges/suggestions").json()
    kept = client.post(f"/api/v1/merges/suggestions/{suggestion['id']}/keep-apart").json()
    assert kept["status"] == "rejected"
    assert client.get("/api/v1/merges/suggestions").json() == []
    decided = client.post(f"/api/v1/merges/suggestions/{suggestion['id']}/merge")
    assert decided.status_code == 409
    assert error(decided)["message"] == f"Merge suggestion {suggestion['id']} was already rejected."


def test_another_owners_suggestions_and_merges_are_out_of_reach(
    client: TestClient, seed: Seed
) -> None:
    from kith.services import matching

    _suggested_pair(seed, owner="other")
    theirs = seed(lambda ctx: matching.list_candidates(ctx)[0]["id"], owner="other")
    assert client.get("/api/v1/merges/suggestions").json() == []
    for action in ("merge", "keep-apart"):
        response = client.post(f"/api/v1/merges/suggestions/{theirs}/{action}")
        assert response.status_code == 404
    merge_id = seed(lambda ctx: matching.accept(ctx, theirs).id, owner="other")
    assert client.get("/api/v1/merges").json() == []
    assert client.post(f"/api/v1/merges/{merge_id}/undo").status_code == 404


# ---- groups and goals -------------------------------------------------------------------


def test_groups_and_their_members(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada")
    created = client.post("/api/v1/groups", json={"name": "PyLadies", "interests": ["Python"]})
    assert created.status_code == 201
    gid = created.json()["id"]
    seed(
        lambda ctx: groups.record_activity(
            ctx, groups.resolve_group(ctx, str(gid)), people.resolve_person(ctx, str(pid)), "talk"
        )
    )
    detail = client.get(f"/api/v1/groups/{gid}").json()
    assert detail["members"][0] == {
        "person": "Ada",
        "person_id": pid,
        "joined_on": "2026-11-25",
        "contributions": 1,
    }
    assert client.get("/api/v1/groups").json()[0]["members"] == 1
    duplicate = client.post("/api/v1/groups", json={"name": "pyladies"})
    assert duplicate.status_code == 409 and error(duplicate)["code"] == "conflict"


def test_job_search_goal(client: TestClient) -> None:
    created = client.post(
        "/api/v1/goals/job-search", json={"orgs": ["Acme"], "roles": ["data engineer"]}
    )
    assert created.status_code == 201
    assert created.json()["active"] is True
    assert client.get("/api/v1/goals").json()[0]["orgs"] == ["Acme"]
    again = client.post("/api/v1/goals/job-search", json={"orgs": ["Other"]})
    assert again.status_code == 409


# ---- insights ---------------------------------------------------------------------------

INSIGHTS = [
    "health",
    "plan",
    "due",
    "habits",
    "gaps",
    "groups",
    "reconnect",
    "brokers",
    "network-map",
]


@pytest.mark.parametrize("name", INSIGHTS)
def test_every_insight_answers_with_json(client: TestClient, seed: Seed, name: str) -> None:
    seed.demo()
    response = client.get(f"/api/v1/insights/{name}")
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), dict | list)


def test_insights_explain_themselves(client: TestClient, seed: Seed) -> None:
    seed.demo()
    health = client.get("/api/v1/insights/health").json()
    assert 0 <= health["score"] <= 10 and health["why"]
    assert all({"person", "person_id", "credit", "why"} <= set(c) for c in health["counted"])
    plan = client.get("/api/v1/insights/plan", params={"budget": 3}).json()
    assert len(plan["items"]) <= 3
    assert all({"person", "person_id", "action", "why"} <= set(i) for i in plan["items"])


def test_leads_and_ties(client: TestClient, seed: Seed) -> None:
    seed.demo()
    leads = client.get("/api/v1/insights/leads", params={"target": "Acme", "ask": "referral"})
    assert leads.status_code == 200 and "leads" in leads.json()
    pid = client.get("/api/v1/people?limit=1").json()["items"][0]["person_id"]
    ties = client.get(f"/api/v1/people/{pid}/ties").json()
    assert ties["person_id"] == pid and ties["band"] in {"strong", "medium", "weak", "nominal"}
    assert set(client.get(f"/api/v1/people/{pid}/gaps").json()) == {"unknown", "questions"}


def test_insights_take_an_as_of_date(client: TestClient, seed: Seed) -> None:
    seed.demo()
    assert client.get("/api/v1/insights/health?as_of=2026-06-01").json()["as_of"] == "2026-06-01"
    for value in ("June", "0002-01-01", "2026-02-30"):
        bad = client.get(f"/api/v1/insights/health?as_of={value}")
        assert bad.status_code == 422 and error(bad)["field"] == "as_of", value


def test_ties_of_yourself_are_not_found(client: TestClient) -> None:
    me = client.get("/api/v1/people/1").json()
    assert me["is_me"] is True
    response = client.get("/api/v1/people/1/ties")
    assert response.status_code == 404


# ---- the one error shape ----------------------------------------------------------------


def test_unknown_api_address_uses_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


def test_unknown_person_uses_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/people/999")
    assert response.status_code == 404
    assert error(response) == {
        "code": "not_found",
        "message": "No person matches '999'. Check the spelling, or list people with "
        "`kith people list`.",
        "field": None,
    }


def test_wrong_method_uses_the_error_shape_and_lists_allowed_methods(client: TestClient) -> None:
    response = client.delete("/api/v1/people/1")
    assert response.status_code == 405
    assert error(response)["code"] == "method_not_allowed"
    assert response.headers["allow"] == "GET, HEAD, PATCH"


def test_validation_error_names_the_field(client: TestClient) -> None:
    response = client.get("/api/v1/people", params={"limit": 0})
    assert response.status_code == 422
    assert error(response)["field"] == "limit"


def test_malformed_json_uses_the_error_shape(client: TestClient) -> None:
    response = client.post(
        "/api/v1/people", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert error(response)["code"] == "invalid"


def test_openapi_is_served_and_lists_only_the_api(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "kith"
    assert all(path.startswith("/api/v1/") for path in spec["paths"])
    assert "/api/v1/people/{person_id}" in spec["paths"]
    assert spec["paths"]["/api/v1/people"]["get"]["responses"]["404"]["content"]


# ---- owner scoping ----------------------------------------------------------------------


def test_another_owners_data_never_appears_through_the_api(client: TestClient, seed: Seed) -> None:
    mine = seed.person("Ada Mine")
    theirs = seed.person("Zed Theirs", owner="other", emails=["zed@example.org"], tags=["secret"])

    def other_touch(ctx: Any) -> int:
        from kith.schemas.interactions import InteractionCreate
        from kith.services import interactions

        return interactions.log_interaction(
            ctx, InteractionCreate(summary="secret", with_people=[str(theirs)])
        ).id

    their_touch = seed(other_touch, owner="other")
    their_group = seed(lambda ctx: groups.add_group(ctx, "Secret club").id, owner="other")

    listing = client.get("/api/v1/people", params={"limit": 500, "include_archived": True}).json()
    assert [p["person_id"] for p in listing["items"]] == [mine]
    for query in ["q=Zed", "q=zed@example.org", "tag=secret"]:
        assert client.get(f"/api/v1/people?{query}").json()["total"] == 0
    for path in [
        f"/api/v1/people/{theirs}",
        f"/api/v1/people/{theirs}/interactions",
        f"/api/v1/people/{theirs}/ties",
        f"/api/v1/people/{theirs}/gaps",
        f"/api/v1/interactions/{their_touch}",
        f"/api/v1/groups/{their_group}",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.patch(f"/api/v1/people/{theirs}", json={"notes": "x"}).status_code == 404
    touch = f"/api/v1/interactions/{their_touch}"
    assert client.patch(touch, json={"summary": "mine"}).status_code == 404
    assert client.delete(touch).status_code == 404
    assert client.get("/api/v1/interactions").json()["items"] == []
    assert client.get(f"/api/v1/interactions?person_id={theirs}").status_code == 404
    assert client.get("/api/v1/groups").json() == []
    logged = client.post(
        "/api/v1/interactions", json={"summary": "x", "with_people": [str(theirs)]}
    )
    assert logged.status_code == 409
    intro = client.post("/api/v1/people", json={"name": "New", "introduced_by": "zed@example.org"})
    assert intro.status_code == 409
    for name in INSIGHTS:
        assert "Zed" not in client.get(f"/api/v1/insights/{name}").text, name
    assert "Zed" not in client.get("/api/v1/insights/leads?target=Secret").text


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (("body", "summary", "constrained-str"), "summary"),
        (("body", "with_people", "list[constrained-str]", 2), "with_people.2"),
        (("body", "on", "function-after[_iso_date(), date]"), "on"),
        (("body", "name", "str"), "name"),
        (("query", "limit"), "limit"),
        (("body",), None),
    ],
)
def test_error_field_names_the_field_not_the_union_member(loc: tuple[Any, ...], field: str) -> None:
    from kith.web.errors import field_of

    assert field_of(loc) == field


def test_a_person_named_by_a_digit_like_character_is_not_found_not_a_crash(
    client: TestClient,
) -> None:
    """schemathesis sent "²", which str.isdigit takes and int() refuses."""
    for name in ("²", "9" * 30):
        body = {"intent": "ask", "summary": "0", "with_people": [name]}
        response = client.post("/api/v1/interactions", json=body)
        assert response.status_code == 409, response.text  # as for any unknown person
        assert response.json()["error"]["code"] == "unknown_reference"
        assert client.get(f"/api/v1/people/{name}").status_code in (404, 422)
