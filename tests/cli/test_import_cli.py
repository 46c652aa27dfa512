"""kith import through the CLI: real sample files, idempotence, atomicity, updates, merges."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kith.importers import ImportOptions, parse
from kith.importers.values import normalize_linkedin_url
from kith.services.contacts import normalize_url
from tests.conftest import Cli

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = sorted(
    p
    for p in DATA.rglob("*")
    if p.is_file() and p.suffix in {".csv", ".vcf", ".ics", ".mbox", ".eml"}
)

CONNECTIONS = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Lima,https://www.linkedin.com/in/ana-lima,,{company},Engineer,15 Nov 2024
Ben,Okafor,https://www.linkedin.com/in/ben-okafor,ben@example.org,Globex,Designer,02 Jan 2023
"""


def _connections(tmp_path: Path, company: str, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_text(CONNECTIONS.format(company=company), encoding="utf-8")
    return path


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_imports_and_importing_again_changes_nothing(cli: Cli, sample: Path) -> None:
    first = cli("import", str(sample), "-f", "json")
    assert first.exit_code == 0, first.stderr
    assert "Traceback" not in first.stderr
    again = cli.ok("import", str(sample), "-f", "json").json()
    assert again["created"] == {}
    assert again["updated"] == {}
    assert again["merged"] == {}


def test_dry_run_reports_but_writes_nothing(cli: Cli) -> None:
    sample = DATA / "linkedin" / "network-jobs__Connections.csv"
    report = cli.ok("import", str(sample), "--dry-run", "-f", "json").json()
    assert report["dry_run"] is True
    assert report["created"]["people"] == 10
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 0


def test_a_failing_import_leaves_the_previous_state(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("people", "add", "Zoe Existing")
    from kith.services.import_interactions import InteractionImport

    write = InteractionImport._write

    def boom(self: InteractionImport, pending: list[Any]) -> None:
        write(self, pending)  # people and interactions are written by now
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(InteractionImport, "_write", boom)
    result = cli("import", str(DATA / "linkedin" / "lni__Messages_nonstandard.csv"))
    assert result.exit_code == 70
    names = [p["person"] for p in cli.ok("people", "list", "-f", "json").json()["items"]]
    assert names == ["Zoe Existing"]
    backup = cli.ok("export", "json").json()
    assert (backup["interactions"], backup["source_records"]) == ([], [])


def test_newer_linkedin_export_moves_the_position_instead_of_duplicating(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("import", str(_connections(tmp_path, "Acme Corp")))
    newer = tmp_path / "newer"
    newer.mkdir()
    report = cli.ok("import", str(_connections(newer, "Globex")), "-f", "json").json()
    assert report["created"] == {}
    assert report["updated"] == {"people": 1}
    assert report["unchanged"] == {"people": 1}
    people = cli.ok("people", "list", "-f", "json").json()
    assert people["total"] == 2
    ana = cli.ok("people", "show", "linkedin.com/in/ana-lima", "-f", "json").json()
    current = [p["org"] for p in ana["positions"] if p["current"]]
    past = [p["org"] for p in ana["positions"] if not p["current"]]
    assert current == ["Globex"]
    assert past == ["Acme Corp"]
    assert ana["met_on"] == "2024-11-15"


def test_same_email_in_two_sources_merges_into_one_person(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(_connections(tmp_path, "Acme")))
    card = tmp_path / "ben.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Benjamin Okafor\r\nN:Okafor;Benjamin;;;\r\n"
        "EMAIL;TYPE=WORK:BEN@example.org\r\nTEL;TYPE=CELL:+44 20 7946 0958\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    report = cli.ok("import", str(card), "-f", "json").json()
    assert report["merged"] == {"people": 1}
    assert report["created"] == {}
    ben = cli.ok("people", "show", "ben@example.org", "-f", "json").json()
    assert ben["person"] == "Ben Okafor"
    assert ben["phones"] == ["+44 20 7946 0958"]


def test_similar_names_become_a_merge_suggestion_to_accept_and_undo(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("people", "add", "Ana Lima", "--org", "Acme Corp")
    report = cli.ok("import", str(_connections(tmp_path, "Acme Corp")), "-f", "json").json()
    assert report["merge_candidates"] == 1
    suggestions = cli.ok("merges", "list", "-f", "json").json()
    assert [(s["person"], s["other"]) for s in suggestions] == [("Ana Lima", "Ana Lima")]
    cli.ok("merges", "accept", str(suggestions[0]["id"]))
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 2
    history = cli.ok("merges", "list", "--done", "-f", "json").json()
    cli.ok("merges", "undo", str(history[0]["id"]))
    assert cli.ok("people", "list", "-f", "json").json()["total"] == 3


def test_rejecting_a_suggestion_keeps_both(cli: Cli, tmp_path: Path) -> None:
    cli.ok("people", "add", "Ana Lima")
    cli.ok("import", str(_connections(tmp_path, "Acme Corp")))
    suggestion = cli.ok("merges", "list", "-f", "json").json()[0]
    cli.ok("merges", "reject", str(suggestion["id"]))
    assert cli.ok("merges", "list", "-f", "json").json() == []
    result = cli("merges", "reject", str(suggestion["id"]))
    assert result.exit_code == 5
    assert result.stderr.strip() == (
        f"Error: Merge suggestion {suggestion['id']} was already rejected."
    )


def test_missing_file_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "nope.vcf"))
    assert result.exit_code == 6
    assert result.stderr.strip() == (
        f"Error: Could not read `{tmp_path / 'nope.vcf'}`: the file does not exist. "
        "Check the path and try again."
    )


def test_unknown_kind_is_rejected(cli: Cli) -> None:
    result = cli("import", str(SAMPLES[0]), "--kind", "fax")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Unknown value 'fax' for --kind: choose one of auto, linkedin, vcard, csv, ical, "
        "mbox, backup."
    )


def test_mbox_initiator_comes_from_my_emails(cli: Cli) -> None:
    sample = DATA / "mbox" / "thunderbird__mbox_modern.mbox"
    report = cli.ok("import", str(sample), "-f", "json").json()
    assert report["created"]["interactions"] >= 1
    people = cli.ok("people", "list", "-f", "json").json()["items"]
    assert people, "correspondents become people"
    assert all(p["last_contact"] for p in people)


def test_an_import_leaves_no_profile_urls_cached(cli: Cli, tmp_path: Path) -> None:
    path = _connections(tmp_path, "Acme")
    parse(path, "linkedin", ImportOptions())  # reading alone fills the cache
    assert normalize_linkedin_url.cache_info().currsize > 0
    cli.ok("import", str(path))
    assert normalize_url.cache_info().currsize == 0
    assert normalize_linkedin_url.cache_info().currsize == 0


def _tied_messages(tmp_path: Path) -> Path:
    """Two people in one conversation: which of them is the user is a coin toss."""
    folder = tmp_path / "tie"
    folder.mkdir()
    shutil.copy(DATA / "linkedin" / "kawsay__messages.csv", folder / "messages.csv")
    return folder


def test_the_table_report_shows_the_notes(cli: Cli, tmp_path: Path) -> None:
    shown = " ".join(cli.ok("import", str(_tied_messages(tmp_path))).stdout.split())
    assert "note: Could not tell which LinkedIn messages you sent; assumed you are" in shown
    assert "kith import --my-linkedin URL" in shown


def test_my_linkedin_settles_who_sent_what_and_is_remembered(cli: Cli, tmp_path: Path) -> None:
    folder = _tied_messages(tmp_path)
    pedro = "https://www.linkedin.com/in/pedro"
    tried = cli.ok("import", str(folder), "--my-linkedin", "linkedin.com/in/Pedro/", "--dry-run")
    assert "note:" not in tried.stdout
    assert cli.ok("people", "show", "me", "-f", "json").json()["linkedin"] is None  # dry run
    done = cli.ok("import", str(folder), "--my-linkedin", pedro, "-f", "json").json()
    assert (done["warnings"], done["created"]["interactions"]) == ([], 2)
    assert cli.ok("people", "show", "me", "-f", "json").json()["linkedin"] == pedro
    saved = cli.ok("export", "json").json()["interactions"]
    by_time = sorted(saved, key=lambda i: i["occurred_at"])
    assert [i["initiator"] for i in by_time] == ["them", "me"]  # Ana wrote first, then Pedro
    again = cli.ok("import", str(folder), "-f", "json").json()  # remembered: no coin toss
    assert again["warnings"] == []


def test_a_coin_toss_is_not_remembered_as_your_profile(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(_tied_messages(tmp_path)))
    assert cli.ok("people", "show", "me", "-f", "json").json()["linkedin"] is None


def test_my_linkedin_must_be_a_profile_url(cli: Cli, tmp_path: Path) -> None:
    refused = cli("import", str(_tied_messages(tmp_path)), "--my-linkedin", "nope")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "Error: --my-linkedin nope: not a LinkedIn profile URL. Use the address of your "
        "profile, like https://www.linkedin.com/in/your-name."
    )


