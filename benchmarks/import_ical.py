"""Import years of a Google Calendar, as a Google Takeout gives it.

    python benchmarks/import_ical.py [--events 20000] [--runs 2]

Generates one .ics in the shape of Takeout's calendar files (Google's PRODID and
``X-WR-CALNAME``, attendees with CUTYPE, ROLE, PARTSTAT, CN and X-NUM-GUESTS): 20,000
past events, three hours apart, organized by ``me@gmail.com`` with four of 3,000 people
each. Then, in one run: the baseline (the ``icalendar`` library reading the calendar, the
UID, start and organizer of each event inserted with sqlite3 executemany into a plain table)
and ``kith import FILE`` into a fresh database, each kith run in its own process so that its
peak memory (resident set size) is its own.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import icalendar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import full_name, import_against, write_rows

ME = "me@gmail.com"
PEOPLE = 3000
STAMP = "%Y%m%dT%H%M%SZ"


def generate(path: Path, events: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, 9, tzinfo=UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        f"X-WR-CALNAME:{ME}",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    for n in range(events):
        begins = start + timedelta(hours=3 * n)
        lines += [
            "BEGIN:VEVENT",
            f"DTSTART:{begins.strftime(STAMP)}",
            f"DTEND:{(begins + timedelta(hours=1)).strftime(STAMP)}",
            f"UID:{n:08x}abcdef@google.com",
            f"ORGANIZER;CN=Me:mailto:{ME}",
        ]
        for other in rng.sample(range(PEOPLE), 4):
            lines.append(
                "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
                f"CN={full_name(other)};X-NUM-GUESTS=0:mailto:person{other}@example.org"
            )
        lines += [f"SUMMARY:Planning, part {n % 40}", "STATUS:CONFIRMED", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")


def baseline(path: Path, db: Path) -> int:
    """icalendar reading the calendar; UID, start and organizer of each event in sqlite3."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    rows = [
        (str(event.get("UID")), event.get("DTSTART").dt.isoformat(), str(event.get("ORGANIZER")))
        for event in calendar.walk("VEVENT")
    ]
    return write_rows(db, ("uid", "start", "organizer"), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ics = root / f"{ME}.ics"
        generate(ics, args.events)
        size = ics.stat().st_size / 1e6

        import_against(
            ("icalendar + sqlite3 executemany", partial(baseline, ics)),
            ics,
            f"iCalendar import: {args.events} events ({size:.0f} MB)",
            args.runs,
            "--my-email",
            ME,
        )


if __name__ == "__main__":
    main()
