"""Mail that is no conversation: what no person wrote to you, spam, and drafts never sent.

A mailbox (a Gmail Takeout's "All mail" above all) holds far more of these than of
conversations, and each would otherwise become a person you "keep in touch" with: GitHub,
your bank, a newsletter. They are told apart by the headers their senders must or do set
(:func:`automatic`):

- ``List-Id``, ``List-Unsubscribe`` or ``List-Post`` (RFC 2369, 2919; required of bulk
  senders by Gmail and Yahoo since 2024): a mailing list or a newsletter;
- ``Precedence: bulk``, ``list`` or ``junk``: bulk mail;
- ``Auto-Submitted`` other than ``no`` (RFC 3834): an out-of-office reply, a notification;
- a sender address such as ``noreply@``, ``no-reply@``, ``donotreply@``,
  ``messages-noreply@`` (LinkedIn's notifications), ``mailer-daemon@``: a machine that
  reads no answer.

What you sent to a list, and your own automatic replies, are left out alike: the list is
not a person, and an out-of-office reply is not a conversation.

Spam is left out too (:func:`spam`): mail Gmail labelled Spam (a Takeout's mailbox is "All
mail Including Spam and Trash"), mail a spam filter flagged (``X-Spam-Flag: YES`` from
SpamAssassin, ``X-Spam: Yes`` from Rspamd), and mail in a Junk or Spam folder of a zip or
folder of mailboxes (:func:`folder_reason`). Trash is kept: a conversation you deleted
still happened.

So are drafts (:func:`draft`), which would count as you reaching out to someone you never
wrote to: Gmail's Drafts label, a Maildir file flagged ``D`` (``...:2,DS``), and mail in a
Drafts folder. (Not Thunderbird's ``X-Mozilla-Draft-Info``: Thunderbird keeps it on the
mail it sent, as in the corpus's ``thunderbird__movemailspool.mbox``.)

The same labels and folders tell two more things (:func:`signs`): a Hangouts chat a Gmail
Takeout keeps among the mail (label Chat), and mail you sent (label Sent, a Sent folder),
whose From address is yours.
"""

from __future__ import annotations

import re
from email.message import Message
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Literal, NamedTuple

LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
SPAM_FLAGS = ("X-Spam-Flag", "X-Spam")
MAX_ADDRESS = 254  # RFC 5321; longer is no address (and would make the pattern slow)
SPAM_PREFIX = "marked as spam"
DRAFT_PREFIX = "a draft, never sent"
# folder names mail programs give junk: Dovecot, Apple Mail, Thunderbird, Outlook, Yahoo
JUNK_FOLDERS = frozenset({"junk", "spam", "junk e-mail", "junk email", "junk mail", "bulk mail"})
DRAFT_FOLDERS = frozenset({"drafts", "draft"})
SENT_FOLDERS = frozenset(
    {"sent", "sent messages", "sent items", "sent mail", "gesendet", "gesendete objekte"}
)
_NO_REPLY = re.compile(
    r"^(?:(?:[^@]*[-+_.])?(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)|mailer[-_.]?daemon|postmaster"
    r"|bounces?)(?:[-+_.][^@]*)?@",
    re.IGNORECASE,
)  # noreply@, messages-noreply@ (LinkedIn's notifications), do-not-reply.team@, bounces@
LeftOut = Literal["bulk", "spam", "draft"]
_NONE: frozenset[str] = frozenset()


class Signs(NamedTuple):
    """What a mail's headers and the file it was read from tell of it."""

    left_out: str | None  # why it is no conversation (a draft, spam, bulk), or None
    chat: bool  # a Hangouts chat a Gmail Takeout keeps among the mail (label Chat)
    sent: bool  # you sent it (Gmail's Sent label, a Sent folder): its From is yours


def signs(message: Message, sender: str | None, file: str) -> Signs:
    """The signs of ``message`` (its headers; ``sender``: the From address; ``file``: the
    file it was read from, its path in a zip or folder)."""
    labels = gmail_labels(message)
    why = draft(labels, file) or spam(message, labels) or automatic(message, sender)
    return Signs(why, "chat" in labels, is_sent(labels, file))


