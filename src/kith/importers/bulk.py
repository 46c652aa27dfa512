"""Mail that no person wrote to you: mailing lists, newsletters, notifications, auto-replies.

A mailbox (a Gmail Takeout's "All mail" above all) holds far more of these than of
conversations, and each would otherwise become a person you "keep in touch" with: GitHub,
your bank, a newsletter. They are told apart by the headers their senders must or do set:

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
folder of mailboxes (``junk_folder``). Trash is kept: a conversation you deleted still
happened.
"""

from __future__ import annotations

import re
from email.message import Message
from pathlib import PurePosixPath

LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
SPAM_FLAGS = ("X-Spam-Flag", "X-Spam")
MAX_ADDRESS = 254  # RFC 5321; longer is no address (and would make the pattern slow)
SPAM_PREFIX = "marked as spam"
# folder names mail programs give junk: Dovecot, Apple Mail, Thunderbird, Outlook, Yahoo
JUNK_FOLDERS = frozenset({"junk", "spam", "junk e-mail", "junk email", "junk mail", "bulk mail"})
_NO_REPLY = re.compile(
    r"^(?:(?:[^@]*[-+_.])?(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)|mailer[-_.]?daemon|postmaster"
    r"|bounces?)(?:[-+_.][^@]*)?@",
    re.IGNORECASE,
)  # noreply@, messages-noreply@ (LinkedIn's notifications), do-not-reply.team@, bounces@


def automatic(message: Message, sender: str | None) -> str | None:
    """Why ``message`` (its headers; ``sender``: the From address) is not a conversation,
    or None when a person may have written it."""
    flagged = spam(message)
    if flagged is not None:
        return flagged
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


def spam(message: Message) -> str | None:
    """Why ``message`` is spam (Gmail's label, a spam filter's flag), or None."""
    labels = _header(message, "X-Gmail-Labels")
    if labels and any(label.strip().casefold() == "spam" for label in labels.split(",")):
        return f"{SPAM_PREFIX} (Gmail's Spam label)"
    for name in SPAM_FLAGS:
        flag = _header(message, name)
        if flag.lower().startswith("yes"):
            return f"{SPAM_PREFIX} ({name}: {flag.split()[0].rstrip(',;')})"
    return None


def junk_folder(where: str) -> str | None:
    """The Junk or Spam folder a mailbox file lies in, by its path in a zip or folder
    (``.Junk/cur/...`` of a Maildir++, ``Junk.mbox/mbox`` of Apple Mail, ``Spam.mbox``),
    or None."""
    parts = PurePosixPath(where).parts
    for part in parts:
        name = part.removeprefix(".").removesuffix(".mbox").removesuffix(".sbd")
        if name.casefold() in JUNK_FOLDERS:
            return name
    return None


def is_spam(reason: str) -> bool:
    """Whether a reason given by ``automatic`` (or for a junk folder) means spam."""
    return reason.startswith(SPAM_PREFIX)


def _header(message: Message, name: str) -> str:
    return str(message.get(name) or "").strip()
