"""mbox and .eml -> email InteractionRecords, from the headers only (bodies are skipped).
The Hangouts chats a Gmail Takeout keeps among the mail (label Chat) are messages.

The file is split into messages by ``mbox_split`` (robust to the stdlib's "From "
miscount and a leading BOM) and read line by line; of each message only what the import
needs of its headers is kept, and the records are made once the whole file is read.

Per message: initiator ``me`` when From is one of ``my_emails``, else ``them``; mail that is
no conversation (lists, newsletters, no-reply senders, automatic replies, spam, drafts:
``bulk``) is skipped and counted in a note; the mails with the same people on one day are
one touch, started by the first (``touches``); when none of those is in the file, the
address in most messages may be taken for the user's (``whoami``, said in the report).
Participants are the other From/To/Cc/Bcc addresses (Bcc: in the copy of mail you sent);
more than ``max_recipients`` recipients means a list or announcement and is skipped.
Headers are read as text (UTF-8, else Latin-1) without the ``email`` package's header
objects, which took four fifths of the time: addresses are split (``getaddresses``) before
encoded words are decoded, so ``=?UTF-8?B?...?=`` names that contain commas stay one
person. The id is the Message-ID, or a hash of the headers.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from io import BufferedReader
from pathlib import Path
from typing import NamedTuple

from kith.core.coach_common import plural
from kith.errors import ImportFormatError
from kith.importers.base import (
    ImportOptions,
    Initiator,
    InteractionRecord,
    ParseResult,
    ProfileRecord,
    person_key,
)
from kith.importers.base import ParticipantRef as Ref
from kith.importers.bulk import LeftOut, folder_reason, kind_of, signs
from kith.importers.collect import Collector
from kith.importers.mbox_split import separated, single, starts_with_from
from kith.importers.reading import EVERY, ReadProgress, Throttled, of_parts, told
from kith.importers.touches import SameDay
from kith.importers.values import clean, normalize_email, parse_datetime, short_hash, truncate
from kith.importers.whoami import who_am_i

_DELIVERY = re.compile(r"^(\d+)\.(?:M(\d+))?")  # a Maildir name: seconds, microseconds
DEFAULT_SUMMARY = "Email"
_RECIPIENTS = ("To", "Cc", "Bcc")
_PARSER = HeaderParser(policy=compat32)  # values as text: parsed only as far as needed
LEFT_OUT_NOTES: dict[LeftOut, str] = {  # the report's note on each kind of no conversation
    "bulk": "from mailing lists, newsletters and machines (no-reply addresses, automatic "
    "replies) left out: no person wrote them to you.",
    "spam": "marked as spam left out (Gmail's Spam label, a spam filter's flag, or a Junk "
    "folder): spam is not your network.",
    "draft": "left out as drafts, never sent (Gmail's Drafts label, a Drafts folder): you "
    "did not write to those people.",
}


def parse_mbox(path: Path, options: ImportOptions, now: datetime | None = None) -> ParseResult:
    """Headers are read in one pass over the file; the records are made once the whole
    file shows which address is the user's (``whoami``). A folder is an Apple Mail export
    (``Name.mbox/`` holding ``mbox``), a Maildir (``cur/`` and ``new/``, one file per
    message) or a folder of .eml files."""
    name = path.name
    if path.is_dir() and (path / "mbox").is_file():
        path = path / "mbox"  # Apple Mail exports a Name.mbox/ folder holding "mbox"
    if path.is_dir():
        out = Collector("mbox", name)
        mails = [_read(1, b"", block, file, out) for file, block in _folder(path, out, options)]
    else:
        out, mails = _file(path, name, options.on_read)
    if not mails:
        raise ImportFormatError(
            "no mail headers found; this is not an mbox or .eml file",
            file=name,
            hint="Export the mailbox as mbox, or save single messages as .eml.",
        )
    return _records(mails, out, options, now)


def parse_mail_files(
    files: Sequence[tuple[Path, str]], name: str, options: ImportOptions, now: datetime | None
) -> ParseResult:
    """Several mailboxes and messages (mbox or .eml files, each with the name the report
    gives it) as one import: whose address is yours is worked out from all of them."""
    out = Collector("mbox", name)
    mails: list[_Mail | None] = []
    reading = of_parts(options.on_read, [_size(path) for path, _ in files])
    for (path, shown), on_read in zip(files, reading, strict=True):
        try:
            with path.open("rb") as stream:
                found = _mails_in(stream, shown, out, on_read)
        except OSError as exc:
            out.skip(shown, None, f"the file cannot be read ({exc.strerror})")
            continue
        reason = folder_reason(shown)  # a Junk or Drafts folder: whatever the headers say
        if reason is not None:
            found = [None if mail is None else mail._replace(left_out=reason) for mail in found]
        mails += found
    return _records(mails, out, options, now)


def _records(
    mails: list[_Mail | None], out: Collector, options: ImportOptions, now: datetime | None
) -> ParseResult:
    """The interactions of the mails read, once all show which address is the user's."""
    read = [mail for mail in mails if mail is not None]
    options, yours = _sent_from(read, options, out)
    mine, me = who_am_i(_addresses_by_message(read), options, out, "messages")
    if yours:
        me = ProfileRecord(emails=(*yours, *(me.emails if me else ())))
    touches = SameDay(out, DEFAULT_SUMMARY)
    reasons = [_message(mail, out, touches, mine, now) for mail in read]
    kinds = Counter(kind_of(why) for why in reasons if why)
    touches.note(out, "mails", "mails with the same people on one day")
    for kind, note in LEFT_OUT_NOTES.items():
        if kinds[kind]:
            out.warn(f"{plural(kinds[kind], 'mail', 'mails')} {note}")
    return out.result(me)


