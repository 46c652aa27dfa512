"""mbox and .eml: one test per quirk in formats.md §5."""

from __future__ import annotations

import mailbox
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kith.errors import ImportFormatError
from kith.importers import ImportOptions, ParseResult, ParticipantRef, detect_kind, parse
from kith.importers.mbox import mail_files
from tests.importers.conftest import NOW

Sample = Callable[[str], Path]


def _mail(path: Path, **options: object) -> ParseResult:
    return parse(path, None, ImportOptions(**options), now=NOW)  # type: ignore[arg-type]


def _found(result: ParseResult) -> list[int]:
    """Lines where messages were found, imported or skipped."""
    return sorted(
        [i.line or 0 for i in result.interactions] + [s.line or 0 for s in result.skipped]
    )


def _folded(result: ParseResult) -> str:
    """The report's note on how many mails were found and became how many touches (mails
    with the same people on one day are one)."""
    (note,) = (w for w in result.warnings if "became" in w)
    return note.split(":")[0]


def test_mbox_from_line_miscount(data_file: Sample) -> None:
    path = data_file("mbox/cpython__mailbox_01.mbox")
    assert len(mailbox.mbox(path)) == 2  # the stdlib splits at "From time to time"
    assert _found(_mail(path)) == [1]


def test_mbox_unquoted_from_in_body(data_file: Sample) -> None:
    path = data_file("mbox/thunderbird__mbox_unquoted.mbox")
    assert len(mailbox.mbox(path)) == 3
    result = _mail(path)
    assert [i.summary for i in result.interactions] == ["Sample message 1", "Sample message 2"]
    assert [i.line for i in result.interactions] == [1, 12]


def test_mbox_leading_bom(data_file: Sample) -> None:
    result = _mail(data_file("mbox/mimekit__unmunged.mbox"))
    # two messages (not three: "From Russia with love" is body text), neither has a Date
    assert [(s.line, s.reason) for s in result.skipped] == [
        (1, "mail has no readable Date header"),
        (13, "mail has no readable Date header"),
    ]


def test_mbox_space_escaped_from_lines(data_file: Sample) -> None:
    result = _mail(data_file("mbox/thunderbird__mbox_modern.mbox"))
    assert [i.occurred_at for i in result.interactions] == [
        datetime(2018, 8, 24, 11, 55, 47, tzinfo=UTC),
        datetime(2018, 8, 23, 9, 10, 23, tzinfo=UTC),
    ]


def test_mbox_mboxrd_missing_date_uses_envelope(data_file: Sample) -> None:
    result = _mail(data_file("mbox/thunderbird__mbox_mboxrd.mbox"))
    assert [i.occurred_at for i in result.interactions] == [
        datetime(2011, 7, 8, 12, 8, 34, tzinfo=UTC),
    ]
    assert _folded(result) == "2 mails became 1 interaction"


def test_mbox_gmail_takeout_separators(data_file: Sample) -> None:
    result = _mail(data_file("mbox/mimekit__issue1189_gmail_style.mbox"))
    assert _folded(result) == "4 mails became 1 interaction"  # one sender, one day
    assert [i.summary for i in result.interactions] == ["Message 1"]
    assert (
        result.interactions[0].external_id
        == "email:f092d8d2-8781-469e-a1a6-c938087dc1f4@example.com"
    )


def test_mbox_separator_without_blank_line_before(data_file: Sample) -> None:
    result = _mail(data_file("mbox/mimekit__simple_nested_multipart.mbox"))
    assert _folded(result) == "3 mails became 1 interaction"  # found at lines 1, 25 and 48
    assert [i.line for i in result.interactions] == [1]
    assert result.interactions[0].occurred_at == datetime(2002, 8, 23, 6, 32, 53, tzinfo=UTC)


def test_mbox_badly_folded_headers(data_file: Sample) -> None:
    (mail,) = _mail(data_file("mbox/thunderbird__badly-folded-headers.mbox")).interactions
    assert mail.summary.startswith("Badly folded headers, one line")
    assert mail.participants == (
        ParticipantRef(email="sender@example.com"),
        ParticipantRef(name="Recipient with spaces", email="recipient@example.com"),
    )


