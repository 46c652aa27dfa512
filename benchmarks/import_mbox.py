"""Import a Gmail-sized mailbox, as a Google Takeout gives it.

    python benchmarks/import_mbox.py [--mails 60000] [--runs 2]

Generates one mbox in the shape of Takeout's "All mail Including Spam and Trash.mbox":
Gmail's envelope lines and ``X-GM-THRID``/``X-Gmail-Labels`` headers, 3,000 correspondents
writing to and from ``me@gmail.com`` (some with people in Cc), and one mail in five from
a newsletter or a notification (``List-Unsubscribe``, ``List-Id``, a no-reply sender), each
with a body of a few KB that the import skips. Then, in one run: the baseline (Python's
``mailbox`` module reading every message, its From, To, Cc and Date inserted with sqlite3
executemany into a plain table) and ``kith import FILE`` into a fresh database, each kith
run in its own process so that its peak memory (resident set size) is its own.
"""

from __future__ import annotations

import argparse
import mailbox
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import full_name, import_against, write_rows

ME = "me@gmail.com"
PEOPLE = 3000
SENDERS = (  # what no person writes: (From, the header that tells)
    ("The Weekly <news@substack.example>", "List-Unsubscribe: <https://substack.example/u>"),
    ("GitHub <notifications@github.example>", "List-ID: kith/kith <kith.github.example>"),
    ("My Bank <no-reply@bank.example>", "X-Mailer: bank"),
)
BODY = ("Thanks for the notes from Tuesday, here is what I found. " * 12 + "\n") * 6


def generate(path: Path, mails: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    start = datetime(2021, 1, 4, 8, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for n in range(mails):
            when = start + timedelta(minutes=37 * n)
            head = _headers(rng, n, when)
            envelope = when.strftime("%a %b %d %H:%M:%S +0000 %Y")
            out.write(f"From {1700000000000000000 + n}@xxx {envelope}\n{head}\n\n{BODY}\n")


def _headers(rng: random.Random, n: int, when: datetime) -> str:
    other = rng.randrange(PEOPLE)
    person = f"{full_name(other)} <person{other}@example.org>"
    lines = [
        f"X-GM-THRID: {1600000000000000000 + n // 3}",
        "X-Gmail-Labels: Inbox,Opened",
        f"Date: {format_datetime(when)}",
        f"Message-ID: <{n}.{other}@mail.example.org>",
        f"Subject: About the plan, part {n % 50}",
    ]
    if n % 5 == 4:
        sender, marker = SENDERS[n % len(SENDERS)]
        return "\n".join([*lines, f"From: {sender}", f"To: {ME}", marker])
    mine = n % 2 == 0
    lines += [f"From: Me <{ME}>", f"To: {person}"] if mine else [f"From: {person}", f"To: {ME}"]
    if n % 7 == 0:
        third = (other + 1) % PEOPLE
        lines.append(f"Cc: {full_name(third)} <person{third}@example.org>")
    return "\n".join(lines)


def baseline(path: Path, db: Path) -> int:
    """The mailbox module reading every message; four headers of each inserted by sqlite3."""
    rows = [
        tuple(str(message[name]) for name in ("From", "To", "Cc", "Date"))
        for message in mailbox.mbox(path, create=False)
    ]
    return write_rows(db, ("sender", "recipients", "cc", "date"), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mails", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        mbox = root / "All mail Including Spam and Trash.mbox"
        generate(mbox, args.mails)
        size = mbox.stat().st_size / 1e6

        import_against(
            ("mailbox module + sqlite3 executemany", partial(baseline, mbox)),
            mbox,
            f"mbox import: {args.mails} mails ({size:.0f} MB)",
            args.runs,
        )


if __name__ == "__main__":
    main()