def _sent_from(
    read: list[_Mail], options: ImportOptions, out: Collector
) -> tuple[ImportOptions, tuple[str, ...]]:
    """The options with the addresses your sent mail came from (Gmail's Sent label, a Sent
    folder), and those of them kith did not know were yours, said in the report."""
    found = {m.senders[0].email for m in read if m.sent and m.senders and m.senders[0].email}
    new = tuple(sorted(found - options.my_emails))
    if not new:
        return options, ()
    one = len(new) == 1
    out.warn(
        f"kith took {', '.join(new)} for your own {'address' if one else 'addresses'}: your "
        f"sent mail came from {'it' if one else 'them'} (Gmail's Sent label, or a Sent "
        f"folder); importing saves {'it' if one else 'them'} with your addresses."
    )
    return replace(options, my_emails=options.my_emails | set(new)), new


def _file(
    path: Path, name: str, on_read: ReadProgress | None
) -> tuple[Collector, list[_Mail | None]]:
    try:
        with path.open("rb") as stream:
            out = Collector("mbox" if starts_with_from(stream) else "eml", name)
            return out, _mails_in(stream, name, out, on_read)
    except OSError as exc:
        raise ImportFormatError(f"the file cannot be read ({exc.strerror})", file=name) from exc


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # said when it is opened
        return 0


def _mails_in(
    stream: BufferedReader, shown: str, out: Collector, on_read: ReadProgress | None = None
) -> list[_Mail | None]:
    """The mails of one mbox, or the one message of an .eml file (None: skipped); how many
    of its bytes are read is told to ``on_read`` as it goes."""
    found = separated(stream) if starts_with_from(stream) else single(stream)
    reads = Throttled(on_read, os.fstat(stream.fileno()).st_size)
    mails: list[_Mail | None] = []
    for line, envelope, block in found:
        mails.append(_read(line, envelope, block, shown, out))
        reads.at(stream.tell())
    reads.end()
    return mails