def test_mbox_my_address_excluded_and_sets_initiator(data_file: Sample) -> None:
    path = data_file("mbox/thunderbird__badly-folded-headers.mbox")
    (mail,) = _mail(path, my_emails=frozenset({"Sender@Example.com"})).interactions
    assert mail.initiator == "me"
    assert mail.participants == (
        ParticipantRef(name="Recipient with spaces", email="recipient@example.com"),
    )


def test_mbox_duplicate_message_id_skipped(data_file: Sample) -> None:
    result = _mail(data_file("mbox/thunderbird__movemailspool.mbox"))
    assert len(result.interactions) == 2
    assert [(s.line, s.reason) for s in result.skipped] == [
        (109, "same Message-ID as an earlier mail (a copy)")
    ]


def test_mbox_cc_recipients_are_participants(data_file: Sample) -> None:
    result = _mail(data_file("mbox/thunderbird__movemailspool.mbox"))
    second = result.interactions[1]
    assert {p.email for p in second.participants} >= {"example@example.com", "bugmail@example.org"}
    assert second.occurred_at == datetime(2008, 6, 6, 22, 53, 42, tzinfo=UTC)  # +0530


def test_mbox_bcc_of_mail_you_sent_are_participants(data_file: Sample) -> None:
    """Thunderbird keeps the Bcc of mail you sent in your copy: you wrote to them too."""
    path = data_file("mbox/thunderbird__movemailspool.mbox")
    result = _mail(path, my_emails=frozenset({"example@example.com"}))
    sent = next(i for i in result.interactions if i.summary.startswith("Hello, did you"))
    assert sent.initiator == "me"
    assert {p.email for p in sent.participants} == {
        "bugmail@example.org", "u1@example.com", "u2@example.com"
    }  # fmt: skip


def test_mbox_crlf_envelope_and_shared_message_ids(corpus_file: Sample) -> None:
    result = _mail(corpus_file("mbox/roundcube__import.mbox"))
    assert [i.line for i in result.interactions] == [1]
    assert [s.line for s in result.skipped] == [11, 21]


def test_eml_encoded_word_display_name_with_comma(data_file: Sample, tmp_path: Path) -> None:
    source = data_file("mbox/thunderbird__429891_encoded_word_comma.eml")
    assert _mail(source).skipped[0].reason == "mail has no readable Date header"
    dated = tmp_path / source.name
    dated.write_bytes(b"Date: Tue, 1 Jan 2019 10:00:00 +0000\n" + source.read_bytes())
    (mail,) = _mail(dated, my_emails=frozenset({"from_A@foo.invalid"})).interactions
    assert mail.participants == (ParticipantRef(name="Fréédle, Test", email="to_a@foo.invalid"),)
    assert (mail.initiator, mail.channel) == ("me", "email")


def test_mbox_list_mail_over_max_recipients_skipped(tmp_path: Path) -> None:
    to = ", ".join(f"p{i}@example.com" for i in range(25))
    path = tmp_path / "list.eml"
    path.write_text(f"From: a@example.com\nTo: {to}\nDate: Tue, 1 Jan 2019 10:00:00 +0000\n\nhi\n")
    result = _mail(path)
    assert [s.reason for s in result.skipped] == ["25 recipients (a list mail, over 20)"]


