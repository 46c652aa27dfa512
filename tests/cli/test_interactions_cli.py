"""kith interactions list|edit|delete: finding a logged touch and correcting it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

DATA = Path(__file__).parents[1] / "data"


def _two_touches(cli: Cli) -> tuple[int, int]:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "add", "Ben Okafor")
    first = cli.ok("log", "Coffee", "--with", "Ana", "--on", "2026-11-02", "-f", "json").json()
    second = cli.ok("log", "Call", "--with", "Ben", "--channel", "call", "-f", "json").json()
    return first["id"], second["id"]


def test_log_says_the_new_interactions_id(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    shown = cli.ok("log", "Coffee", "--with", "Ana").stdout.strip()
    assert shown == "Logged catch up (message) with Ana Lima on 2026-11-25 (interaction 1)."


def test_list_shows_ids_newest_first_and_filters_by_person(cli: Cli) -> None:
    coffee, call = _two_touches(cli)
    listed = cli.ok("interactions", "list", "-f", "json").json()
    assert [i["id"] for i in listed] == [call, coffee]
    only_ana = cli.ok("interactions", "list", "--with", "Ana", "-f", "csv").stdout.splitlines()
    assert only_ana[0] == "id,on,people,channel,intent,initiator,summary"
    assert only_ana[1:] == [f"{coffee},2026-11-02,Ana Lima,message,catch_up,me,Coffee"]
    assert (
        cli.ok("interactions", "list", "--since", "2026-11-20", "-f", "json").json()[0]["id"]
        == call
    )


def test_list_narrows_by_words_channel_intent_and_dates(cli: Cli) -> None:
    coffee, call = _two_touches(cli)

    def ids(*options: str) -> list[int]:
        return [i["id"] for i in cli.ok("interactions", "list", *options, "-f", "json").json()]

    assert ids("--search", "COFFEE") == ids("--until", "2026-11-02") == [coffee]
    assert (
        ids("--channel", "call") == ids("--since", "2026-11-25", "--intent", "catch-up") == [call]
    )
    assert ids("--intent", "give") == []
    table = " ".join(cli.ok("interactions", "list", "--limit", "1").stdout.split())
    assert "Interactions: 1 of 2" in table
    refused = cli("interactions", "list", "--channel", "pigeon")
    assert refused.exit_code == 2
    assert "Unknown value 'pigeon' for --channel" in refused.stderr


def test_edit_changes_only_what_is_given(cli: Cli) -> None:
    coffee, _ = _two_touches(cli)
    shown = cli.ok(
        "interactions", "edit", str(coffee), "--intent", "give", "--with", "Ben", "--with", "Ana"
    ).stdout.strip()
    assert shown == (
        f"Changed interaction {coffee}: Coffee - give (message) with Ben Okafor, Ana Lima "
        "on 2026-11-02."
    )
    after = cli.ok("interactions", "list", "--with", "Ben", "-f", "json").json()
    assert [i["id"] for i in after][-1] == coffee
    ben = cli.ok("ties", "Ben", "--as-of", "2026-11-25", "-f", "json").json()
    assert ben["gives"] == 1  # the ledger counts the corrected intent


def test_an_outcome_is_cleared_with_none(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("log", "Referral?", "--with", "Ana", "--intent", "ask", "--outcome", "helped")
    refused = cli("interactions", "edit", "1", "--intent", "thanks")
    assert refused.exit_code == 5  # a conflict with the outcome it holds
    assert refused.stderr.strip() == (
        "Error: This interaction has an outcome (helped), which records how an ask went: "
        "keep the intent 'ask', or clear the outcome (--outcome none)."
    )
    cli.ok("interactions", "edit", "1", "--intent", "thanks", "--outcome", "none")
    saved = cli.ok("export", "json").json()["interactions"][0]
    assert (saved["intent"], saved["outcome"]) == ("thanks", None)


def test_edit_needs_something_to_change(cli: Cli) -> None:
    coffee, _ = _two_touches(cli)
    refused = cli("interactions", "edit", str(coffee))
    assert refused.exit_code == 2
    assert "Nothing to change: give at least one option (see --help)." in refused.stderr


def test_an_unknown_interaction_is_a_clear_error(cli: Cli) -> None:
    for command in (("edit", "99", "--intent", "give"), ("delete", "99", "--yes")):
        refused = cli("interactions", *command)
        assert refused.exit_code == 3
        assert refused.stderr.strip() == (
            "Error: No interaction with id 99. See your interactions and their ids with "
            "`kith interactions list`."
        )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_delete_asks_first_unless_told_yes(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    coffee, call = _two_touches(cli)
    refused = cli("interactions", "delete", str(coffee))  # a script, not a terminal
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "Error: Deleting asks for confirmation: run it in a terminal, or add --yes."
    )
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    kept = cli("interactions", "delete", str(coffee))
    assert kept.exit_code == 1
    assert f"Delete interaction {coffee}: Coffee" in kept.stdout
    assert len(cli.ok("interactions", "list", "-f", "json").json()) == 2
    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    done = cli.ok("interactions", "delete", str(coffee)).stdout
    assert done.endswith(
        f"Deleted interaction {coffee}: Coffee - catch up (message) with Ana Lima on 2026-11-02.\n"
    )
    assert [i["id"] for i in cli.ok("interactions", "list", "-f", "json").json()] == [call]
    cli.ok("interactions", "delete", str(call), "--yes")
    assert cli.ok("interactions", "list", "-f", "json").json() == []


def test_people_show_lists_the_latest_interactions_with_their_ids(cli: Cli) -> None:
    coffee, _ = _two_touches(cli)
    shown = " ".join(cli.ok("people", "show", "Ana").stdout.split())
    heading = "Latest interactions (id: kith interactions edit ID)"
    assert f"{heading} 2026-11-02 Coffee catch up, message, id {coffee}" in shown


def test_a_summary_of_spaces_is_refused_when_logging_and_correcting(cli: Cli) -> None:
    coffee, _ = _two_touches(cli)
    message = "Error: A summary is needed: say in a few words what happened."
    for command in (
        ("log", "   ", "--with", "Ana"),
        ("interactions", "edit", str(coffee), "--summary", " "),
    ):
        refused = cli(*command)
        assert (refused.exit_code, refused.stderr.strip()) == (2, message)
    assert len(cli.ok("interactions", "list", "-f", "json").json()) == 2


def test_list_narrowed_to_where_touches_came_from(cli: Cli) -> None:
    cli.ok("people", "add", "Ada Lovelace")
    cli.ok("log", "Coffee", "--with", "Ada")
    cli.ok("import", str(DATA / "linkedin" / "lni__Messages_nonstandard.csv"))
    mine = cli.ok("interactions", "list", "--source", "manual", "-f", "json").json()
    assert [i["summary"] for i in mine] == ["Coffee"]
    imported = cli.ok("interactions", "list", "--source", "linkedin", "--limit", "50", "-f", "json")
    assert len(imported.json()) == 9
    assert {i["source"] for i in imported.json()} == {"linkedin"}
    wrong = cli("interactions", "list", "--source", "fax")
    assert wrong.exit_code == 2
    assert "Unknown value 'fax' for --source: choose one of manual, linkedin" in wrong.stderr
