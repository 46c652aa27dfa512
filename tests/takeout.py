"""A Google Takeout (contacts, mail, calendars) zipped in the shape Google gives it, from the
real sample files in tests/data."""

from __future__ import annotations

import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MBOX = DATA / "mbox" / "thunderbird__mbox_modern.mbox"  # Author -> Recipient, two days
CALENDAR = DATA / "ical" / "icalendar__tutorial_attendees.ics"
BROKEN_CALENDAR = (  # a time zone 28 hours from UTC: no calendar can be read with it
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\n"
    b"TZOFFSETFROM:+2800\r\nTZOFFSETTO:+0100\r\nDTSTART:19700101T000000\r\n"
    b"END:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
)


def takeout_zip(folder: Path, contacts: str | Path, calendar: bytes | None = None) -> Path:
    """``folder``/takeout.zip: the mailbox, ``contacts`` (a vCard's text or file) and the
    sample calendar, or ``calendar``'s bytes as ``Takeout/Calendar/Work.ics``. Mail comes
    first in the zip: the order in the zip is not the order of the imports."""
    path = folder / "takeout.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(MBOX, "Takeout/Mail/All mail Including Spam and Trash.mbox")
        book = "Takeout/Contacts/My Contacts/My Contacts.vcf"
        if isinstance(contacts, Path):
            archive.write(contacts, book)
        else:
            archive.writestr(book, contacts)
        if calendar is None:
            archive.write(CALENDAR, "Takeout/Calendar/me@gmail.com.ics")
        else:
            archive.writestr("Takeout/Calendar/Work.ics", calendar)
    return path