def kind_of(reason: str) -> LeftOut:
    """Which note counts a mail left out for ``reason`` (given by this module)."""
    if reason.startswith(SPAM_PREFIX):
        return "spam"
    if reason.startswith(DRAFT_PREFIX):
        return "draft"
    return "bulk"


def automatic(message: Message, sender: str | None) -> str | None:
    """Why ``message`` was written by no person (a list, bulk, a machine), or None."""
    for name in LIST_HEADERS:
        if _header(message, name):
            return f"a mailing list or newsletter ({name} header)"
    precedence = _header(message, "Precedence").lower()
    if precedence in BULK_PRECEDENCE:
        return f"bulk mail (Precedence: {precedence})"
    submitted = _header(message, "Auto-Submitted").lower().split(";")[0].strip()
    if submitted and submitted != "no":
        return f"an automatic mail (Auto-Submitted: {submitted})"
    if sender and len(sender) <= MAX_ADDRESS and _NO_REPLY.match(sender):
        return f"sent from a no-reply address ({sender})"
    return None


def spam(message: Message, labels: frozenset[str]) -> str | None:
    """Why ``message`` (with its Gmail ``labels``) is spam (Gmail's label, a spam filter's
    flag), or None."""
    if "spam" in labels:
        return f"{SPAM_PREFIX} (Gmail's Spam label)"
    for name in SPAM_FLAGS:
        flag = _header(message, name)
        if flag.lower().startswith("yes"):
            return f"{SPAM_PREFIX} ({name}: {flag.split()[0].rstrip(',;')})"
    return None


def draft(labels: frozenset[str], file: str) -> str | None:
    """Why a mail with these Gmail ``labels``, read from ``file``, is a draft (Gmail's
    label, the Maildir flag D in its file's name), or None."""
    if labels & DRAFT_FOLDERS:
        return f"{DRAFT_PREFIX} (Gmail's Drafts label)"
    name = file.rsplit("/", 1)[-1]
    if ":2," in name and "D" in name.rsplit(":2,", 1)[1]:
        return f"{DRAFT_PREFIX} (Maildir flag D)"
    return None


def folder_reason(where: str) -> str | None:
    """Why every mail of a mailbox file is no conversation, by the folder it lies in within
    a zip or folder (``.Junk/cur/...`` of a Maildir++, ``Junk.mbox/mbox`` of Apple Mail,
    ``Drafts.mbox``), or None."""
    for name in _folders(where):
        if name.casefold() in JUNK_FOLDERS:
            return f"{SPAM_PREFIX} (in the {name} folder)"
        if name.casefold() in DRAFT_FOLDERS:
            return f"{DRAFT_PREFIX} (in the {name} folder)"
    return None


def is_sent(labels: frozenset[str], file: str) -> bool:
    """Whether you sent a mail: Gmail labelled it Sent, or it was read from a Sent folder
    (``.Sent/cur/...``, Apple Mail's ``Sent Messages.mbox``, Outlook's ``Sent Items``).
    Its From address is then one of yours."""
    return "sent" in labels or _in_sent_folder(file)


@lru_cache(maxsize=256)
def _in_sent_folder(file: str) -> bool:
    return any(name.casefold() in SENT_FOLDERS for name in _folders(file))


@lru_cache(maxsize=256)  # the mails of one mbox share their file: worked out once
def _folders(where: str) -> tuple[str, ...]:
    """The folder names (and the mailbox file's own name) along a path in a zip or folder,
    without a Maildir++ dot or an ``.mbox``/``.sbd`` ending."""
    parts = PurePosixPath(where).parts
    return tuple(p.removeprefix(".").removesuffix(".mbox").removesuffix(".sbd") for p in parts)


def gmail_labels(message: Message) -> frozenset[str]:
    """The labels a Gmail Takeout gives each mail (``X-Gmail-Labels: Inbox,Opened``)."""
    return _labels(_header(message, "X-Gmail-Labels"))


@lru_cache(maxsize=4096)  # a mailbox has a few hundred combinations of labels at most
def _labels(text: str) -> frozenset[str]:
    return frozenset(label.strip().casefold() for label in text.split(",")) if text else _NONE


def _header(message: Message, name: str) -> str:
    return str(message.get(name) or "").strip()