def mail_files(path: Path) -> list[Path]:
    """The message files of a Maildir (``cur/`` and ``new/``), in the order they were
    delivered, or of a folder of .eml files, in name order."""
    if is_maildir(path):
        found = (f for sub in ("cur", "new") for f in (path / sub).iterdir() if f.is_file())
        return sorted(found, key=_delivered)
    return sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() == ".eml")


def _delivered(file: Path) -> tuple[int, int, str]:
    """A Maildir name's time of delivery, ``1732670000.M98765P123Q4.host``: seconds, then
    microseconds (not zero-padded, so the names alone do not sort in delivery order)."""
    found = _DELIVERY.match(file.name)
    if found is None:
        return (sys.maxsize, 0, file.name)
    return (int(found[1]), int(found[2] or 0), file.name)


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _folder(path: Path, out: Collector, options: ImportOptions) -> Iterator[tuple[str, bytes]]:
    """(file, header bytes) of each message in the folder; unreadable files are skipped.
    How many of the files are read is told to ``options.on_read``."""
    files = mail_files(path)
    for count, file in enumerate(files, start=1):
        if count % EVERY == 0 or count == len(files):
            told(options.on_read, count, len(files))
        shown = f"{path.name}/{file.relative_to(path).as_posix()}"
        try:
            with file.open("rb") as stream:
                found = list(single(stream))
        except OSError as exc:
            out.skip(shown, None, f"the file cannot be read ({exc.strerror})")
            continue
        if not found:
            out.skip(shown, None, "no mail headers at the top of this file")
            continue
        yield shown, found[0][2]


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name as written, address) of each mailbox in the header, groups opened."""
    value = message.get(name)
    if value is None:
        return []
    return [(shown, address) for shown, address in getaddresses([str(value)]) if shown or address]


def _text(value: object) -> str:
    """A header value with its encoded words (``=?UTF-8?Q?...?=``) decoded; as written when
    they cannot be (a charset no one knows, a broken encoding)."""
    raw = str(value)
    if "=?" not in raw:
        return raw
    try:
        return str(make_header(decode_header(raw)))
    except (MessageError, LookupError, ValueError):
        return raw


def _header_text(header_bytes: bytes) -> str:
    """Headers are UTF-8 when not ASCII (RFC 6532), or else most likely Latin-1."""
    try:
        return header_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return header_bytes.decode("latin-1")


def _parse_date(raw: object) -> datetime | None:
    try:
        value = parsedate_to_datetime(str(raw))
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _when(message: Message, envelope: bytes) -> datetime | None:
    """Date, else the envelope's asctime, else the newest Received stamp."""
    raw = message.get("Date")
    found = _parse_date(raw) if raw is not None else None
    if found is None and envelope.count(b" ") >= 3:
        found = parse_datetime(envelope.decode("latin-1").split(" ", 2)[2])
    if found is None:
        received = message.get_all("Received") or []
        if received:
            found = _parse_date(str(received[0]).rsplit(";", 1)[-1])
    return found


def _ref(mailbox: tuple[str, str]) -> Ref | None:
    shown, address = mailbox
    email = normalize_email(address)
    name = clean(_text(shown)) or None
    if not email and not name:
        return None
    return Ref(name=None if name and email and name.lower() == email else name, email=email)


class _Mail(NamedTuple):
    """What an import needs of one message's headers."""

    line: int
    file: str  # the mbox, or in a Maildir or a folder of .eml files the message's own file
    senders: tuple[Ref, ...]
    recipients: tuple[Ref, ...]
    recipient_count: int  # addresses in To, Cc and Bcc, readable or not
    when: datetime | None
    key: str  # the Message-ID without <>, else a hash of the headers
    message_id: str
    subject: str
    left_out: str | None  # why it is no conversation: bulk, spam, a draft (``bulk``)
    chat: bool  # a Hangouts chat in a Gmail Takeout (a message, not an email)
    sent: bool  # Gmail's Sent label, or read from a Sent folder: its From is yours


