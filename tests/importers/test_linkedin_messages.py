"""LinkedIn messages.csv: one test per quirk in formats.md §1.3."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kith.importers import ImportOptions, ParseResult, ParticipantRef, parse
from tests.importers.conftest import NOW, write_csv
from tests.importers.linkedin_headers import MESSAGES_2018, MESSAGES_2024, MESSAGES_DEC_2024

ME = ("Me Myself", "https://www.linkedin.com/in/me-myself")
ANN = ("Ann Lee", "https://www.linkedin.com/in/annlee")
BO = ("Bo Chan", "https://www.linkedin.com/in/bochan")


def _row(
    conv: str,
    sender: tuple[str, str],
    to: list[tuple[str, str]],
    when: str,
    content: str = "hi",
    subject: str = "",
) -> list[str]:
    names = ",".join(n for n, _ in to)
    urls = ",".join(u for _, u in to)
    return [conv, "", sender[0], sender[1], names, urls, when, subject, content, "INBOX"]


# the first four touches of lni__Messages_nonstandard.csv: (day, who wrote first that day)
LNI_STARTS = [("2024-05-15", "them"), ("2024-05-16", "them"), ("2024-05-20", "me"),
              ("2024-03-10", "them")]  # fmt: skip


def _starts(result: ParseResult) -> list[tuple[str, str]]:
    return [(i.occurred_at.date().isoformat(), i.initiator) for i in result.interactions]


def _messages(
    tmp_path: Path, rows: list[list[str]], header: list[str] = MESSAGES_2024, **options: Any
) -> ParseResult:
    path = write_csv(tmp_path / "messages.csv", header, rows)
    return parse(path, "linkedin", ImportOptions(**options), now=NOW)


def test_linkedin_messages_multiline_content_and_malformed_row(
    data_file: Callable[[str], Path],
) -> None:
    path = data_file("linkedin/kawsay__messages.csv")
    result = parse(path, "linkedin", ImportOptions(keep_content=True), now=NOW)
    first, second = result.interactions
    assert second.content == "Sounds great!\nTuesday at 3pm works."
    assert (first.line, second.line) == (2, 3)
    assert [(s.line, s.reason) for s in result.skipped] == [
        (5, "malformed row (1 fields, fewer than the header)")
    ]


def test_linkedin_messages_content_not_stored_without_keep_content(
    data_file: Callable[[str], Path],
) -> None:
    result = parse(data_file("linkedin/kawsay__messages.csv"), "linkedin", now=NOW)
    assert [i.content for i in result.interactions] == [None, None]
    assert result.interactions[0].summary == "LinkedIn message: Coffee?"
    assert all("coffee," not in i.summary for i in result.interactions)


def test_linkedin_messages_owner_url_decides_initiator(data_file: Callable[[str], Path]) -> None:
    options = ImportOptions(my_linkedin_url="linkedin.com/in/Pedro/")
    result = parse(data_file("linkedin/kawsay__messages.csv"), "linkedin", options, now=NOW)
    assert [i.initiator for i in result.interactions] == ["them", "me"]
    ana = ParticipantRef(name="Ana Lopez", linkedin_url="https://www.linkedin.com/in/analopez")
    assert all(i.participants == (ana,) for i in result.interactions)
    assert result.warnings == ()
    assert result.me is not None and result.me.linkedin_url == "https://www.linkedin.com/in/pedro"


def test_linkedin_messages_owner_name_decides_initiator(data_file: Callable[[str], Path]) -> None:
    options = ImportOptions(my_name="Ana  Lopez")
    result = parse(data_file("linkedin/kawsay__messages.csv"), "linkedin", options, now=NOW)
    assert [i.initiator for i in result.interactions] == ["me", "them"]


def test_linkedin_messages_tie_warns_and_names_the_guess(data_file: Callable[[str], Path]) -> None:
    result = parse(data_file("linkedin/kawsay__messages.csv"), "linkedin", now=NOW)
    (warning,) = result.warnings
    assert warning.startswith("Could not tell which LinkedIn messages you sent; assumed you are")


def test_linkedin_messages_a_profile_url_in_no_message_is_not_trusted(
    data_file: Callable[[str], Path],
) -> None:
    # an old or mistyped URL of the user's would make every message someone else's
    options = ImportOptions(my_linkedin_url="https://www.linkedin.com/in/someone-else")
    path = data_file("linkedin/lni__Messages_nonstandard.csv")
    result = parse(path, "linkedin", options, now=NOW)
    assert result.warnings[0] == (
        "Your LinkedIn profile https://www.linkedin.com/in/someone-else is in none of these "
        "messages; who you are was worked out from the messages instead."
    )
    assert _starts(result)[:4] == LNI_STARTS
    assert result.me is None or result.me.linkedin_url != options.my_linkedin_url


def test_linkedin_messages_missing_columns_and_no_utc_suffix(
    data_file: Callable[[str], Path],
) -> None:
    result = parse(data_file("linkedin/lni__Messages_nonstandard.csv"), "linkedin", now=NOW)
    # 11 messages; two conversations had two messages on one day
    assert len(result.interactions) == 9
    assert result.warnings == (
        "11 LinkedIn messages became 9 interactions: the messages of one conversation on "
        "one day are one touch, started by whoever wrote first.",
    )
    first = result.interactions[0]
    assert first.occurred_at == datetime(2024, 5, 15, 10, 30, tzinfo=UTC)
    assert first.thread == "conv001"


def test_linkedin_messages_owner_in_every_conversation_is_me(
    data_file: Callable[[str], Path],
) -> None:
    # "Test User" (no sender URL) is in all four conversations: the archive's owner
    result = parse(data_file("linkedin/lni__Messages_nonstandard.csv"), "linkedin", now=NOW)
    assert _starts(result)[:4] == LNI_STARTS
    names = {p.name for i in result.interactions for p in i.participants}
    assert "Test User" not in names


def test_linkedin_messages_recipient_without_url_gets_the_url_seen_elsewhere(
    data_file: Callable[[str], Path],
) -> None:
    result = parse(data_file("linkedin/lni__Messages_nonstandard.csv"), "linkedin", now=NOW)
    mine = result.interactions[2]  # Test User -> Alice Johnson, TO has no URL column
    assert mine.initiator == "me"
    assert mine.participants == (
        ParticipantRef(
            name="Alice Johnson", linkedin_url="https://www.linkedin.com/in/alicejohnson"
        ),
    )


def test_linkedin_messages_group_conversation_participants(tmp_path: Path) -> None:
    rows = [
        _row("2-g==", ANN, [ME, BO], "2024-12-16 18:24:37 UTC"),
        _row("2-g==", ME, [ANN, BO], "2024-12-17 18:30:00 UTC"),
        _row("2-x==", ME, [BO], "2024-12-17 09:00:00 UTC"),
    ]
    result = _messages(tmp_path, rows)
    group_in, group_out, _ = result.interactions
    assert [p.name for p in group_in.participants] == ["Ann Lee", "Bo Chan"]
    assert group_in.initiator == "them"
    assert [p.name for p in group_out.participants] == ["Ann Lee", "Bo Chan"]
    assert group_out.initiator == "me"


def test_linkedin_messages_name_with_comma_in_group(tmp_path: Path) -> None:
    park = ("Jin Park, CFA", "https://www.linkedin.com/in/jpark")
    rows = [
        _row("2-g==", ME, [park, ANN], "2024-12-16 18:24:37 UTC"),
        _row("2-h==", ANN, [ME], "2024-12-16 18:24:37 UTC"),
    ]
    result = _messages(tmp_path, rows)
    participants = result.interactions[0].participants
    assert [(p.name, p.linkedin_url) for p in participants] == [park, ANN]


def test_linkedin_messages_html_content_stripped(tmp_path: Path) -> None:
    html = "<p>Hello&nbsp;there &amp; welcome</p><ul><li>one</li><li>two</li></ul>"
    rows = [
        _row("2-a==", ANN, [ME], "2024-12-16 18:24:37 UTC", html, "InMail"),
        _row("2-b==", BO, [ME], "2024-12-16 18:24:37 UTC"),
    ]
    result = _messages(tmp_path, rows, keep_content=True)
    content = result.interactions[0].content
    assert content == "Hello\xa0there & welcome\none\ntwo"


def test_linkedin_messages_drafts_skipped(tmp_path: Path) -> None:
    rows = [
        [*_row("2-a==", ME, [ANN], "2024-12-16 18:24:37 UTC"), "Yes", "No"],
        [*_row("2-a==", ANN, [ME], "2024-12-16 19:00:00 UTC"), "No", "No"],
        [*_row("2-b==", BO, [ME], "2024-12-16 19:00:00 UTC"), "No", "No"],
    ]
    result = _messages(tmp_path, rows, header=MESSAGES_DEC_2024)
    assert len(result.interactions) == 2
    assert [(s.line, s.reason) for s in result.skipped] == [(2, "draft message")]


def test_linkedin_messages_empty_sender_url_matched_by_my_name(tmp_path: Path) -> None:
    rows = [
        _row("2-a==", ME, [ANN], "2024-12-16 18:24:37 UTC"),
        _row("2-a==", (ME[0], ""), [ANN], "2024-12-17 18:25:00 UTC"),
        _row("2-b==", BO, [ME], "2024-12-16 19:00:00 UTC"),
    ]
    result = _messages(tmp_path, rows, my_linkedin_url=ME[1])
    assert [i.initiator for i in result.interactions] == ["me", "me", "them"]


def test_linkedin_messages_empty_conversation_id_skipped(tmp_path: Path) -> None:
    rows = [
        _row("", ANN, [ME], "2024-12-16 18:24:37 UTC"),
        _row("2-b==", BO, [ME], "2024-12-16 19:00:00 UTC"),
    ]
    result = _messages(tmp_path, rows, my_linkedin_url=ME[1])
    assert [(s.line, s.reason) for s in result.skipped] == [(2, "no CONVERSATION ID")]


def test_linkedin_messages_2018_direction_column(tmp_path: Path) -> None:
    rows = [
        ["Ann Lee", "Me Myself", "10/16/18, 8:36 AM", "", "hello", "INCOMING", "INBOX"],
        ["Me Myself", "Ann Lee", "10/17/18, 9:05 PM", "", "hi!", "OUTGOING", "SENT"],
    ]
    path = write_csv(tmp_path / "Messages.csv", MESSAGES_2018, rows)
    result = parse(path, "linkedin", now=NOW)
    incoming, outgoing = result.interactions
    assert (incoming.initiator, outgoing.initiator) == ("them", "me")
    assert outgoing.occurred_at == datetime(2018, 10, 17, 21, 5, tzinfo=UTC)
    assert incoming.participants == outgoing.participants == (ParticipantRef(name="Ann Lee"),)


def test_linkedin_messages_since_filter_counts_what_it_left_out(tmp_path: Path) -> None:
    rows = [
        _row("2-a==", ANN, [ME], "2023-01-01 10:00:00 UTC"),
        _row("2-a==", ME, [ANN], "2024-06-01 10:00:00 UTC"),
    ]
    result = _messages(tmp_path, rows, since=date(2024, 1, 1), my_linkedin_url=ME[1])
    assert len(result.interactions) == 1
    assert result.warnings == ("1 record(s) left out: dated before 2024-01-01 (since).",)


def test_linkedin_messages_ids_stable_and_a_copied_row_is_one_touch(tmp_path: Path) -> None:
    same = _row("2-a==", ANN, [ME], "2024-12-16 18:24:37 UTC", "same text")
    rows = [same, same, _row("2-b==", BO, [ME], "2024-12-16 18:24:37 UTC")]
    first, again = (_messages(tmp_path, rows) for _ in range(2))
    ids = [i.external_id for i in first.interactions]
    assert ids == [i.external_id for i in again.interactions]
    assert len(set(ids)) == 2


def test_linkedin_messages_2018_same_text_to_two_people_gets_two_ids(tmp_path: Path) -> None:
    # the 2018 layout has no conversation id and dates to the minute: the same greeting sent
    # to two people at once hashes alike, and both touches must still be kept
    rows = [
        ["Me Myself", "Ann Lee", "10/16/18, 8:36 AM", "", "Happy new year!", "OUTGOING", "SENT"],
        ["Me Myself", "Bo Chan", "10/16/18, 8:36 AM", "", "Happy new year!", "OUTGOING", "SENT"],
    ]
    path = write_csv(tmp_path / "Messages.csv", MESSAGES_2018, rows)
    ann, bo = parse(path, "linkedin", now=NOW).interactions
    assert [p.name for p in (*ann.participants, *bo.participants)] == ["Ann Lee", "Bo Chan"]
    assert bo.external_id == ann.external_id + "#2"


def test_linkedin_messages_one_conversation_on_one_day_is_one_touch(tmp_path: Path) -> None:
    rows = [
        _row("2-a==", ANN, [ME], "2024-12-16 09:00:00 UTC", "coffee?", "Coffee"),
        _row("2-a==", ME, [ANN], "2024-12-16 09:05:00 UTC", "yes!"),
        _row("2-b==", BO, [ME], "2024-12-16 12:00:00 UTC"),
        _row("2-a==", ANN, [ME], "2024-12-16 17:00:00 UTC", "see you"),
        _row("2-a==", ME, [ANN], "2024-12-18 08:00:00 UTC", "thanks for today"),
    ]
    result = _messages(tmp_path, rows, my_linkedin_url=ME[1], keep_content=True)
    chat, bo, later = result.interactions
    assert (chat.occurred_at, chat.initiator) == (datetime(2024, 12, 16, 9, tzinfo=UTC), "them")
    assert chat.participants == (ParticipantRef(name=ANN[0], linkedin_url=ANN[1]),)
    assert chat.summary == "LinkedIn message: Coffee"
    assert chat.content == "coffee?\n\nyes!\n\nsee you"
    assert [p.name for p in bo.participants] == ["Bo Chan"]
    assert (later.occurred_at.date(), later.initiator) == (date(2024, 12, 18), "me")
    assert result.warnings == (
        "5 LinkedIn messages became 3 interactions: the messages of one conversation on "
        "one day are one touch, started by whoever wrote first.",
    )


def test_linkedin_messages_newest_first_file_folds_to_the_same_touches(tmp_path: Path) -> None:
    rows = [
        _row("2-a==", ANN, [ME], "2024-12-16 09:00:00 UTC", "coffee?"),
        _row("2-a==", ME, [ANN], "2024-12-16 09:05:00 UTC", "yes!"),
        _row("2-a==", ANN, [ME], "2024-12-16 17:00:00 UTC", "see you"),
    ]
    oldest_first = _messages(tmp_path, rows, my_linkedin_url=ME[1]).interactions
    newest_first = _messages(tmp_path, rows[::-1], my_linkedin_url=ME[1]).interactions
    assert oldest_first == tuple(i._replace(line=2) for i in newest_first)
    # the touch keeps the id its first message had when kith kept one interaction per
    # message, so a database imported that way is not given the same day again
    alone = _messages(tmp_path, rows[:1], my_linkedin_url=ME[1]).interactions
    assert [i.external_id for i in oldest_first] == [alone[0].external_id]


def test_linkedin_messages_group_chat_on_one_day_names_everyone(tmp_path: Path) -> None:
    cy = ("Cy Diaz", "https://www.linkedin.com/in/cydiaz")
    rows = [
        _row("2-g==", ANN, [ME, BO], "2024-12-16 18:24:37 UTC"),
        _row("2-g==", ME, [ANN, BO, cy], "2024-12-16 18:30:00 UTC"),
    ]
    (chat,) = _messages(tmp_path, rows, my_linkedin_url=ME[1]).interactions
    assert [p.name for p in chat.participants] == ["Ann Lee", "Bo Chan", "Cy Diaz"]
    assert chat.initiator == "them"


def test_linkedin_messages_file_cut_off_inside_a_message(tmp_path: Path) -> None:
    rows = [
        _row("c1", ANN, [ME], "2024-03-15 09:30:00 UTC", "Coffee soon?"),
        _row("c2", BO, [ME], "2024-03-16 10:00:00 UTC", "Long, careful reply"),
    ]
    whole = write_csv(tmp_path / "messages.csv", MESSAGES_2024, rows).read_bytes().decode()
    path = tmp_path / "cut" / "messages.csv"
    path.parent.mkdir()
    path.write_bytes(whole[: whole.index("careful")].encode())  # inside the quoted CONTENT
    result = parse(path, "linkedin", ImportOptions(my_linkedin_url=ME[1]), now=NOW)
    assert [i.occurred_at.date() for i in result.interactions] == [date(2024, 3, 15)]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (3, "this row never ends (its quote is not closed): the file looks cut off")
    ]


HIDDEN_MEMBER = ("LinkedIn Member", "")  # a deleted account, or one hidden from you


def test_linkedin_messages_hidden_members_are_no_one_in_particular(tmp_path: Path) -> None:
    """Everyone who deleted their account is "LinkedIn Member" without a URL: they must not
    become one person, whose tie would add up all of their messages."""
    rows = [
        _row("2-a==", HIDDEN_MEMBER, [ME], "2024-12-01 09:00:00 UTC"),
        _row("2-b==", ME, [HIDDEN_MEMBER], "2024-12-02 09:00:00 UTC"),
        _row("2-g==", ANN, [ME, ("LinkedIn Member", ""), BO], "2024-12-03 09:00:00 UTC"),
    ]
    rows[2][5] = f"{ME[1]},,{BO[1]}"  # the hidden member's URL is the empty one between
    result = _messages(tmp_path, rows, my_linkedin_url=ME[1])
    (group,) = result.interactions
    assert [p.name for p in group.participants] == ["Ann Lee", "Bo Chan"]
    hidden = 'a deleted or hidden LinkedIn member ("LinkedIn Member", no profile URL)'
    assert [(s.line, s.reason) for s in result.skipped] == [(2, hidden), (3, hidden)]


def test_linkedin_messages_a_member_named_like_the_stand_in_but_with_a_url_is_kept(
    tmp_path: Path,
) -> None:
    named = ("LinkedIn Member", "https://www.linkedin.com/in/some-member")
    rows = [_row("2-a==", named, [ME], "2024-12-01 09:00:00 UTC")]
    result = _messages(tmp_path, rows, my_linkedin_url=ME[1])
    assert [p.linkedin_url for i in result.interactions for p in i.participants] == [named[1]]
