"""Job-search readiness through the CLI with known answers (issue: readiness)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import Cli

AS_OF = "2026-11-25"


def _touches(cli: Cli, who: str, start: date, count: int, every: int, channel: str) -> None:
    for i in range(count):
        on = start + timedelta(days=i * every)
        intent = "give" if i % 4 == 1 else "catch_up"
        initiator = "them" if i % 3 == 2 else "me"
        cli.ok(
            "log",
            "Talked",
            "--with",
            who,
            "--on",
            on.isoformat(),
            "--channel",
            channel,
            "--intent",
            intent,
            "--initiator",
            initiator,
        )


def _acme_world(cli: Cli) -> None:
    cli.ok(
        "people",
        "add",
        "Carla Close",
        "--org",
        "ACME Corp.",
        "--title",
        "Engineer",
        "--closeness",
        "5",
        "--met-on",
        "2015-01-01",
    )
    _touches(cli, "Carla Close", date(2025, 6, 1), 20, 21, "in_person")
    cli.ok(
        "people",
        "add",
        "Mo Alumnus",
        "--org",
        "Acme Corp.",
        "--title",
        "Product Manager",
        "--met-on",
        "2019-01-01",
        "--closeness",
        "3",
    )
    cli.ok("career", "end", "Mo Alumnus", "--org", "Acme", "--on", "2025-10-01")
    cli.ok(
        "career",
        "add",
        "Mo Alumnus",
        "--org",
        "Initech",
        "--title",
        "Product Lead",
        "--from",
        "2025-10",
    )
    _touches(cli, "Mo Alumnus", date(2025, 3, 1), 6, 60, "video")
    cli.ok("people", "add", "Nico Neverspoke", "--org", "Acme Corp", "--title", "Engineer")
    cli.ok(
        "people",
        "add",
        "Sara Strong",
        "--org",
        "Globex",
        "--closeness",
        "5",
        "--met-on",
        "2012-01-01",
    )
    _touches(cli, "Sara Strong", date(2025, 5, 1), 25, 20, "in_person")
    cli.ok("people", "add", "Ed Employee", "--org", "Acme", "--title", "Engineering Manager")
    cli.ok("link", "Sara Strong", "Ed Employee", "--kind", "knows_well")
    cli.ok(
        "people",
        "add",
        "Uma Unrelated",
        "--org",
        "Umbrella Farming",
        "--closeness",
        "3",
        "--met-on",
        "2019-01-01",
    )
    _touches(cli, "Uma Unrelated", date(2025, 3, 1), 6, 60, "video")


def test_leads_into_acme_known_answer(cli: Cli) -> None:
    _acme_world(cli)
    result = cli.ok("leads", "acme", "--as-of", AS_OF, "-f", "json").json()
    assert result["target"]
    leads = result["leads"]
    by_person = {lead["person"]: lead for lead in leads}
    assert by_person["Carla Close"]["kind"] == "direct"
    assert by_person["Mo Alumnus"]["kind"] == "alumni"
    assert by_person["Nico Neverspoke"]["kind"] == "direct"
    assert by_person["Ed Employee"]["kind"] == "second_degree"
    assert by_person["Ed Employee"]["via"] == "Sara Strong"
    assert by_person["Carla Close"]["via"] is None
    assert "Uma Unrelated" not in by_person
    rank = [lead["person"] for lead in leads]
    assert rank.index("Mo Alumnus") < rank.index("Nico Neverspoke")
    for lead in leads:
        assert isinstance(lead["person_id"], int)
        assert 0 <= lead["score"] <= 1
        assert lead["why"]


def test_leads_for_unknown_target_are_empty_not_an_error(cli: Cli) -> None:
    _acme_world(cli)
    result = cli.ok("leads", "Nonexistent Widgets", "--as-of", AS_OF, "-f", "json").json()
    assert result["leads"] == []


def test_leads_rejects_an_unknown_ask(cli: Cli) -> None:
    result = cli("leads", "acme", "--ask", "favour")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown value 'favour' for --ask: choose one of advice, referral."
    )


def test_empty_network_scores_zero_and_starts_with_import_or_add(cli: Cli) -> None:
    health = cli.ok("health", "--as-of", AS_OF, "-f", "json").json()
    assert health["score"] == 0
    assert health["counted"] == []
    first = health["actions"][0]
    assert first["person"] is None and first["person_id"] is None
    assert first["action"] in ("import", "add")


def test_ten_people_mix_scores_between_six_and_nine_without_irrelevant(cli: Cli) -> None:
    cli.ok(
        "goals",
        "job-search",
        "--industry",
        "fintech",
        "--role",
        "engineering manager",
        "--started",
        "2026-10-01",
    )
    orgs = ["Ledgerly", "Coinbank", "Paystream", "Fundwise", "Lendo", "Moneta"]
    for i in range(6):
        name = f"Warm Fintech {i}"
        cli.ok(
            "people",
            "add",
            name,
            "--org",
            orgs[i],
            "--industry",
            "fintech",
            "--title",
            "Engineer",
            "--closeness",
            "5" if i < 2 else "3",
            "--met-on",
            "2018-01-01",
        )
        _touches(
            cli,
            name,
            date(2025, 12, 1),
            8 if i < 2 else 4,
            40 if i < 2 else 80,
            "in_person" if i < 2 else "video",
        )
    for i in range(4):
        name = f"Dormant Fintech {i}"
        cli.ok(
            "people",
            "add",
            name,
            "--org",
            orgs[i],
            "--industry",
            "fintech",
            "--title",
            "Engineering Manager",
            "--closeness",
            "5",
            "--met-on",
            "2012-01-01",
        )
        _touches(cli, name, date(2019, 1, 1), 30, 30, "in_person")
    for i in range(10):
        name = f"Warm Farmer {i}"
        cli.ok(
            "people",
            "add",
            name,
            "--org",
            f"Farm {i}",
            "--industry",
            "agriculture",
            "--title",
            "Farmer",
            "--closeness",
            "3",
            "--met-on",
            "2018-01-01",
        )
        _touches(cli, name, date(2026, 1, 1), 4, 80, "call")
    health = cli.ok("health", "--as-of", AS_OF, "-f", "json").json()
    assert 6 <= health["score"] <= 9, health["why"]
    counted = [c["person"] for c in health["counted"]]
    assert not [name for name in counted if name.startswith("Warm Farmer")]
    assert sum(name.startswith("Warm Fintech") for name in counted) == 6
    assert set(health["checks"]) == {"orgs", "strong", "weak", "bridge"}
    assert health["why"]
