"""Mail you sent tells kith your addresses: Gmail's Sent label and a Sent folder mean the
From address is yours, so an alias kith did not know is not taken for a contact and the
mail is yours to have started."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kith.importers import ImportOptions, ParseResult, parse
from tests.importers.conftest import NOW
from tests.importers.test_spam import _envelope, _yours

KNOWN = ImportOptions(my_emails=frozenset({"me@example.com"}))


def _participants(result: ParseResult) -> set[str | None]:
    return {p.email for i in result.interactions for p in i.participants}


def test_gmail_sent_label_makes_an_alias_yours(tmp_path: Path) -> None:
    takeout = "".join(
        [
            "From alias@example.net Fri Mar  1 09:00:00 2024\n",
            _yours(1, "ana@example.org", "X-Gmail-Labels: Sent,Opened\n").replace(
                "From: Me <me@example.com>", "From: Me <alias@example.net>"
            ),
            "\n",
            _envelope("bo@example.org", 2, "X-Gmail-Labels: Inbox,Opened\nCc: alias@example.net"),
        ]
    )
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    path.write_text(takeout, encoding="utf-8")
    result = parse(path, "mbox", KNOWN, now=NOW)
    assert [i.initiator for i in result.interactions] == ["me", "them"]
    assert _participants(result) == {"ana@example.org", "bo@example.org"}
    assert result.me is not None and result.me.emails == ("alias@example.net",)
    assert (
        "kith took alias@example.net for your own address: your sent mail came from it "
        "(Gmail's Sent label, or a Sent folder); importing saves it with your addresses."
    ) in result.warnings


def test_a_sent_folder_of_a_zip_tells_your_addresses(tmp_path: Path) -> None:
    path = tmp_path / "mail.zip"
    work = _yours(5, "ana@example.org").replace("me@example.com", "me@work.example")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Maildir/.Sent/cur/1732670005.M1P1.host:2,S", work)
        archive.writestr(
            "Mail/Sent Messages.mbox/mbox",
            "From x Mon Mar  4 09:00:00 2024\n" + _yours(4, "bo@example.org"),
        )
    result = parse(path, options=ImportOptions(), now=NOW)
    assert {i.initiator for i in result.interactions} == {"me"}
    assert _participants(result) == {"ana@example.org", "bo@example.org"}
    assert result.me is not None
    assert result.me.emails == ("me@example.com", "me@work.example")


def test_addresses_already_yours_need_no_note(tmp_path: Path) -> None:
    path = tmp_path / "Sent.mbox"
    path.write_text("From x Mon Mar  4 09:00:00 2024\n" + _yours(4, "bo@example.org"))
    result = parse(path, "mbox", KNOWN, now=NOW)
    assert result.me is None
    assert not any("kith took" in w for w in result.warnings)
    assert [i.initiator for i in result.interactions] == ["me"]