def test_the_name_you_gave_yourself_does_not_decide_which_messages_are_yours(cli: Cli) -> None:
    cli.ok("people", "edit", "me", "--name", "Alexandra")  # LinkedIn calls you "Test User"
    cli.ok("import", str(DATA / "linkedin" / "lni__Messages_nonstandard.csv"))
    saved = sorted(cli.ok("export", "json").json()["interactions"], key=lambda i: i["id"])
    # one touch per conversation and day, started by whoever wrote first that day
    starts = [(i["occurred_at"][:10], i["initiator"]) for i in saved[:4]]
    assert starts == [
        ("2024-05-15", "them"), ("2024-05-16", "them"), ("2024-05-20", "me"),
        ("2024-03-10", "them"),
    ]  # fmt: skip


def test_my_email_is_checked_before_anything_is_imported(cli: Cli, tmp_path: Path) -> None:
    refused = cli("import", str(_connections(tmp_path, "Acme")), "--my-email", "not an email")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "Error: Invalid email 'not an email' for your own addresses: use name@example.org."
    )
    assert cli.ok("people", "list", "-f", "json").json()["items"] == []
    assert cli.ok("config", "preferences", "-f", "json").json()["my_emails"] == []
    cli.ok("import", str(_connections(tmp_path, "Acme")), "--my-email", "Me@Example.org")
    assert cli.ok("config", "preferences", "-f", "json").json()["my_emails"] == ["me@example.org"]


