"""`kith feed show|create|rotate|off`, driven through the CLI against a real database."""

from __future__ import annotations

import re

from tests.conftest import Cli

TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def _feed(cli: Cli, *args: str) -> dict[str, object]:
    data = cli.ok("feed", *args, "--format", "json").json()
    assert isinstance(data, dict)
    return data


def test_show_says_the_feed_is_off_until_created(cli: Cli) -> None:
    assert cli.ok("feed", "show").stdout == (
        "The calendar feed is off. Turn it on with `kith feed create`.\n"
    )
    assert _feed(cli, "show") == {"enabled": False, "token": None, "path": None, "url": None}


def test_create_prints_the_token_path_and_url(cli: Cli) -> None:
    lines = cli.ok("feed", "create").stdout.splitlines()
    assert lines[0] == "Calendar feed created."
    token = lines[1].removeprefix("Token: ")
    assert TOKEN.fullmatch(token)
    assert lines[2:4] == [
        f"Path:  /feed/{token}.ics",
        f"URL:   http://127.0.0.1:8765/feed/{token}.ics",
    ]
    assert _feed(cli, "show") == {
        "enabled": True,
        "token": token,
        "path": f"/feed/{token}.ics",
        "url": f"http://127.0.0.1:8765/feed/{token}.ics",
    }


def test_create_again_keeps_the_token(cli: Cli) -> None:
    first = _feed(cli, "create")
    result = cli.ok("feed", "create")
    assert result.stdout.startswith("The calendar feed was already on.\n")
    assert _feed(cli, "create") == first


def test_rotate_replaces_the_token(cli: Cli) -> None:
    old = _feed(cli, "create")
    new = _feed(cli, "rotate")
    assert new["enabled"] is True and new["token"] != old["token"]
    assert TOKEN.fullmatch(str(new["token"]))
    assert _feed(cli, "show") == new


def test_rotate_when_off_is_a_not_found_error_with_the_next_step(cli: Cli) -> None:
    result = cli("feed", "rotate")
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: There is no calendar feed to rotate: it is turned off. "
        "Turn it on with `kith feed create` or on the Settings page.\n"
    )


def test_off_removes_the_feed_and_says_so_once(cli: Cli) -> None:
    cli.ok("feed", "create")
    assert (
        cli.ok("feed", "off").stdout == "Calendar feed turned off: its address no longer works.\n"
    )
    assert cli.ok("feed", "off").stdout == "The calendar feed was already off.\n"
    assert _feed(cli, "show")["enabled"] is False


def test_base_url_builds_the_address_calendar_apps_reach(cli: Cli) -> None:
    data = _feed(cli, "create", "--base-url", "https://kith.example.org/")
    assert data["url"] == f"https://kith.example.org/feed/{data['token']}.ics"


def test_a_base_url_that_is_not_a_web_address_is_a_usage_error(cli: Cli) -> None:
    result = cli("feed", "show", "--base-url", "kith.example.org")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --base-url 'kith.example.org' is not a web address. "
        "Use the address calendar apps open, e.g. http://192.168.1.20:8765.\n"
    )


def test_csv_has_one_row_with_the_feed(cli: Cli) -> None:
    token = _feed(cli, "create")["token"]
    lines = cli.ok("feed", "show", "--format", "csv").stdout.splitlines()
    assert lines[0] == "enabled,token,path,url"
    assert lines[1].split(",")[1:3] == [str(token), f"/feed/{token}.ics"]
