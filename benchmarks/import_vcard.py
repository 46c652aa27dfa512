"""Import one vCard file of 10,000 cards.

    python benchmarks/import_vcard.py [--cards 10000] [--runs 3]

Generates one .vcf in the shapes real address books write (formats.md §3): vCard 3.0 from
Apple and Google (grouped ``itemN`` properties with X-ABLabel, typed EMAIL and TEL, folded
lines, a PHOTO on every tenth card), vCard 4.0 (RELATED, BDAY without a year) and vCard 2.1
from Outlook (QUOTED-PRINTABLE with CHARSET). In one run it times the baseline, bare vobject
parsing the same file (``vobject.readComponents`` over the text, every card read), then
kith's parse alone, ``kith import`` into a fresh SQLite database, and importing the same
file again (must change nothing). Target (DESIGN.md): the import within 1.3× the baseline,
and faster than khard listing the same cards. khard (GPL, not a kith dependency) is timed
when it is installed (``--khard PATH``, else ``khard`` on PATH; for example
``python3 -m venv /tmp/khard && /tmp/khard/bin/pip install khard``): it reads an address
book folder of one card per file, so the cards are also written that way, and
``khard list`` runs as its own process (its start-up included).
"""

from __future__ import annotations

import argparse
import base64
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

import vobject

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CLOCK, Timing, peak_rss_mb, table, timed
from kith.config import sqlite_url
from kith.db.engine import make_engine, make_session_factory, unit_of_work
from kith.db.migrate import upgrade
from kith.importers import ImportOptions, parse
from kith.services.context import Ctx
from kith.services.imports import ImportReport, run_import
from kith.services.owners import ensure_owner

FIRST = ("Ana", "Ben", "Chen", "Dara", "Emil", "Fatima", "Gita", "Hugo", "Iris", "José")
LAST = ("Lima", "Okafor", "Wei", "Kowalski", "Müller", "Haddad", "Farouk", "Tanaka", "Ruiz")
PHOTO = base64.b64encode(random.Random(0).randbytes(1500)).decode()


def _fold(line: str) -> str:
    """RFC 6350 folding: lines of at most 75 octets, continued after CRLF and a space."""
    out, rest = [], line
    while len(rest.encode()) > 75:
        cut = 75
        while len(rest[:cut].encode()) > 75:
            cut -= 1
        out.append(rest[:cut])
        rest = " " + rest[cut:]
    out.append(rest)
    return "\r\n".join(out)


def _v3(i: int, first: str, last: str, rng: random.Random) -> list[str]:
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", f"UID:{i:08d}-ABCD-4EF0-9A1B-C2D3E4F5A6B7",
        f"N:{last};{first};;;",
        f"FN:{first} {last}", f"ORG:Company {i % 900};Engineering", f"TITLE:Engineer {i % 7}",
        f"EMAIL;type=INTERNET;type=WORK;type=pref:{first.lower()}.{i}@example.org",
        f"EMAIL;type=INTERNET;type=HOME:{first.lower()}{i}@mail.example.com",
        f"TEL;type=CELL;type=VOICE;type=pref:+1 555 {i % 1000:03d} {i % 10000:04d}",
        f"item1.TEL:+44 20 7946 {i % 10000:04d}", "item1.X-ABLabel:_$!<Work>!$_",
        f"item2.URL:https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}",
        "item2.X-ABLabel:LinkedIn",
        f"ADR;type=WORK:;;{i} Main Street;Springfield;;{10000 + i};USA",
        f"NOTE:Met at the meetup\\, talked about {rng.choice(('Python', 'design', 'jobs'))}\\n"
        "Follow up in spring.",
        f"BDAY:19{60 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "CATEGORIES:work,meetup",
    ]  # fmt: skip
    if i % 10 == 0:
        lines.append(f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO}")
    return [*lines, "END:VCARD"]


def _v4(i: int, first: str, last: str, rng: random.Random) -> list[str]:
    return [
        "BEGIN:VCARD", "VERSION:4.0", f"UID:urn:uuid:{i:08d}-1111-4222-8333-444455556666",
        f"N:{last};{first};;;", f"FN:{first} {last}",
        f"EMAIL;TYPE=work;PREF=1:{first.lower()}.{last.lower()}.{i}@example.net",
        f"TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+33-1-{i % 100:02d}-{i % 10000:04d}",
        f"ORG:Org {i % 500}", f"BDAY:--{1 + i % 12:02d}{1 + i % 28:02d}",
        f"RELATED;TYPE=colleague:mailto:{rng.choice(FIRST).lower()}.{i - 1}@example.org",
        "END:VCARD",
    ]  # fmt: skip


def _v21(i: int, first: str, last: str, _: random.Random) -> list[str]:
    return [
        "BEGIN:VCARD", "VERSION:2.1", f"UID:outlook-{i}", f"N:{last};{first}", f"FN:{first} {last}",
        f"EMAIL;PREF;INTERNET:{first.lower()}_{i}@outlook.example.com",
        f"TEL;WORK;VOICE:(555) {i % 1000:03d}-{i % 10000:04d}",
        f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 with {first} =E2=80=93 ask "
        "about=\r\n the team",
        "END:VCARD",
    ]  # fmt: skip