def _alexs_mailbox(tmp_path: Path) -> Path:
    """Alex's mailbox: Alex is in every message, the others in one or two."""
    mails = [
        ("alex@example.org", "ana@example.org"),
        ("ben@example.org", "alex@example.org"),
        ("alex@example.org", "ben@example.org"),
    ]
    path = tmp_path / "alex.mbox"
    path.write_text(
        "".join(
            f"From - Mon Mar {day} 10:00:00 2025\nFrom: {sender}\nTo: {to}\n"
            f"Date: Mon, {day} Mar 2025 10:00:00 +0000\nMessage-ID: <m{day}@x>\n\nHi\n\n"
            for day, (sender, to) in enumerate(mails, start=1)
        )
    )
    return path


def test_your_address_found_in_a_mailbox_is_saved_and_you_are_not_a_contact(
    cli: Cli, tmp_path: Path
) -> None:
    mailbox = _alexs_mailbox(tmp_path)
    tried = " ".join(cli.ok("import", str(mailbox), "--dry-run").stdout.split())
    assert "note: kith took alex@example.org for your own address" in tried
    assert cli.ok("config", "preferences", "-f", "json").json()["my_emails"] == []  # dry run
    report = cli.ok("import", str(mailbox), "-f", "json").json()
    assert report["created"] == {"interactions": 3, "people": 2}
    assert cli.ok("config", "preferences", "-f", "json").json()["my_emails"] == ["alex@example.org"]
    people = cli.ok("people", "list", "-f", "json").json()["items"]
    assert sorted(p["person"] for p in people) == ["ana", "ben"]  # not alex
    saved = sorted(cli.ok("export", "json").json()["interactions"], key=lambda i: i["id"])
    assert [i["initiator"] for i in saved] == ["me", "them", "me"]
    again = cli.ok("import", str(mailbox), "-f", "json").json()
    assert (again["created"], again["warnings"]) == ({}, [])  # your address is known now


