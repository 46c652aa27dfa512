"""career, link and log through the CLI."""

from __future__ import annotations

from tests.conftest import Cli


def test_career_add_month_dates_and_new_job_closes_the_old(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--org", "Acme Corp.", "--title", "Engineer")
    cli.ok("career", "add", "ana", "--org", "Globex", "--title", "Lead", "--from", "2026-03")
    positions = cli.ok("people", "show", "ana", "-f", "json").json()["positions"]
    by_org = {p["org"]: p for p in positions}
    assert by_org["Globex"]["started_on"] == "2026-03-01"
    assert by_org["Globex"]["current"] is True
    assert by_org["Acme Corp."]["ended_on"] == "2026-03-01"


def test_career_end_marks_the_leaving_date(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--org", "ACME Corp.")
    out = cli.ok("career", "end", "ana", "--org", "acme", "--on", "2026-10-01")
    assert out.stdout.strip() == "Ana Lima left ACME Corp. on 2026-10-01."


def test_career_end_without_such_position_explains(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    result = cli("career", "end", "ana", "--org", "Globex")
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        "Error: Ana Lima has no current position at 'Globex'. "
        "See their career with `kith people show 2`."
    )


def test_career_to_before_from_is_rejected(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    result = cli("career", "add", "ana", "--org", "X", "--from", "2024-05", "--to", "2023-01")
    assert result.exit_code == 2
    assert "the end must come after the start" in result.stderr


def test_link_records_who_knows_whom_both_ways(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "add", "Ben Okafor")
    cli.ok("link", "ana", "ben", "--kind", "knows_well", "--since", "2020-01-01")
    links = cli.ok("people", "show", "ben", "-f", "json").json()["links"]
    assert [(x["person"], x["kind"], x["since"]) for x in links] == [
        ("Ana Lima", "knows_well", "2020-01-01")
    ]


def test_link_unknown_kind_is_rejected_with_choices(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "add", "Ben Okafor")
    result = cli("link", "ana", "ben", "--kind", "friend")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown value 'friend' for --kind: choose one of knows, knows_well, "
        "introduced, colleague, family."
    )


def test_log_defaults_to_message_catch_up_me_today(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    logged = cli.ok("log", "Quick hello", "--with", "ana", "-f", "json").json()
    assert (logged["channel"], logged["intent"], logged["initiator"], logged["on"]) == (
        "message",
        "catch_up",
        "me",
        "2026-11-25",
    )
    assert logged["people"] == [{"person": "Ana Lima", "person_id": 2}]


def test_log_with_several_people_and_an_ask_outcome(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("people", "add", "Ben Okafor")
    logged = cli.ok(
        "log",
        "Asked for intros",
        "--with",
        "ana",
        "--with",
        "ben",
        "--intent",
        "ask",
        "--outcome",
        "helped",
        "--on",
        "2026-10-02",
        "--channel",
        "video",
        "-f",
        "json",
    ).json()
    assert [p["person"] for p in logged["people"]] == ["Ana Lima", "Ben Okafor"]
    assert logged["outcome"] == "helped"
    assert logged["on"] == "2026-10-02"


def test_log_unknown_channel_is_rejected_and_nothing_written(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    result = cli("log", "Hi", "--with", "ana", "--channel", "pigeon")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown value 'pigeon' for --channel: choose one of in_person, video, call, "
        "event, email, message, social_comment, group_post."
    )
    assert cli.ok("people", "show", "ana", "-f", "json").json()["interactions"] == 0


def test_log_outcome_requires_an_ask(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    result = cli("log", "Hi", "--with", "ana", "--outcome", "helped")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: --outcome records how an ask went: use it with --intent ask."
    )


def test_log_with_unknown_person_writes_nothing(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    result = cli("log", "Hi", "--with", "ana", "--with", "nobody")
    assert result.exit_code == 3
    assert cli.ok("people", "show", "ana", "-f", "json").json()["interactions"] == 0


def test_person_can_be_named_by_linkedin_url(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--url", "https://www.linkedin.com/in/ana-lima/")
    shown = cli.ok("people", "show", "linkedin.com/in/Ana-Lima", "-f", "json").json()
    assert shown["person"] == "Ana Lima"