def test_mbox_message_without_message_id_gets_a_header_hash(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_text(
        "From: a@example.com\nTo: b@example.com\nDate: Tue, 1 Jan 2019 10:00:00 +0000\n\n"
    )
    first, second = (_mail(path).interactions[0].external_id for _ in range(2))
    assert first == second and first.startswith("email:")


def test_eml_not_mail_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "note.eml"
    path.write_text("Hello there\n\nnot a mail\n")
    with pytest.raises(ImportFormatError, match=r"^Could not read `note.eml`: no mail headers"):
        parse(path, "eml")


def test_mbox_a_day_of_mails_with_the_same_people_is_one_touch(tmp_path: Path) -> None:
    mails = [  # (sender, recipients, date): a thread with Ann, a mail to Ann and Bo, a reply
        ("ann@example.org", "me@example.org", "Mon, 3 Mar 2025 09:00:00 +0000"),
        ("me@example.org", "Ann Lee <ann@example.org>", "Mon, 3 Mar 2025 09:30:00 +0000"),
        ("me@example.org", "ann@example.org, bo@example.org", "Mon, 3 Mar 2025 10:00:00 +0000"),
        ("ann@example.org", "me@example.org", "Mon, 3 Mar 2025 16:00:00 +0000"),
        ("me@example.org", "ann@example.org", "Tue, 4 Mar 2025 08:00:00 +0000"),
    ]
    path = tmp_path / "thread.mbox"
    path.write_text(
        "".join(
            f"From - Mon Mar 3 10:00:00 2025\nFrom: {sender}\nTo: {to}\nDate: {when}\n"
            f"Subject: Lunch {n}\nMessage-ID: <m{n}@x>\n\nHi\n\n"
            for n, (sender, to, when) in enumerate(mails)
        )
    )
    result = _mail(path, my_emails=frozenset({"me@example.org"}))
    touches = [
        (i.occurred_at.isoformat(), i.initiator, i.summary, [p.email for p in i.participants])
        for i in result.interactions
    ]
    assert touches == [
        ("2025-03-03T09:00:00+00:00", "them", "Lunch 0", ["ann@example.org"]),
        ("2025-03-03T10:00:00+00:00", "me", "Lunch 2", ["ann@example.org", "bo@example.org"]),
        ("2025-03-04T08:00:00+00:00", "me", "Lunch 4", ["ann@example.org"]),
    ]
    assert [i.external_id for i in result.interactions] == [
        "email:m0@x",
        "email:m2@x",
        "email:m4@x",
    ]
    assert _folded(result) == "5 mails became 3 interactions"


def _maildir(source: Path, folder: Path) -> Path:
    """The messages of an mbox, delivered to a Maildir (one file each, cur/new/tmp)."""
    box = mailbox.Maildir(folder, create=True)
    for message in mailbox.mbox(source):
        box.add(message)
    box.close()
    return folder


def _same(result: ParseResult) -> list[tuple[object, ...]]:
    return [
        (i.external_id, i.occurred_at, i.initiator, i.participants, i.summary)
        for i in result.interactions
    ]


def test_maildir_folder_gives_the_mails_of_its_mbox(data_file: Sample, tmp_path: Path) -> None:
    source = data_file("mbox/thunderbird__movemailspool.mbox")
    folder = _maildir(source, tmp_path / "INBOX")
    assert detect_kind(folder) == "mbox"
    from_folder, from_file = _mail(folder), _mail(source)
    assert len(from_folder.interactions) == 2
    assert _same(from_folder) == _same(from_file)
    (copy,) = from_folder.skipped
    assert copy.reason == "same Message-ID as an earlier mail (a copy)"
    assert copy.file.startswith("INBOX/cur/") or copy.file.startswith("INBOX/new/")


def test_folder_of_eml_files_and_a_file_that_is_not_mail(data_file: Sample, tmp_path: Path) -> None:
    source = data_file("mbox/thunderbird__movemailspool.mbox")
    folder = tmp_path / "saved"
    folder.mkdir()
    for n, message in enumerate(mailbox.mbox(source), start=1):
        (folder / f"{n}.{'EML' if n == 2 else 'eml'}").write_bytes(message.as_bytes())
    (folder / "0.eml").write_bytes(b"just some notes, not a mail\n")
    (folder / "readme.txt").write_text("not a mail either, and not an .eml", encoding="utf-8")
    assert detect_kind(folder) == "mbox"
    result = _mail(folder)
    assert _same(result) == _same(_mail(source))
    assert [(s.file, s.line, s.reason) for s in result.skipped] == [
        ("saved/0.eml", None, "no mail headers at the top of this file"),
        ("saved/3.eml", 1, "same Message-ID as an earlier mail (a copy)"),
    ]


def test_folder_without_mail_names_what_it_looked_for(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ImportFormatError) as err:
        detect_kind(tmp_path)
    assert "holds nothing kith imports (no LinkedIn export, vCard, contacts CSV" in str(err.value)
    assert "mail (mbox, .eml, or a Maildir folder)" in str(err.value)


def test_a_maildir_is_read_in_the_order_it_was_delivered(tmp_path: Path) -> None:
    """Names start with seconds and microseconds, neither zero-padded: name order is not
    delivery order (98765 µs comes before 123456 µs, 999999999 s before 1000000000 s)."""
    names = [
        "999999999.M5P1Q1.host",
        "1700000000.M98765P1Q2.host:2,S",
        "1700000000.M123456P1Q3.host",
        "1700000001.M1P1Q4.host",
        "dovecot-uidlist-like-name",
    ]
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    for n, name in enumerate(names):
        (tmp_path / ("cur" if n % 2 else "new") / name).write_text("From: a@b\n\n")
    assert [f.name for f in mail_files(tmp_path)] == names


def _envelope(sender: str, day: int, headers: str) -> str:
    return (
        f"From {sender} Mon Mar  {day} 09:00:00 2024\n"
        f"Date: Mon, {day} Mar 2024 09:00:00 +0000\n"
        f"Message-ID: <{day}.{sender}>\n{headers}\nBody.\n\n"
    )


# the headers real senders of each kind set (a newsletter, GitHub, an out-of-office reply,
# a bank's notification, a Google Groups list, a bulk mailer), with one mail from a person
MACHINES = "".join(
    [
        _envelope(
            "ana@example.org",
            1,
            "From: Ana Lima <ana@example.org>\nTo: me@example.com\nSubject: Coffee?",
        ),
        _envelope(
            "news@substack.example",
            2,
            "From: The Weekly <news@substack.example>\nTo: me@example.com\nSubject: Issue 12\n"
            "List-Unsubscribe: <https://substack.example/unsub>, <mailto:u@substack.example>\n"
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        ),
        _envelope(
            "notifications@github.example",
            3,
            "From: Bob <notifications@github.example>\nTo: kith <kith@noreply.github.example>\n"
            "Cc: me@example.com\nSubject: Re: [kith] Import a Takeout (#5)\n"
            "List-ID: kith/kith <kith.kith.github.example>",
        ),
        _envelope(
            "carol@example.org",
            4,
            "From: Carol Diaz <carol@example.org>\nTo: me@example.com\n"
            "Subject: Out of office\nAuto-Submitted: auto-replied",
        ),
        _envelope(
            "no-reply@bank.example",
            5,
            "From: My Bank <no-reply@bank.example>\nTo: me@example.com\nSubject: Statement",
        ),
        _envelope(
            "dan@example.org",
            6,
            "From: Dan Wu <dan@example.org>\nTo: python-users@groups.example\n"
            "Subject: Meetup\nList-Post: <mailto:python-users@groups.example>",
        ),
        _envelope(
            "offers@shop.example",
            7,
            "From: Shop <offers@shop.example>\nTo: me@example.com\nSubject: Sale\nPrecedence: bulk",
        ),
        _envelope(
            "me@example.com",
            8,
            "From: Me <me@example.com>\nTo: python-users@groups.example\nSubject: Re: Meetup\n"
            "List-Id: <python-users.groups.example>",
        ),
    ]
)


def test_mail_no_person_wrote_to_you_is_left_out_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    path.write_text(MACHINES, encoding="utf-8")
    result = _mail(path, my_emails=frozenset({"me@example.com"}))
    assert [i.summary for i in result.interactions] == ["Coffee?"]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (9, "a mailing list or newsletter (List-Unsubscribe header)"),
        (19, "a mailing list or newsletter (List-Id header)"),
        (29, "an automatic mail (Auto-Submitted: auto-replied)"),
        (38, "sent from a no-reply address (no-reply@bank.example)"),
        (46, "a mailing list or newsletter (List-Post header)"),
        (55, "bulk mail (Precedence: bulk)"),
        (64, "a mailing list or newsletter (List-Id header)"),
    ]
    assert (
        "7 mails from mailing lists, newsletters and machines (no-reply addresses, automatic "
        "replies) left out: no person wrote them to you."
    ) in result.warnings
    assert {p.email for i in result.interactions for p in i.participants} == {"ana@example.org"}


