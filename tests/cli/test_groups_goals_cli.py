"""groups, goals and reminders through the CLI."""

from __future__ import annotations

from tests.conftest import Cli


def test_groups_add_join_activity_show(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok(
        "groups",
        "add",
        "Python Meetup",
        "--platform",
        "Meetup",
        "--interest",
        "Python",
        "--interest",
        "data",
    )
    cli.ok("groups", "join", "python meetup", "ana")
    cli.ok(
        "groups",
        "activity",
        "Python Meetup",
        "--by",
        "ana",
        "--kind",
        "talk",
        "--on",
        "2026-11-01",
        "--topic",
        "pandas",
    )
    detail = cli.ok("groups", "show", "Python Meetup", "-f", "json").json()
    assert detail["group"]["interests"] == ["data", "python"]
    assert detail["group"]["role"] == "member"
    assert detail["members"] == [
        {"person": "Ana Lima", "person_id": 2, "joined_on": "2026-11-25", "contributions": 1}
    ]
    assert detail["activity"][0]["kind"] == "talk"
    listed = cli.ok("groups", "list", "-f", "json").json()
    assert [(g["name"], g["members"], g["last_activity"]) for g in listed] == [
        ("Python Meetup", 1, "2026-11-01")
    ]


def test_groups_leave_for_me_clears_my_role(cli: Cli) -> None:
    cli.ok("groups", "add", "UX Guild")
    cli.ok("groups", "leave", "UX Guild")
    assert cli.ok("groups", "list", "-f", "json").json()[0]["role"] is None


def test_groups_activity_unknown_kind(cli: Cli) -> None:
    cli.ok("groups", "add", "UX Guild")
    result = cli("groups", "activity", "UX Guild", "--by", "me", "--kind", "lurk")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown value 'lurk' for --kind: choose one of post, comment, talk, organized."
    )


def test_duplicate_group_is_a_conflict(cli: Cli) -> None:
    cli.ok("groups", "add", "UX Guild")
    result = cli("groups", "add", "ux guild")
    assert result.exit_code == 5
    assert "already exists" in result.stderr


def test_job_search_then_landed(cli: Cli) -> None:
    cli.ok(
        "goals",
        "job-search",
        "--org",
        "Acme",
        "--role",
        "engineering manager",
        "--industry",
        "fintech",
        "--started",
        "2026-02-01",
    )
    cli.ok("goals", "landed", "--on", "2026-08-01", "--org", "Acme")
    goals = cli.ok("goals", "list", "-f", "json").json()
    assert goals[0]["orgs"] == ["Acme"]
    assert (goals[0]["started_on"], goals[0]["landed_on"], goals[0]["active"]) == (
        "2026-02-01",
        "2026-08-01",
        False,
    )


def test_second_active_job_search_is_refused(cli: Cli) -> None:
    cli.ok("goals", "job-search")
    result = cli("goals", "job-search")
    assert result.exit_code == 5
    assert result.stderr.strip() == (
        "Error: A job search is already active. Mark it landed with `kith goals landed` "
        "before starting another."
    )


def test_landed_without_search_explains(cli: Cli) -> None:
    result = cli("goals", "landed")
    assert result.exit_code == 3
    assert "Start one with `kith goals job-search`" in result.stderr


def test_habit_goals(cli: Cli) -> None:
    cli.ok("goals", "habit", "touches-per-week", "5")
    cli.ok("goals", "habit", "new_people_per_month", "2")
    goals = cli.ok("goals", "list", "-f", "json").json()
    assert {(g["kind"], g["target"]) for g in goals} == {
        ("touches_per_week", 5),
        ("new_people_per_month", 2),
    }


def test_reminders_add_list_done(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("reminders", "add", "ana", "--on", "2026-12-01", "--note", "Ask about the move")
    items = cli.ok("reminders", "list", "-f", "json").json()
    assert items == [
        {
            "id": 1,
            "person": "Ana Lima",
            "person_id": 2,
            "due_on": "2026-12-01",
            "note": "Ask about the move",
            "done": False,
        }
    ]
    cli.ok("reminders", "done", "1")
    assert cli.ok("reminders", "list", "-f", "json").json() == []
    assert cli.ok("reminders", "list", "--all", "-f", "json").json()[0]["done"] is True
