"""Spam is not your network: LinkedIn's spam folder, mail Gmail or a spam filter marked as
spam, and mail in a Junk folder are left out, each with its line and reason, and counted in
a note. What only looks like spam (Trash, a filter's "No", a spam conversation you answered)
is kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kith.importers import ImportOptions, ParseResult, parse
from kith.importers.bulk import folder_reason
from tests.importers.conftest import NOW, write_csv
from tests.importers.linkedin_headers import MESSAGES_2018, MESSAGES_2024

ME = ("Me Myself", "https://www.linkedin.com/in/me-myself")
ANN = ("Ann Lee", "https://www.linkedin.com/in/annlee")
SCAM = ("Crypto Wins", "https://www.linkedin.com/in/crypto-wins-4242")
RECRUITER = ("Rita Hire", "https://www.linkedin.com/in/rita-hire")
MINE = ImportOptions(my_linkedin_url=ME[1], my_emails=frozenset({"me@example.com"}))


def _message(
    conv: str, sender: tuple[str, str], to: tuple[str, str], when: str, folder: str
) -> list[str]:
    return [conv, "", sender[0], sender[1], to[0], to[1], when, "", "hi", folder]


def _linkedin(tmp_path: Path, rows: list[list[str]]) -> ParseResult:
    path = write_csv(tmp_path / "messages.csv", MESSAGES_2024, rows)
    return parse(path, "linkedin", MINE, now=NOW)


def _everyone(result: ParseResult) -> set[str | None]:
    return {p.name for i in result.interactions for p in i.participants}


def test_linkedin_spam_folder_conversations_you_never_wrote_in_are_left_out(
    tmp_path: Path,
) -> None:
    result = _linkedin(
        tmp_path,
        [
            _message("2-scam", SCAM, ME, "2024-05-01 09:00:00 UTC", "SPAM"),
            _message("2-scam", SCAM, ME, "2024-05-03 09:00:00 UTC", "SPAM"),
            _message("2-ann", ANN, ME, "2024-05-02 09:00:00 UTC", "INBOX"),
            _message("2-ann", ME, ANN, "2024-05-04 09:00:00 UTC", "ARCHIVE"),
            _message("2-rita", RECRUITER, ME, "2024-05-05 09:00:00 UTC", "SPAM"),
            _message("2-rita", ME, RECRUITER, "2024-05-06 09:00:00 UTC", "SPAM"),
        ],
    )
    spam = "in LinkedIn's spam folder, in a conversation you never wrote in"
    assert [(s.line, s.reason) for s in result.skipped] == [(2, spam), (3, spam)]
    assert _everyone(result) == {"Ann Lee", "Rita Hire"}  # you answered Rita: kept
    assert [i.initiator for i in result.interactions] == ["them", "me", "them", "me"]
    assert (
        "2 LinkedIn messages in LinkedIn's spam folder left out: you never wrote in those "
        "conversations."
    ) in result.warnings


def test_linkedin_folder_values_are_read_whatever_their_case_and_spacing(tmp_path: Path) -> None:
    result = _linkedin(
        tmp_path,
        [
            _message("2-scam", SCAM, ME, "2024-05-01 09:00:00 UTC", " spam "),
            _message("2-ann", ANN, ME, "2024-05-02 09:00:00 UTC", ""),
        ],
    )
    assert _everyone(result) == {"Ann Lee"}
    assert len(result.skipped) == 1


def test_linkedin_2018_layout_spam_is_judged_message_by_message(tmp_path: Path) -> None:
    """The 2018 file has no conversation id: a spam message is kept only if you sent it."""
    rows = [
        [SCAM[0], ME[0], "10/16/18, 8:36 AM", "Offer", "hi", "INCOMING", "SPAM"],
        [ME[0], RECRUITER[0], "10/17/18, 8:36 AM", "Re: role", "hi", "OUTGOING", "SPAM"],
        [ANN[0], ME[0], "10/18/18, 8:36 AM", "Lunch", "hi", "INCOMING", "INBOX"],
    ]
    path = write_csv(tmp_path / "Messages.csv", MESSAGES_2018, rows)
    result = parse(path, "linkedin", ImportOptions(my_name=ME[0]), now=NOW)
    assert _everyone(result) == {"Rita Hire", "Ann Lee"}
    assert [s.line for s in result.skipped] == [2]


def _envelope(sender: str, day: int, headers: str = "") -> str:
    lines = [
        f"From {sender} Mon Mar  {day} 09:00:00 2024",
        f"Date: Mon, {day} Mar 2024 09:00:00 +0000",
        f"Message-ID: <{day}.{sender}>",
        f"From: <{sender}>",
        "To: me@example.com",
        f"Subject: Mail {day}",
        *headers.splitlines(),
    ]
    return "\n".join(lines) + "\n\nBody.\n\n"


# a Gmail Takeout's mailbox: labels on every mail; and mail a server's filter checked
TAKEOUT = "".join(
    [
        _envelope("ana@example.org", 1, "X-Gmail-Labels: Inbox,Important,Opened"),
        _envelope("win@lottery.example", 2, "X-Gmail-Labels: Spam,Category Promotions,Unread"),
        _envelope("bo@example.org", 3, "X-Gmail-Labels: Trash,Opened"),
        _envelope("pills@pharma.example", 4, "X-Spam-Flag: YES\nX-Spam-Status: Yes, score=9.1"),
        _envelope("cy@example.org", 5, "X-Spam-Flag: NO\nX-Spam-Status: No, score=-1.0"),
        _envelope("prince@scam.example", 6, "X-Spam: Yes"),
        _envelope("di@example.org", 7, "X-Gmail-Labels: Archived,Spamalot fans,Opened"),
    ]
)


def test_mail_gmail_labelled_or_a_filter_flagged_as_spam_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    path.write_text(TAKEOUT, encoding="utf-8")
    result = parse(path, "mbox", MINE, now=NOW)
    emails = {p.email for i in result.interactions for p in i.participants}
    assert emails == {"ana@example.org", "bo@example.org", "cy@example.org", "di@example.org"}
    assert [(s.line, s.reason) for s in result.skipped] == [
        (11, "marked as spam (Gmail's Spam label)"),
        (31, "marked as spam (X-Spam-Flag: YES)"),
        (53, "marked as spam (X-Spam: Yes)"),
    ]
    assert (
        "3 mails marked as spam left out (Gmail's Spam label, a spam filter's flag, or a Junk "
        "folder): spam is not your network."
    ) in result.warnings
    assert not any("mailing lists" in w for w in result.warnings)


def test_mail_in_a_junk_folder_of_a_zip_is_spam_whatever_its_headers(tmp_path: Path) -> None:
    mails = [_envelope(f"p{day}@example.org", day) for day in range(1, 5)]
    path = tmp_path / "Maildir.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Maildir/cur/1732670001.M1P1.host:2,S", mails[0].split("\n", 1)[1])
        archive.writestr("Maildir/.Junk/cur/1732670002.M1P1.host:2,S", mails[1].split("\n", 1)[1])
        archive.writestr("Mail/Junk.mbox/mbox", mails[2])
        archive.writestr("Mail/Archive.mbox/mbox", mails[3])
    result = parse(path, options=MINE, now=NOW)
    emails = {p.email for i in result.interactions for p in i.participants}
    assert emails == {"p1@example.org", "p4@example.org"}
    assert sorted((s.file, s.reason) for s in result.skipped) == [
        ("Mail/Junk.mbox/mbox", "marked as spam (in the Junk folder)"),
        ("Maildir/.Junk/cur/1732670002.M1P1.host:2,S", "marked as spam (in the Junk folder)"),
    ]


def test_junk_and_drafts_folders_are_named_as_mail_programs_name_them() -> None:
    spam = "marked as spam (in the {} folder)"
    assert folder_reason("Maildir/.Spam/new/1.host") == spam.format("Spam")
    assert folder_reason("Outlook/Junk E-mail.mbox") == spam.format("Junk E-mail")
    assert folder_reason("Yahoo/Bulk Mail.mbox") == spam.format("Bulk Mail")
    assert folder_reason("Mail/Drafts.mbox/mbox") == "a draft, never sent (in the Drafts folder)"
    assert folder_reason("Takeout/Mail/All mail Including Spam and Trash.mbox") is None
    assert folder_reason("Maildir/.Trash/cur/1.host") is None
    assert folder_reason("Junkyard Band/tour.mbox") is None


def _yours(day: int, to: str, headers: str = "") -> str:
    """A message of yours to ``to``, as a single file (.eml, Maildir)."""
    return (
        f"Date: Mon, {day} Mar 2024 09:00:00 +0000\nFrom: Me <me@example.com>\nTo: {to}\n"
        f"Subject: Mail {day}\n{headers}\nBody.\n"
    )


def test_drafts_never_sent_are_not_you_reaching_out(tmp_path: Path) -> None:
    """A draft would make you the one who reached out to someone you never wrote to."""
    takeout = "".join(
        [
            "From me@example.com Fri Mar  1 09:00:00 2024\n",
            _yours(1, "a@x.example", "X-Gmail-Labels: Drafts,Opened\n"),
            "\n",
            _envelope("bo@example.org", 2, "X-Gmail-Labels: Inbox,Opened"),
        ]
    )
    path = tmp_path / "mail.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Takeout/Mail/All mail Including Spam and Trash.mbox", takeout)
        archive.writestr(
            "Mail/Drafts.mbox/mbox",
            "From me@example.com Mon Mar  4 09:00:00 2024\n" + _yours(4, "b@x.example"),
        )
        archive.writestr("Maildir/cur/1732670005.M1P1.host:2,DS", _yours(5, "c@x.example"))
        archive.writestr("Maildir/.Drafts/cur/1732670006.M1P1.host:2,S", _yours(6, "d@x.example"))
    result = parse(path, options=MINE, now=NOW)
    emails = {p.email for i in result.interactions for p in i.participants}
    assert emails == {"bo@example.org"}
    assert sorted(s.reason for s in result.skipped) == [
        "a draft, never sent (Gmail's Drafts label)",
        "a draft, never sent (Maildir flag D)",
        "a draft, never sent (in the Drafts folder)",
        "a draft, never sent (in the Drafts folder)",
    ]
    assert (
        "4 mails left out as drafts, never sent (Gmail's Drafts label, a Drafts folder): you did "
        "not write to those people."
    ) in result.warnings