def generate(path: Path, cards: int, seed: int = 1) -> None:
    """``cards`` cards: 6 in 10 vCard 3.0, 3 in 10 vCard 4.0, 1 in 10 vCard 2.1."""
    rng = random.Random(seed)
    shapes = (_v3, _v3, _v3, _v3, _v3, _v3, _v4, _v4, _v4, _v21)
    chunks = []
    for i in range(cards):
        first, last = FIRST[i % len(FIRST)], f"{LAST[i % len(LAST)]}{i // 90}"
        lines = shapes[i % len(shapes)](i, first, last, rng)
        chunks.append("\r\n".join(_fold(line) for line in lines) + "\r\n")
    path.write_bytes("".join(chunks).encode("utf-8"))


def baseline(path: Path) -> int:
    """Bare vobject: every card of the file parsed into a component (vobject's own reader,
    which stops at the first bad line; kith reads line by line to skip only that card)."""
    return sum(1 for _ in vobject.readComponents(path.read_text(encoding="utf-8")))


def kith_parse(path: Path) -> int:
    return len(parse(path, "vcard", ImportOptions()).people)


def kith_import(path: Path, db: Path) -> ImportReport:
    engine = make_engine(sqlite_url(db))
    with unit_of_work(make_session_factory(engine)) as session:
        owner = ensure_owner(session, CLOCK)
        report = run_import(Ctx(session, owner.id, CLOCK), path, "vcard")
    engine.dispose()
    return report


def khard_folder(path: Path, root: Path) -> Path:
    """The cards of ``path`` one per file, and a khard configuration naming that folder."""
    folder = root / "khard-cards"
    folder.mkdir()
    cards = path.read_text(encoding="utf-8").split("BEGIN:VCARD")[1:]
    for i, card in enumerate(cards):
        (folder / f"{i:05d}.vcf").write_text("BEGIN:VCARD" + card, encoding="utf-8")
    config = root / "khard.conf"
    config.write_text(f"[addressbooks]\n[[bench]]\npath = {folder}/\n", encoding="utf-8")
    return config


def khard_list(khard: str, config: Path) -> tuple[int, float]:
    """``khard list``: the contacts it printed (its table has two header lines) and the
    CPU time of its process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [khard, "-c", str(config), "list"], capture_output=True, text=True, check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return len(done.stdout.splitlines()) - 2, cpu


def kith_runs(path: Path, root: Path, runs: int) -> tuple[Timing, Timing, ImportReport]:
    """Each run imports into a fresh database, then imports the same file again."""
    first = Timing("kith import (fresh database)", [])
    again = Timing("kith import again (must change nothing)", [])
    second: ImportReport | None = None
    for run in range(runs):
        db = root / f"kith{run}.db"
        upgrade(make_engine(sqlite_url(db)))
        once, _ = timed(first.label, partial(kith_import, path, db))
        twice, second = timed(again.label, partial(kith_import, path, db))
        for total, part in ((first, once), (again, twice)):
            total.runs += part.runs
            total.cpu += part.cpu
    assert second is not None
    return first, again, second


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "contacts.vcf"
        generate(path, args.cards)
        size = path.stat().st_size / 1e6
        base, cards = timed("baseline: vobject.readComponents", partial(baseline, path), 3)
        parsed, people = timed("kith parse only (no database)", partial(kith_parse, path), 3)
        first, again, second = kith_runs(path, root, args.runs)
        khard = args.khard or shutil.which("khard")
        listed = 0
        if khard:
            config = khard_folder(path, root)
            label = "khard list (same cards, one file each)"
            by_khard, (listed, cpu) = timed(label, partial(khard_list, khard, config))
            by_khard.cpu = [cpu]  # its own process's, not this one's
    print(f"# vCard import: {args.cards} cards in one file ({size:.1f} MB), {cards} parsed")
    print(
        f"python {platform.python_version()}, {platform.machine()}, peak RSS {peak_rss_mb():.0f} MB"
    )
    print()
    timings = [base, parsed, first, again] + ([by_khard] if khard else [])
    print(table(timings, base, cpu=True))
    if khard:
        print(f"\nkhard listed {listed} contacts")
    else:
        print("\nkhard is not installed: its comparison is left out (see --help)")
    print(
        f"\nkith read {people} people; the second import created {second.created}, "
        f"updated {second.updated}"
    )
    ratio = first.best / base.best
    verdict = "met" if ratio <= 1.3 else "MISSED"
    print(f"import {ratio:.2f}× the baseline (target within 1.3×): {verdict}")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument(
        "--runs", type=int, default=3, help="kith imports, each into a fresh database"
    )
    parser.add_argument("--khard", help="the khard program to compare with (default: on PATH)")
    return parser.parse_args()


if __name__ == "__main__":
    main()
