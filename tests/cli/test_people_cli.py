"""The people commands, driven through the CLI against a real database."""

from __future__ import annotations

from tests.conftest import Cli


def test_add_then_show_as_json_carries_person_and_id(cli: Cli) -> None:
    cli.ok(
        "people",
        "add",
        "Ana Lima",
        "--email",
        "Ana@Example.org",
        "--org",
        "Acme Corp.",
        "--title",
        "Engineer",
        "--tag",
        "Python",
        "--closeness",
        "4",
    )
    shown = cli.ok("people", "show", "ana@example.org", "--format", "json").json()
    assert shown["person"] == "Ana Lima"
    assert isinstance(shown["person_id"], int)
    assert shown["emails"] == ["Ana@Example.org"]
    assert shown["tags"] == ["python"]
    assert shown["closeness"] == 4
    assert [(p["org"], p["title"], p["current"]) for p in shown["positions"]] == [
        ("Acme Corp.", "Engineer", True)
    ]


def test_unknown_person_is_an_error_with_exact_message(cli: Cli) -> None:
    result = cli("people", "show", "Zed")
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        "Error: No person matches 'Zed'. Check the spelling, or list people with "
        "`kith people list`."
    )
    assert "Traceback" not in result.stderr


def test_a_misspelt_name_offers_the_close_ones(cli: Cli) -> None:
    ana = cli.ok("people", "add", "Alice Johnson", "-f", "json").json()["person_id"]
    cli.ok("people", "add", "Bob Williams")
    result = cli("log", "Coffee", "-w", "Alise Jonson")
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"Error: No person matches 'Alise Jonson'. Did you mean Alice Johnson (id {ana})? "
        "Check the spelling, or list people with `kith people list`."
    )
    assert "Did you mean" not in cli("people", "show", "Zora Quinn").stderr  # no one close
    reversed_ = cli("people", "show", "Johnson Alice").stderr
    assert f"Did you mean Alice Johnson (id {ana})?" in reversed_  # any word order
    assert "Bob" not in reversed_


def test_ambiguous_name_lists_the_candidates(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "add", "Ana Costa")
    result = cli("people", "show", "ana")
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        "Error: 'ana' matches 2 people: Ana Costa (id 3); Ana Lima (id 2). "
        "Use more of the name, an email or the id."
    )


def test_exact_full_name_wins_over_fragment_matches(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "add", "Ana Lima Costa")
    assert cli.ok("people", "show", "ana lima", "-f", "json").json()["person"] == "Ana Lima"


def test_me_is_a_person(cli: Cli) -> None:
    me = cli.ok("people", "show", "me", "-f", "json").json()
    assert me["is_me"] is True


def test_bad_date_names_the_option(cli: Cli) -> None:
    result = cli("people", "add", "Ana Lima", "--met-on", "2024-13-01")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Invalid date '2024-13-01' for --met-on: use YYYY-MM-DD, e.g. 2024-03-15."
    )
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 0


def test_bad_circle_is_rejected(cli: Cli) -> None:
    result = cli("people", "add", "Ana Lima", "--circle", "C7")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown value 'C7' for --circle: choose one of C5, C15, C50, C150, C500, C1500."
    )


def test_list_filters_by_tag_and_org_and_paginates(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--tag", "ux", "--org", "Acme Corp.")
    cli.ok("people", "add", "Ben Okafor", "--tag", "python", "--org", "Globex")
    cli.ok("people", "add", "Chloe Martin", "--tag", "python")
    by_tag = cli.ok("people", "list", "--tag", "python", "-f", "json").json()
    assert [p["person"] for p in by_tag["items"]] == ["Ben Okafor", "Chloe Martin"]
    by_org = cli.ok("people", "list", "--org", "acme", "-f", "json").json()
    assert [p["person"] for p in by_org["items"]] == ["Ana Lima"]
    page = cli.ok("people", "list", "--limit", "1", "--offset", "1", "-f", "json").json()
    assert page["total"] == 3
    assert [p["person"] for p in page["items"]] == ["Ben Okafor"]


def test_list_as_csv_neutralizes_formulas(cli: Cli) -> None:
    cli.ok("people", "add", '=HYPERLINK("x")')
    out = cli.ok("people", "list", "-f", "csv").stdout.splitlines()
    assert out[0] == "person_id,person,org,title,tags,last_contact"
    assert out[1].startswith("2,\"'=HYPERLINK(")


def test_edit_changes_only_given_fields(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--location", "Lisbon", "--tag", "ux")
    cli.ok("people", "edit", "ana", "--closeness", "5", "--tag", "python", "--untag", "ux")
    shown = cli.ok("people", "show", "ana", "-f", "json").json()
    assert shown["closeness"] == 5
    assert shown["location"] == "Lisbon"
    assert shown["tags"] == ["python"]


def test_archive_hides_and_undo_restores(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "archive", "ana")
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 0
    cli.ok("people", "archive", "ana", "--undo")
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 1


def test_introduced_by_creates_an_introduced_link(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "add", "Ben Okafor", "--introduced-by", "Ana")
    shown = cli.ok("people", "show", "ben", "-f", "json").json()
    assert shown["introduced_by"] == "Ana Lima"
    assert [(link["person"], link["kind"]) for link in shown["links"]] == [
        ("Ana Lima", "introduced")
    ]


def test_merge_moves_everything_and_can_be_undone(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--email", "ana@example.org")
    cli.ok("people", "add", "A. Lima", "--email", "ana.lima@work.example", "--tag", "ux")
    cli.ok("log", "Coffee", "--with", "A. Lima", "--on", "2026-11-01")
    merged = cli.ok("people", "merge", "Ana Lima", "A. Lima", "-f", "json").json()
    shown = cli.ok("people", "show", "ana@example.org", "-f", "json").json()
    assert sorted(shown["emails"]) == ["ana.lima@work.example", "ana@example.org"]
    assert shown["tags"] == ["ux"]
    assert shown["interactions"] == 1
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 1
    from kith.db.engine import make_engine, make_session_factory
    from kith.services import merge
    from kith.services.context import Ctx
    from kith.services.owners import ensure_owner

    factory = make_session_factory(make_engine(cli.db_url))
    with factory() as session:
        owner = ensure_owner(session, cli.clock)
        merge.undo_merge(Ctx(session, owner.id, cli.clock), merged["merge_id"])
        session.commit()
    restored = cli.ok("people", "show", "A. Lima", "-f", "json").json()
    assert restored["emails"] == ["ana.lima@work.example"]
    assert restored["interactions"] == 1


def test_nobody_introduced_themselves(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    refused = cli("people", "edit", "Ana", "--introduced-by", "Ana", "--location", "Porto")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "Error: Ana Lima cannot have introduced themselves: name who introduced you to them."
    )
    shown = cli.ok("people", "show", "Ana", "-f", "json").json()
    assert (shown["introduced_by"], shown["location"]) == (None, None)  # nothing changed