def _read(
    line: int, envelope: bytes, header_bytes: bytes, file: str, out: Collector
) -> _Mail | None:
    try:
        message = _PARSER.parsestr(_header_text(header_bytes))
        senders = _addresses(message, "From")
        sender_refs = _refs(senders)
        # Bcc is only in the copy its sender kept: the people you wrote to, as much as To
        recipients = [address for name in _RECIPIENTS for address in _addresses(message, name)]
        message_id = clean(str(message.get("Message-ID", "") or "")) or ""
        told = signs(message, sender_refs[0].email if sender_refs else None, file)
        return _Mail(
            line=line,
            file=file,
            senders=sender_refs,
            recipients=_refs(recipients),
            recipient_count=len(recipients),
            when=_when(message, envelope.strip()),
            key=message_id.strip("<>") if message_id else short_hash(header_bytes),
            message_id=message_id,
            subject=clean(_text(message.get("Subject", "") or "")) or "",
            left_out=told.left_out,
            chat=told.chat,
            sent=told.sent,
        )
    except (
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        LookupError,
        MessageError,
    ) as exc:
        out.skip(file, line, f"unreadable mail headers ({type(exc).__name__})")
        return None


def _addresses_by_message(mails: list[_Mail]) -> list[set[str]]:
    """The addresses of each dated message, copies counted once."""
    dated = {mail.key: mail for mail in reversed(mails) if mail.when is not None}
    return [{r.email for r in (*m.senders, *m.recipients) if r.email} for m in dated.values()]


def _refs(addresses: list[tuple[str, str]]) -> tuple[Ref, ...]:
    return tuple(ref for ref in map(_ref, addresses) if ref is not None)


def _problem(mail: _Mail, people: tuple[Ref, ...], options: ImportOptions) -> str | None:
    if mail.when is None:
        return "mail has no readable Date header"
    if mail.recipient_count > options.max_recipients:
        return f"{mail.recipient_count} recipients (a list mail, over {options.max_recipients})"
    if not people:
        return "no one but you in From, To, Cc and Bcc"
    return None


def _message(
    mail: _Mail,
    out: Collector,
    touches: SameDay,
    options: ImportOptions,
    now: datetime | None,
) -> str | None:
    """Hand the mail to ``touches``, or skip it with its reason: mails with the same
    people on one day are one touch. The reason, for mail that is no conversation (no
    person wrote it, spam, a draft: ``bulk``); None otherwise."""
    people = _others((*mail.senders, *mail.recipients), options)
    problem, when, line, file = _problem(mail, people, options), mail.when, mail.line, mail.file
    if problem is not None or when is None:
        out.skip(file, line, problem or "mail has no readable Date header")
        return None
    if out.has_id(f"email:{mail.key}"):
        out.skip(file, line, "same Message-ID as an earlier mail (a copy)")
        return None
    if mail.left_out:
        out.skip(file, line, mail.left_out)
        return mail.left_out
    if not out.keep_moment(when, options.since, now):
        return None
    from_me = bool(mail.senders) and options.is_me(mail.senders[0].email)
    initiator: Initiator = "me" if from_me else "them"
    record = InteractionRecord(
        external_id=out.unique_id(f"email:{mail.key}"),
        occurred_at=when,
        channel="message" if mail.chat else "email",
        intent="catch_up",
        initiator=initiator,
        summary=truncate(mail.subject) if mail.subject else DEFAULT_SUMMARY,
        participants=people,
        thread=mail.message_id or None,
        line=line,
    )
    touches.add(record, frozenset(map(person_key, people)))
    return None


def _others(refs: tuple[Ref, ...], options: ImportOptions) -> tuple[Ref, ...]:
    people: dict[str, Ref] = {}
    for ref in refs:
        if options.is_me(ref.email):
            continue
        key = person_key(ref)
        if key not in people:
            people[key] = ref
    return tuple(people.values())
