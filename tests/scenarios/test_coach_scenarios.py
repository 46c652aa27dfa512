"""The keep-in-touch coach, driven through the CLI with known answers (issue: coach)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import Cli

AS_OF = "2026-11-25"


def _day(d: date) -> str:
    return d.isoformat()


def _drive_through(cli: Cli) -> None:
    """Silent for a year, a burst of asks when a job search starts, help never thanked,
    silence after landing."""
    names = ["Lee Park", "Maria Silva", "Tom Berg", "Sam Reyes"]
    for name in names:
        cli.ok("people", "add", name, "--met-on", "2022-03-01", "--org", "Globex")
        cli.ok(
            "log",
            "Caught up at a conference",
            "--with",
            name,
            "--on",
            "2025-02-20",
            "--channel",
            "event",
        )
    cli.ok("goals", "job-search", "--org", "Acme", "--started", "2026-03-01")
    start = date(2026, 3, 3)
    for i in range(3):
        for j, name in enumerate(names):
            on = start + timedelta(days=4 * i + j)
            cli.ok(
                "log",
                "Asked for a referral",
                "--with",
                name,
                "--intent",
                "ask",
                "--channel",
                "email",
                "--on",
                _day(on),
                "--outcome",
                "helped" if i == 0 and j < 2 else "no_reply",
            )
    cli.ok(
        "log",
        "Sent me three job leads",
        "--with",
        "Maria",
        "--intent",
        "give",
        "--initiator",
        "them",
        "--on",
        "2026-04-10",
    )
    cli.ok("goals", "landed", "--on", "2026-06-01", "--org", "Acme")


def _gardener(cli: Cli) -> None:
    """Regular gives, catch-ups and introductions across strong and weak ties, a new person
    every month, thanks after help."""
    strong = ["Ana Lima", "Ben Okafor", "Chloe Martin"]
    weak = ["Dev Patel", "Elena Rossi", "Femi Adeyemi", "Gita Rao"]
    for name in strong:
        cli.ok("people", "add", name, "--met-on", "2019-01-10", "--closeness", "5")
    for name in weak:
        cli.ok("people", "add", name, "--met-on", "2021-05-10", "--closeness", "2")
    cli.ok("link", "Ana", "Dev", "--kind", "knows")
    day = date(2025, 9, 24)
    week = 0
    while day <= date(2026, 11, 24):
        friend = strong[week % len(strong)]
        intent = "give" if week % 2 == 1 else "catch_up"
        cli.ok(
            "log",
            "Coffee",
            "--with",
            friend,
            "--channel",
            "in_person",
            "--on",
            _day(day),
            "--intent",
            intent,
        )
        if week % 3 == 0:
            acquaintance = weak[(week // 3) % len(weak)]
            intent = "give" if week % 2 == 0 else "catch_up"
            cli.ok(
                "log",
                "Shared an article they'd like",
                "--with",
                acquaintance,
                "--intent",
                intent,
                "--on",
                _day(day + timedelta(days=1)),
            )
        if week % 8 == 0:
            cli.ok(
                "log",
                "Introduced Ben to Elena",
                "--with",
                "Ben",
                "--with",
                "Elena",
                "--intent",
                "connect",
                "--channel",
                "email",
                "--on",
                _day(day + timedelta(days=2)),
            )
        if week % 4 == 0:
            month = day + timedelta(days=3)
            newcomer = f"New Person {week // 4}"
            cli.ok("people", "add", newcomer, "--met-on", _day(month))
            cli.ok(
                "log",
                "Met at the meetup",
                "--with",
                newcomer,
                "--channel",
                "event",
                "--intent",
                "connect",
                "--initiator",
                "mutual",
                "--on",
                _day(month),
            )
        if week % 10 == 5:
            cli.ok(
                "log",
                "Reviewed my talk",
                "--with",
                friend,
                "--intent",
                "give",
                "--initiator",
                "them",
                "--on",
                _day(day + timedelta(days=2)),
            )
            cli.ok(
                "log",
                "Thanks for the review!",
                "--with",
                friend,
                "--intent",
                "thanks",
                "--on",
                _day(day + timedelta(days=4)),
            )
        day += timedelta(days=7)
        week += 1


def test_drive_through_networker_raises_the_warnings(cli: Cli) -> None:
    _drive_through(cli)
    habits = cli.ok("habits", "--as-of", AS_OF, "-f", "json").json()
    codes = {h["code"] for h in habits["bad_habits"]}
    assert {"waits_until_need", "disappears_after_landing", "asks_without_giving"} <= codes
    flags = {(f["code"], f["person"]) for f in habits["flags"]}
    assert ("cold_ask", "Lee Park") in flags
    assert ("ask_only", "Tom Berg") in flags
    assert habits["drive_through_index"] > 0.3
    lee = cli.ok("ties", "Lee", "--as-of", AS_OF, "-f", "json").json()
    assert "cold_ask" in lee["flags"]
    assert lee["asks"] == 3 and lee["gives"] == 0


def test_gardener_raises_none_of_them(cli: Cli) -> None:
    _gardener(cli)
    habits = cli.ok("habits", "--as-of", AS_OF, "-f", "json").json()
    codes = {h["code"] for h in habits["bad_habits"]}
    bad = {
        "waits_until_need",
        "disappears_after_landing",
        "asks_without_giving",
        "never_closes_loop",
        "no_new_people",
        "all_agenda",
    }
    assert codes & bad == set()
    flag_codes = {f["code"] for f in habits["flags"]}
    assert flag_codes & {"cold_ask", "ask_only", "no_thanks", "owes"} == set()
    assert habits["drive_through_index"] < 0.2
    assert habits["streak"]["current"] >= 40


def test_as_of_ignores_later_interactions(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--met-on", "2020-01-01")
    cli.ok("log", "Coffee", "--with", "Ana", "--on", "2026-06-01", "--channel", "in_person")
    cli.ok("log", "Dinner", "--with", "Ana", "--on", "2026-11-20", "--channel", "in_person")
    early = cli.ok("ties", "Ana", "--as-of", "2026-07-01", "-f", "json").json()
    late = cli.ok("ties", "Ana", "--as-of", "2026-11-25", "-f", "json").json()
    assert early["last_meaningful"] == "2026-06-01"
    assert late["last_meaningful"] == "2026-11-20"
    again = cli.ok("ties", "Ana", "--as-of", "2026-07-01", "-f", "json").json()
    assert again == early


def test_due_shows_overdue_people_with_reasons(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--met-on", "2019-01-01", "--cadence", "30")
    for month in range(1, 7):
        cli.ok("log", "Call", "--with", "Ana", "--on", f"2026-0{month}-10", "--channel", "call")
    items = cli.ok("due", "--as-of", AS_OF, "-f", "json").json()
    assert [i["person"] for i in items] == ["Ana Lima"]
    ana = items[0]
    assert ana["cadence_days"] == 30
    assert ana["days_since"] == (date(2026, 11, 25) - date(2026, 6, 10)).days
    assert ana["overdue_ratio"] > 1
    logged = cli.ok("log", "Catch-up", "--with", "Ana", "--on", "2026-11-24")
    assert logged.exit_code == 0
    assert cli.ok("due", "--as-of", AS_OF, "-f", "json").json() == []


def test_plan_respects_the_budget_and_names_people(cli: Cli) -> None:
    for i in range(15):
        cli.ok("people", "add", f"Person {i:02d}", "--met-on", "2020-01-01")
        cli.ok(
            "log",
            "Lunch",
            "--with",
            f"Person {i:02d}",
            "--on",
            "2025-01-15",
            "--channel",
            "in_person",
        )
    plan = cli.ok("plan", "--budget", "5", "--as-of", AS_OF, "-f", "json").json()
    assert plan["budget"] == 5
    assert plan["week_of"] == "2026-11-23"
    assert 1 <= len(plan["items"]) <= 5
    for item in plan["items"]:
        assert item["person"].startswith("Person ")
        assert isinstance(item["person_id"], int)
        assert item["why"]


def test_people_show_lists_unknowns_and_questions(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("log", "Coffee", "--with", "Ana", "--on", "2026-11-01", "--channel", "in_person")
    out = cli.ok("people", "show", "Ana", "-f", "json").json()
    assert {"career", "connections", "interests", "how_met"} <= set(out["unknown"])
    assert 1 <= len(out["questions"]) <= 3


def test_the_habits_table_counts_a_streak_of_one_week(cli: Cli) -> None:
    cli.ok("people", "add", "Ana Lima", "--met-on", "2020-01-01")
    cli.ok("log", "Coffee", "--with", "Ana", "--on", "2026-11-24", "--channel", "in_person")
    shown = cli.ok("habits", "--as-of", AS_OF).stdout
    assert "Streak: 1 week (longest 1)." in shown
