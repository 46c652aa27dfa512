"""Fuzzing: arbitrary or damaged bytes give a clean ParseResult (bad records skipped) or
an ImportFormatError naming the file -- never any other exception."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.errors import ImportFormatError
from kith.importers import ImportOptions, ParseResult, parse
from tests.importers.conftest import DATA, NOW

SAMPLES = {
    "linkedin": ["linkedin/kawsay__Connections.csv", "linkedin/kawsay__messages.csv"],
    "vcard": ["vcard/ez-vcard__John_Doe_ANDROID.vcf", "vcard/ez-vcard__outlook-2007.vcf"],
    "outlook_csv": ["google-csv/outlook_importer__outlook_2007_de.csv"],
    "thunderbird_csv": ["google-csv/thunderbird__basic_csv_addressbook.csv"],
    "ical": ["ical/icaljs__recur_instances.ics", "ical/icalendar__property_params_blackberry.ics"],
    "mbox": ["mbox/thunderbird__movemailspool.mbox", "mbox/mimekit__unmunged.mbox"],
    "eml": ["mbox/thunderbird__429891_encoded_word_comma.eml"],
}
SUFFIX = {"linkedin": ".csv", "vcard": ".vcf", "ical": ".ics", "mbox": ".mbox", "eml": ".eml"}
EXAMPLES = int(os.environ.get("KITH_FUZZ_EXAMPLES", "40"))  # raise it to hunt harder
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def damaged(draw: st.DrawFn, kind: str) -> bytes:
    """A real sample, cut, with bytes overwritten and junk inserted."""
    data = (DATA / draw(st.sampled_from(SAMPLES[kind]))).read_bytes()
    data = data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        junk = draw(st.binary(min_size=1, max_size=8))
        data = data[:at] + junk + data[at + draw(st.integers(0, 8)) :]
    return data


def _check(kind: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{SUFFIX.get(kind, '.csv')}"
        path.write_bytes(data)
        options = ImportOptions(keep_content=True, my_emails=frozenset({"me@example.com"}))
        try:
            result = parse(path, kind, options, now=NOW)
        except ImportFormatError as exc:
            assert path.name in str(exc)
            return
        assert isinstance(result, ParseResult)
        assert all(s.file for s in result.skipped)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_fuzz_damaged_samples_never_crash(kind: str, data: st.DataObject) -> None:
    _check(kind, data.draw(damaged(kind)))


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@FUZZ
@given(blob=st.binary(max_size=512))
def test_fuzz_arbitrary_bytes_never_crash(kind: str, blob: bytes) -> None:
    _check(kind, blob)


@pytest.mark.parametrize("kind", ["vcard", "ical", "mbox", "linkedin"])
@FUZZ
@given(text=st.text(max_size=300))
def test_fuzz_text_after_a_valid_start_never_crashes(kind: str, text: str) -> None:
    start = {
        "vcard": "BEGIN:VCARD\r\nVERSION:3.0\r\n",
        "ical": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
        "mbox": "From - Tue Oct 02 00:26:47 2007\nFrom: a@example.com\n",
        "linkedin": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    }[kind]
    _check(kind, (start + text).encode("utf-8", "surrogatepass"))


ICAL_NAMES = [
    "DTSTART",
    "DTSTART;VALUE=DATE",
    "DTSTART;TZID=Europe/Berlin",
    "DTEND",
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "UID",
    'ORGANIZER;CN="a, b"',
    "ATTENDEE;PARTSTAT=DECLINED",
    "ATTENDEE;CUTYPE=ROOM",
    "ATTENDEE",
    "SUMMARY",
    "LOCATION",
    "STATUS",
    "X-WR-TIMEZONE",
    "BEGIN",
    "END",
]
VCARD_NAMES = [
    "FN",
    "N",
    "EMAIL;TYPE=pref",
    "TEL;PREF=1",
    "ORG",
    "TITLE",
    "BDAY",
    "BDAY;VALUE=text",
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=x-unknown",
    "item1.X-ABLabel",
    "item1.URL",
    "RELATED;TYPE=spouse",
    "CATEGORIES",
    "ADR",
    "KIND",
    "PHOTO;ENCODING=b",
    "UID",
    "BEGIN",
    "END",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "20240101T100000Z",
            "20240101",
            "FREQ=DAILY;COUNT=3",
            "FREQ=SECONDLY",
            "mailto:a@b.c",
            "VEVENT",
            "VCARD",
            "group",
            "--0229",
            "=C3=",
            "garbage",
            "",
            ";;;",
            "\\,\\;",
        ]
    ),
    st.text(max_size=30),
)


@st.composite
def property_lines(draw: st.DrawFn, names: list[str], begin: str, end: str) -> bytes:
    body = [
        f"{draw(st.sampled_from(names))}:{draw(VALUES)}" for _ in range(draw(st.integers(0, 12)))
    ]
    return "\r\n".join([begin, *body, end, ""]).encode("utf-8", "surrogatepass")


@FUZZ
@given(data=property_lines(ICAL_NAMES, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT", "END:VEVENT"))
def test_fuzz_calendar_properties_never_crash(data: bytes) -> None:
    _check("ical", data)


@FUZZ
@given(data=property_lines(VCARD_NAMES, "BEGIN:VCARD\r\nVERSION:3.0", "END:VCARD"))
def test_fuzz_vcard_properties_never_crash(data: bytes) -> None:
    _check("vcard", data)


def _zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@FUZZ
@given(
    data=st.data(),
    names=st.lists(
        st.sampled_from(
            ["a.vcf", "b/c.ics", "Mail/all.mbox", "m.eml", "x.csv", "cur/1", "../d.vcf"]
        ),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    kind=st.sampled_from(["archive", "vcard", "ical", "mbox", "csv"]),
)
def test_fuzz_zips_of_damaged_exports_never_crash(
    data: st.DataObject, names: list[str], kind: str
) -> None:
    """A zip of damaged samples (and the zip itself cut short) imports or names the file."""
    members = {
        name: data.draw(damaged(data.draw(st.sampled_from(sorted(SAMPLES))))) for name in names
    }
    blob = _zip_of(members)
    blob = blob[: data.draw(st.integers(len(blob) // 2, len(blob)))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.zip"
        path.write_bytes(blob)
        try:
            result = parse(path, kind, ImportOptions(), now=NOW)
        except ImportFormatError as exc:
            assert path.name in str(exc)
            return
        assert all(s.file for s in result.skipped)


@FUZZ
@given(data=st.data())
def test_fuzz_a_damaged_calendar_reads_the_same_in_parts_as_whole(data: st.DataObject) -> None:
    """Read one event at a time (``ical_parts``), a damaged calendar gives what reading it
    whole gives: the same records, or an error with the same reason."""
    from kith.importers import ical_parts

    blob = data.draw(damaged("ical"))
    whole = _outcome(blob, ical_parts.PART)
    in_parts = _outcome(blob, 1)
    assert in_parts == whole


def _outcome(blob: bytes, part: int) -> object:
    from kith.importers import ical_parts

    before, ical_parts.PART = ical_parts.PART, part
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "fuzzed.ics"
            path.write_bytes(blob)
            try:
                return parse(path, "ical", ImportOptions(), now=NOW)
            except ImportFormatError as exc:
                return exc.reason
    finally:
        ical_parts.PART = before