def _to_me(sender: str, day: int, name: str, subject: str, extra: str = "") -> str:
    """A mail from ``name <sender>`` to me@example.com."""
    headers = f"From: {name} <{sender}>\nTo: me@example.com\nSubject: {subject}{extra}"
    return _envelope(sender, day, headers)


def test_auto_submitted_no_and_a_name_merely_starting_with_noreply_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "one.mbox"
    path.write_text(
        _to_me("ana@example.org", 1, "Ana", "Hi", "\nAuto-Submitted: no")
        + _to_me("noreplyhelp@example.org", 2, "Eve", "Hello"),
        encoding="utf-8",
    )
    result = _mail(path, my_emails=frozenset({"me@example.com"}))
    assert [i.summary for i in result.interactions] == ["Hi", "Hello"]
    assert not any("mailing lists" in w for w in result.warnings)


def test_names_written_in_raw_utf8_or_latin1_are_read_as_written(tmp_path: Path) -> None:
    """RFC 6532 lets headers carry UTF-8 as is; older mailers wrote Latin-1 bytes."""
    utf8 = _envelope("jose@example.org", 1, "From: José García <jose@example.org>\nTo: me@x.org")
    latin1 = _envelope("rene@example.org", 2, "From: René Côté <rene@example.org>\nTo: me@x.org")
    path = tmp_path / "accents.mbox"
    path.write_bytes(utf8.encode("utf-8") + latin1.encode("latin-1"))
    result = _mail(path, my_emails=frozenset({"me@x.org"}))
    assert [p.name for i in result.interactions for p in i.participants] == [
        "José García",
        "René Côté",
    ]


