"""Mail that no person wrote to you: mailing lists, newsletters, notifications, auto-replies.

A mailbox (a Gmail Takeout's "All mail" above all) holds far more of these than of
conversations, and each would otherwise become a person you "keep in touch" with: GitHub,
your bank, a newsletter. They are told apart by the headers their senders must or do set:

- ``List-Id``, ``List-Unsubscribe`` or ``List-Post`` (RFC 2369, 2919; required of bulk
  senders by Gmail and Yahoo since 2024): a mailing list or a newsletter;
- ``Precedence: bulk``, ``list`` or ``junk``: bulk mail;
- ``Auto-Submitted`` other than ``no`` (RFC 3834): an out-of-office reply, a notification;
- a sender address such as ``noreply@``, ``no-reply@``, ``donotreply@``,
  ``mailer-daemon@``: a machine that reads no answer.

What you sent to a list, and your own automatic replies, are left out alike: the list is
not a person, and an out-of-office reply is not a conversation.
"""

from __future__ import annotations

import re
from email.message import Message

LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
_NO_REPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)"
    r"(?:[-+_.][^@]*)?@",
    re.IGNORECASE,
)


def automatic(message: Message, sender: str | None) -> str | None:
    """Why ``message`` (its headers; ``sender``: the From address) is not a conversation,
    or None when a person may have written it."""
    for name in LIST_HEADERS:
        if _header(message, name):
            return f"a mailing list or newsletter ({name} header)"
    precedence = _header(message, "Precedence").lower()
    if precedence in BULK_PRECEDENCE:
        return f"bulk mail (Precedence: {precedence})"
    submitted = _header(message, "Auto-Submitted").lower().split(";")[0].strip()
    if submitted and submitted != "no":
        return f"an automatic mail (Auto-Submitted: {submitted})"
    if sender and _NO_REPLY.match(sender):
        return f"sent from a no-reply address ({sender})"
    return None


def _header(message: Message, name: str) -> str:
    return str(message.get(name) or "").strip()
