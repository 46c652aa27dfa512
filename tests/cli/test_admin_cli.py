"""db, config and demo through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli


def test_config_show_masks_the_password(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITH_SECRET_KEY", "hunter2")
    shown = cli("config", "show", "-f", "json")
    data = shown.json()
    assert data["secret_key"] == "********"
    assert "hunter2" not in shown.stdout


def test_config_show_masks_database_passwords(tmp_path: Path) -> None:
    from kith.config import Settings

    settings = Settings(
        database_url="postgresql+psycopg://kith:s3cret@db.local/kith", data_dir=tmp_path
    )
    assert settings.masked()["database_url"] == "postgresql+psycopg://kith:********@db.local/kith"


def test_db_path_and_backup(cli: Cli, tmp_path: Path) -> None:
    cli.ok("people", "add", "Ana Lima")
    if cli.db_url.startswith("postgresql"):
        assert cli.ok("db", "path").stdout.strip().startswith("postgresql+psycopg://")
        refused = cli("db", "backup")
        assert refused.exit_code == 7
        assert refused.stderr.strip() == (
            "Error: Only SQLite databases can be backed up by kith. Use pg_dump for PostgreSQL."
        )
        return
    assert cli.ok("db", "path").stdout.strip() == cli.db_url.removeprefix("sqlite:///")
    out = cli.ok("db", "backup").stdout.strip()
    backup = Path(out.removeprefix("Backed up to ").rstrip("."))
    assert backup.exists() and backup.stat().st_size > 0


def test_db_upgrade_on_current_schema_says_so(cli: Cli) -> None:
    assert cli.ok("db", "upgrade").stdout.startswith("The database is up to date")


def test_global_db_option_accepts_a_plain_path(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "other.db"
    from kith.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--db", str(path), "people", "add", "Ana Lima"], clock=cli.clock)
    assert done.value.code == 0
    assert path.exists()
    assert cli.db_url.endswith("kith.db") or cli.db_url.startswith("postgresql")


def test_demo_is_deterministic_and_realistic(cli: Cli) -> None:
    first = cli.ok("demo", "--people", "60", "--seed", "3", "--db", cli.db_url, "-f", "json")
    report = first.json()
    assert report["people"] == 60
    assert report["interactions"] > 100
    assert report["links"] > 60
    people = cli.ok("people", "list", "--limit", "500", "-f", "json").json()
    assert people["total"] == 60
    goals = cli.ok("goals", "list", "-f", "json").json()
    search = next(g for g in goals if g["kind"] == "job_search")
    assert search["started_on"] < search["landed_on"]

    from kith.demo import generate
    from tests.conftest import TODAY

    assert generate(60, 3, TODAY) == generate(60, 3, TODAY)
    assert generate(60, 3, TODAY) != generate(60, 4, TODAY)


def test_demo_refuses_a_database_with_people(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    result = cli("demo", "--db", cli.db_url)
    assert result.exit_code == 5
    assert "already has people" in result.stderr


def test_no_traceback_on_unexpected_errors_unless_debug(cli: Cli) -> None:
    result = cli("people", "show", "")
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr


def test_preferences_start_from_the_defaults(cli: Cli) -> None:
    shown = cli.ok("config", "preferences", "-f", "json").json()
    assert shown == {
        "weekly_budget": 10,
        "my_emails": [],
        "cadence_days": {"C5": 7, "C15": 30, "C50": 90, "C150": 180, "C500": 365},
    }


def test_set_preferences_changes_only_what_is_given_and_the_plan_follows(cli: Cli) -> None:
    cli.ok("config", "set", "--weekly-budget", "3", "--my-email", "Me@Example.org")
    cli.ok("config", "set", "--cadence", "c50=20")  # the rest stays as it was
    shown = cli.ok("config", "preferences", "-f", "json").json()
    assert shown["weekly_budget"] == 3
    assert shown["my_emails"] == ["me@example.org"]
    assert shown["cadence_days"]["C50"] == 20
    assert shown["cadence_days"]["C15"] == 30
    assert cli.ok("plan", "-f", "json", "--as-of", "2026-11-25").json()["budget"] == 3
    cli.ok("config", "set", "--no-my-emails")
    assert cli.ok("config", "preferences", "-f", "json").json()["my_emails"] == []


def test_a_circle_cadence_decides_who_is_due(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--circle", "C50")
    cli.ok("log", "Coffee", "--with", "Ana", "--on", "2025-06-01")  # not a new contact
    cli.ok("log", "Coffee", "--with", "Ana", "--on", "2026-10-15")

    def due() -> list[str]:
        return [d["person"] for d in cli.ok("due", "-f", "json", "--as-of", "2026-11-25").json()]

    assert "Ana Lima" not in due()  # 41 days ago; good friends are due every 90
    cli.ok("config", "set", "--cadence", "C50=30")
    assert "Ana Lima" in due()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weekly-budget", "0"], "A weekly budget of 0 touches is out of range. Use 1 to 100."),
        (["--cadence", "C7=3"], "There is no circle “C7”. Use one of C5, C15, C50, C150, C500."),
        (
            ["--cadence", "C15"],
            "--cadence C15: expected CIRCLE=DAYS. For example --cadence C15=30.",
        ),
        (["--cadence", "C15=0"], "Due every 0 days (C15) is out of range. Use 1 to 3650."),
        (
            ["--my-email", "nope"],
            "Invalid email 'nope' for your own addresses: use name@example.org.",
        ),
        (
            [],
            "Nothing to change. Give --weekly-budget, --my-email, --no-my-emails or "
            "--cadence CIRCLE=DAYS.",
        ),
    ],
)
def test_bad_preferences_are_refused_and_nothing_changes(
    cli: Cli, args: list[str], message: str
) -> None:
    before = cli.ok("config", "preferences", "-f", "json").json()
    also = (
        ["--my-email", "me@example.org"] if "--weekly-budget" in args else ["--weekly-budget", "7"]
    )
    refused = cli("config", "set", *args, *also) if args else cli("config", "set")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == f"Error: {message}"
    assert cli.ok("config", "preferences", "-f", "json").json() == before