def test_an_encoded_word_in_an_unknown_charset_is_kept_as_written(tmp_path: Path) -> None:
    """Found by fuzzing: a charset name that is not even ASCII made the email package raise
    CharsetError, and the import stop."""
    mail = _envelope("ana@example.org", 1, "From: =?\x80x?Q?Ana?= <ana@example.org>\nTo: me@x.org")
    path = tmp_path / "odd.mbox"
    path.write_bytes(mail.encode("latin-1"))
    (touch,) = _mail(path, my_emails=frozenset({"me@x.org"})).interactions
    assert [p.email for p in touch.participants] == ["ana@example.org"]


def test_notifications_from_a_named_no_reply_address_are_machines(tmp_path: Path) -> None:
    """LinkedIn sends its notifications from messages-noreply@ and jobalerts-noreply@ in
    the name of the person who wrote: not a conversation with that address."""
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    path.write_text(
        _to_me("messages-noreply@linkedin.com", 1, "Ana Lima", "New")
        + _to_me("jobalerts-noreply@linkedin.com", 2, "LinkedIn", "Jobs")
        + _to_me("annoreply@example.org", 3, "Ann Noreply", "Hi"),
        encoding="utf-8",
    )
    result = _mail(path, my_emails=frozenset({"me@example.com"}))
    assert [s.reason for s in result.skipped] == [
        "sent from a no-reply address (messages-noreply@linkedin.com)",
        "sent from a no-reply address (jobalerts-noreply@linkedin.com)",
    ]
    assert [i.summary for i in result.interactions] == ["Hi"]


def test_gmail_takeout_chats_are_messages_not_emails(tmp_path: Path) -> None:
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    path.write_text(
        _envelope(
            "ana@example.org",
            1,
            "From: Ana <ana@example.org>\nTo: me@example.com\nSubject: Chat with Ana\n"
            "X-Gmail-Labels: Chat,Opened",
        )
        + _envelope(
            "bo@example.org",
            2,
            "From: Bo <bo@example.org>\nTo: me@example.com\nSubject: Hi\n"
            "X-Gmail-Labels: Inbox,Chatty friends",
        ),
        encoding="utf-8",
    )
    result = _mail(path, my_emails=frozenset({"me@example.com"}))
    assert [(i.summary, i.channel) for i in result.interactions] == [
        ("Chat with Ana", "message"),
        ("Hi", "email"),
    ]