def test_people_known_only_by_address_are_named_from_it(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "named.mbox"
    path.write_text(
        "From - Mon Mar 3 10:00:00 2025\nFrom: alex@example.org\n"
        "To: ana.lima@example.org, j_smith@example.org, info@example.org\n"
        'Cc: "Ben Okafor" <ben.o@example.org>\n'
        "Date: Mon, 3 Mar 2025 10:00:00 +0000\nMessage-ID: <n1@x>\n\nHi\n\n",
        encoding="utf-8",
    )
    cli.ok("import", str(path), "--my-email", "alex@example.org")
    people = cli.ok("people", "list", "-f", "json").json()["items"]
    assert sorted(p["person"] for p in people) == ["Ana Lima", "Ben Okafor", "J. Smith", "info"]
    shown = cli.ok("people", "show", "Ana Lima", "-f", "json").json()
    assert shown["emails"] == ["ana.lima@example.org"]


def test_the_report_counts_in_words(cli: Cli, tmp_path: Path) -> None:
    one = tmp_path / "one.vcf"
    one.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lima\nEND:VCARD\n", encoding="utf-8")
    assert "  created: 1 person\n" in cli.ok("import", str(one)).stdout
    messages = cli.ok("import", str(DATA / "linkedin" / "lni__Messages_nonstandard.csv")).stdout
    assert "  created: 9 interactions, 4 people\n" in messages
    assert "note: 11 LinkedIn messages became 9 interactions" in " ".join(messages.split())


def test_db_imports_lists_the_imports_made(cli: Cli) -> None:
    messages = DATA / "linkedin" / "lni__Messages_nonstandard.csv"
    cli.ok("import", str(messages))
    cli.ok("import", str(messages), "--dry-run")  # not saved, not listed
    listed = cli.ok("db", "imports", "-f", "json").json()
    assert [(i["file"], i["kind"], i["created"]) for i in listed] == [
        (messages.name, "linkedin", {"interactions": 9, "people": 4})
    ]
    table = " ".join(cli.ok("db", "imports").stdout.replace("│", " ").split())
    assert f"{messages.name} linkedin 9 interactions, 4 people 0 0" in table
    assert "2026-11-25 15:30" in table


def test_a_zip_of_several_kinds_imports_each_kind_as_its_own_import(
    cli: Cli, tmp_path: Path
) -> None:
    takeout = tmp_path / "takeout.zip"
    with zipfile.ZipFile(takeout, "w") as archive:
        archive.write(DATA / "mbox" / "thunderbird__mbox_modern.mbox", "Takeout/Mail/All.mbox")
        archive.write(DATA / "ical" / "icaljs__recur_instances.ics", "Takeout/Calendar/Work.ics")
    both = cli.ok("import", str(takeout)).stdout
    mail, calendar = both.split("\n\n")
    assert mail.startswith("Imported takeout.zip (mbox)\n  created: 2 interactions, 2 people\n")
    assert mail.endswith("Undo it with `kith db undo-import 1`.")
    assert calendar.startswith("Imported takeout.zip (ical)\n  created: 172 interactions, 4 people")
    assert calendar.endswith("Undo it with `kith db undo-import 2`.\n")

    again = json.loads(cli.ok("import", str(takeout), "--format", "json").stdout)
    assert [(r["kind"], r["created"], r["unchanged"]) for r in again] == [
        ("mbox", {}, {"interactions": 2}),
        ("ical", {}, {"interactions": 172}),
    ]
    cli.ok("db", "undo-import", "1", "--yes")  # the mail alone: the calendar's touches stay
    only_mail = cli.ok("import", str(takeout), "--kind", "mbox").stdout
    assert only_mail.startswith("Imported takeout.zip (mbox)\n  created: 2 interactions")
    assert "(ical)" not in only_mail
    calendar_again = json.loads(
        cli.ok("import", str(takeout), "--kind", "ical", "--format", "json").stdout
    )
    assert (calendar_again["created"], calendar_again["unchanged"]) == (
        {},
        {"interactions": 172},
    )


SPAM_MESSAGES = """CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER
2-a,,Ana Lima,https://www.linkedin.com/in/ana-lima,Me,https://www.linkedin.com/in/me,2024-05-01 09:00:00 UTC,,Coffee?,INBOX
2-b,,Crypto Wins,https://www.linkedin.com/in/crypto-wins,Me,https://www.linkedin.com/in/me,2024-05-02 09:00:00 UTC,,Invest now,SPAM
"""  # noqa: E501


def test_linkedin_spam_makes_no_person_and_is_named_in_the_report(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "messages.csv").write_text(SPAM_MESSAGES, encoding="utf-8")
    mine = ("--my-linkedin", "https://www.linkedin.com/in/me", "-f", "json")
    report = cli.ok("import", str(tmp_path), *mine).json()
    assert report["created"] == {"interactions": 1, "people": 1}
    assert report["skipped"] == [
        {
            "file": "messages.csv",
            "line": 3,
            "reason": "in LinkedIn's spam folder, in a conversation you never wrote in",
        }
    ]
    assert any("spam folder left out" in w for w in report["warnings"])
    people = cli.ok("people", "list", "-f", "json").json()["items"]
    assert [p["person"] for p in people] == ["Ana Lima"]
    again = cli.ok("import", str(tmp_path), *mine).json()
    assert (again["created"], again["updated"]) == ({}, {})


MY_CARD = """BEGIN:VCARD
VERSION:3.0
FN:Alex Morgan
EMAIL;TYPE=HOME:alex@example.org
EMAIL;TYPE=WORK:alex@work.example
TEL;TYPE=CELL:+1 555 0100
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ana Lima
EMAIL:ana@example.org
END:VCARD
"""
MAIL_FROM_WORK = """From alex@work.example Mon Mar  4 09:00:00 2024
Date: Mon, 4 Mar 2024 09:00:00 +0000
Message-ID: <1@work.example>
From: Alex Morgan <alex@work.example>
To: Ana Lima <ana@example.org>
Subject: Lunch?

Body.
"""


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_your_own_card_is_you_not_a_contact(cli: Cli, tmp_path: Path) -> None:
    """A phone's address book holds your own card ("My Card"): one of your addresses on it
    makes it you, and its other addresses become yours too."""
    cli.ok("config", "set", "--my-email", "alex@example.org")
    card = _written(tmp_path / "contacts.vcf", MY_CARD)
    report = cli.ok("import", str(card), "-f", "json").json()
    assert (report["created"], report["merged"]) == ({"people": 1}, {"people": 1})
    assert report["warnings"] == [
        "Alex Morgan (line 1) is you: one of their addresses is yours, so what it holds was "
        "added to your own page, not to a new contact."
    ]
    people = cli.ok("people", "list", "-f", "json").json()["items"]
    assert [p["person"] for p in people] == ["Ana Lima"]
    me = cli.ok("people", "show", "me", "-f", "json").json()
    assert me["person"] == "Alex Morgan"
    assert me["phones"] == ["+1 555 0100"]
    mail = tmp_path / "sent.mbox"
    mail.write_text(MAIL_FROM_WORK, encoding="utf-8")
    cli.ok("import", str(mail))
    (lunch,) = cli.ok("export", "json").json()["interactions"]
    assert lunch["initiator"] == "me"  # the work address on your card is yours


def test_a_card_imported_before_your_address_was_known_is_offered_to_merge_into_you(
    cli: Cli, tmp_path: Path
) -> None:
    """Your own card became a contact; once kith learns the address is yours (your settings,
    or a mailbox that shows it), merging it into you is suggested."""
    card = _written(tmp_path / "contacts.vcf", MY_CARD)
    cli.ok("import", str(card))
    report = cli.ok("import", str(_alexs_mailbox(tmp_path)), "-f", "json").json()
    assert report["merge_candidates"] == 1
    (suggestion,) = cli.ok("merges", "list", "-f", "json").json()
    assert (suggestion["person"], suggestion["other"]) == ("Me", "Alex Morgan")
    assert suggestion["reason"] == "has your own address alex@example.org"
    cli.ok("merges", "accept", str(suggestion["id"]))
    people = cli.ok("people", "list", "-f", "json").json()["items"]
    assert "Alex Morgan" not in [p["person"] for p in people]
    assert "+1 555 0100" in cli.ok("people", "show", "me", "-f", "json").json()["phones"]


def test_giving_your_address_offers_the_contact_who_has_it(cli: Cli, tmp_path: Path) -> None:
    card = _written(tmp_path / "contacts.vcf", MY_CARD)
    cli.ok("import", str(card))
    assert cli.ok("merges", "list", "-f", "json").json() == []
    cli.ok("config", "set", "--my-email", "alex@work.example")
    (suggestion,) = cli.ok("merges", "list", "-f", "json").json()
    assert suggestion["reason"] == "has your own address alex@work.example"
    cli.ok("config", "set", "--my-email", "alex@work.example")  # the same again: no second
    assert len(cli.ok("merges", "list", "-f", "json").json()) == 1


def test_a_card_that_shares_only_your_phone_does_not_make_its_addresses_yours(
    cli: Cli, tmp_path: Path
) -> None:
    """A home phone is shared: a card matched to you by it alone teaches kith nothing."""
    cli.ok("config", "set", "--my-email", "alex@example.org")
    card = _written(tmp_path / "contacts.vcf", MY_CARD)
    cli.ok("import", str(card))
    spouse = _written(
        tmp_path / "home.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Morgan\nEMAIL:sam@example.org\n"
        "TEL;TYPE=HOME:+1 555 0100\nEND:VCARD\n",
    )
    report = cli.ok("import", str(spouse), "-f", "json").json()
    assert not any("is you" in w for w in report["warnings"])
    mine = cli.ok("config", "preferences", "-f", "json").json()["my_emails"]
    assert "sam@example.org" not in mine
