"""LinkedIn messages.csv -> InteractionRecords (channel ``message``): the messages of one
conversation on one day are one touch (``kith.importers.touches``).

Who is "me"? The 2024 layout has no direction column, so the sender is compared with
the user, found in this order:

1. ``ImportOptions.my_linkedin_url`` and/or ``my_name`` (and the Profile.csv name);
2. the 2018 layout's ``Direction`` column (OUTGOING = me);
3. otherwise the person present in the most conversations (as sender or recipient),
   ties broken by messages sent: the owner of the archive is in every conversation.
   A remaining tie (e.g. one conversation partner only) is reported as a warning naming
   the guess, so the user can pass their profile URL.

"LinkedIn Member" without a profile URL is LinkedIn's stand-in for anyone who deleted their
account or hides it: never a participant (all of them would become one person), and a
message with no one else is skipped with that reason.

Once the user's profile URL is known, their name as written in those rows also counts,
because some rows have an empty ``SENDER PROFILE URL``. Drafts, rows without a date,
without a conversation id (2024 layout) or without a sender, and rows too short for the
header (malformed) are skipped with their line, and so are messages in LinkedIn's spam
folder (``FOLDER`` SPAM) of conversations you never wrote in: a recruiter's blast or a
scam is not your network. Group conversations list every other member as a participant.
CONTENT is stripped of HTML and kept only with keep_content. The id hashes conversation,
date, sender and content, so it survives re-exports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from zlib import adler32, crc32

from kith.core.coach_common import plural
from kith.importers.base import ImportOptions, InteractionRecord
from kith.importers.base import ParticipantRef as Ref
from kith.importers.collect import Collector
from kith.importers.linkedin_profile import MeBuilder
from kith.importers.linkedin_rows import HIDDEN, Columns, Refs, hidden_member, load_rows
from kith.importers.reading import EVERY, told
from kith.importers.textio import CsvTable
from kith.importers.touches import SameDay
from kith.importers.values import parse_datetime, strip_html, truncate

DEFAULT_SUMMARY = "LinkedIn message"
SPAM = "in LinkedIn's spam folder, in a conversation you never wrote in"
GUESS_SAMPLE = 20_000  # rows looked at to find the owner: plenty of conversations
Who = tuple[bool, tuple[Ref, ...], str]  # (sent by me?, everyone else, sender key)
_Spam = tuple[frozenset[str], frozenset[str]]  # (spam FOLDER values, conversations you wrote in)


def _key(ref: Ref) -> str:
    return ref.linkedin_url or f"name:{(ref.name or '').casefold()}"


def _guess_me(rows: list[list[str]], c: Columns, refs: Refs) -> tuple[str, str | None]:
    """(identity key of the user, warning when the guess is a coin toss)."""
    sample = rows[:: max(1, len(rows) // GUESS_SAMPLE)]
    people = c.people()
    combos = Counter((row[c.conv], people(row)) for row in sample)
    members: dict[str, set[str]] = {}
    sent = Counter[str]()
    for (thread, cells), count in combos.items():
        sender, recipients = refs.pair(cells)
        if sender is None:
            continue
        members.setdefault(thread or _key(sender), set()).update(
            _key(r) for r in (sender, *recipients)
        )
        sent[_key(sender)] += count
    coverage = Counter(key for keys in members.values() for key in keys)
    ranked = sorted(coverage, key=lambda k: (coverage[k], sent[k], k), reverse=True)
    if not ranked:
        return "", None
    best = ranked[0]
    if len(ranked) > 1 and (coverage[ranked[1]], sent[ranked[1]]) == (coverage[best], sent[best]):
        shown = best.removeprefix("name:")
        return best, (
            f"Could not tell which LinkedIn messages you sent; assumed you are {shown}. "
            "If that is wrong, give your LinkedIn profile URL first (on your own page, 'me', "
            "or with kith import --my-linkedin URL), then check the file again."
        )
    return best, None


class _Identity:
    """Decides whether a ParticipantRef is the user (memoized per ref object)."""

    def __init__(self, url: str | None, names: set[str], resolve: dict[int, Ref]) -> None:
        self.url, self.names, self.resolve = url, names, resolve
        self.memo: dict[int, bool] = {}

    def is_me(self, ref: Ref) -> bool:
        known = self.memo.get(id(ref))
        if known is None:
            by_url = ref.linkedin_url is not None and ref.linkedin_url == self.url
            by_name = (ref.linkedin_url is None or self.url is None) and (
                ref.name is not None and ref.name.casefold() in self.names
            )
            known = self.memo[id(ref)] = by_url or by_name
        return known

    def who(self, pair: tuple[Ref | None, tuple[Ref, ...]], direction: str) -> Who | str:
        """Who sent and who else took part, or the reason the message is unusable."""
        sender, recipients = pair
        if sender is None:
            return "no sender"
        found = self.split(sender, recipients, direction)
        if found[1]:
            return found
        if any(_hidden(ref) for ref in (sender, *recipients)):
            return HIDDEN
        return "no one but you in this message"

    def split(self, sender: Ref, recipients: tuple[Ref, ...], direction: str) -> Who:
        """(sent by me?, everyone else in the message, sender key for the id)."""
        way = direction.strip().upper()
        from_me = way == "OUTGOING" if way in ("INCOMING", "OUTGOING") else self.is_me(sender)
        everyone = recipients if from_me else (sender, *recipients)
        resolved = (
            self.resolve.get(id(r), r) for r in everyone if not self.is_me(r) and not _hidden(r)
        )
        return from_me, tuple(dict.fromkeys(resolved)), _key(sender)


def _hidden(ref: Ref) -> bool:
    return hidden_member(ref.name, ref.linkedin_url)


def _appears(refs: Refs, url: str) -> bool:
    """Whether ``url`` is anyone's in the file, or the file has no profile URLs at all
    (older layouts: nothing to check it against)."""
    urls = {ref_url for (_, ref_url) in refs.cache if ref_url}
    return url in urls or not urls


def _sender_names(refs: Refs, url: str) -> set[str]:
    return {name.casefold() for (name, ref_url) in refs.cache if ref_url == url and name}


def _identify(
    rows: list[list[str]], c: Columns, refs: Refs, me: MeBuilder, out: Collector
) -> _Identity:
    people = c.people()
    for cells in set(map(people, rows)):
        refs.pair(cells)  # every ref exists before names are resolved to URLs
    url, names, unsure = me.linkedin_url, set(me.names), False
    if url is not None and not _appears(refs, url):
        out.warn(
            f"Your LinkedIn profile {url} is in none of these messages; who you are was "
            "worked out from the messages instead."
        )
        url = me.linkedin_url = None
    if url is None and not names and c.has(c.direction):
        outgoing = {people(row) for row in rows if row[c.direction].strip().upper() == "OUTGOING"}
        names = {s.name.casefold() for s, _ in map(refs.pair, outgoing) if s and s.name}
    elif url is None and not names and rows:
        key, warning = _guess_me(rows, c, refs)
        if warning:  # a coin toss: used for this file, not remembered as the user's
            out.warn(warning)
            unsure = True
        if key.startswith("name:"):
            names.add(key.removeprefix("name:"))
        elif key:
            url = key
    if url is None and names:
        urls = Counter(u for (n, u) in refs.cache if u and n and n.casefold() in names)
        url = urls.most_common(1)[0][0] if urls else None
    if url is not None:
        names |= _sender_names(refs, url)
        me.linkedin_url = me.linkedin_url or (None if unsure else url)
    return _Identity(url, names, refs.resolver())


def _when(text: str) -> datetime | None:
    if len(text) >= 19 and text[4] == "-" and text[10] == " ":
        try:  # the 2024 shape, 2024-12-16 18:24:37 UTC, at C speed
            return datetime.fromisoformat(text[:19] + "+00:00")
        except ValueError:
            pass
    return parse_datetime(text)


def _spam(rows: list[list[str]], c: Columns, refs: Refs, identity: _Identity) -> _Spam:
    """The FOLDER values that mean LinkedIn's spam folder, and the conversations among
    them in which you wrote (kept: you answered, so LinkedIn's filter was wrong)."""
    if not c.has(c.folder):
        return frozenset(), frozenset()
    folders = {row[c.folder] for row in rows}
    values = frozenset(value for value in folders if value.strip().upper() == "SPAM")
    if not values or not c.has(c.conv):
        return values, frozenset()
    people, threads = c.people(), {row[c.conv] for row in rows if row[c.folder] in values}
    answered: set[str] = set()
    for row in rows:
        thread = row[c.conv]
        if thread in threads and thread not in answered:
            found = identity.who(refs.pair(people(row)), row[c.direction])
            if not isinstance(found, str) and found[0]:
                answered.add(thread)
    return values, frozenset(answered)


def _builder(
    c: Columns, refs: Refs, identity: _Identity, keep: bool, spam: _Spam
) -> Callable[[list[str], int], InteractionRecord | str]:
    """row -> a record (its id not yet made unique) or the reason to skip the row.
    Column positions are bound once; people are worked out once per cell combination."""
    conv, title, _, _, _, _, date_at, subject, content, draft, direction, folder, _ = c
    needs_conv, has_draft, people = c.has(conv), c.has(draft), c.people()
    spam_folders, answered = spam
    who_memo: dict[tuple[tuple[str, ...], str], Who | str] = {}
    summaries: dict[str, str] = {"": DEFAULT_SUMMARY}

    def build(row: list[str], line: int) -> InteractionRecord | str:
        if has_draft and row[draft] not in ("No", "") and row[draft].strip().lower() == "yes":
            return "draft message"
        date = row[date_at]
        at = _when(date)
        if at is None:
            return "no readable DATE"
        thread = row[conv]
        if needs_conv and not thread.strip():
            return "no CONVERSATION ID"
        key = (people(row), row[direction])
        found = who_memo.get(key)
        if found is None:
            found = who_memo[key] = identity.who(refs.pair(key[0]), key[1])
        if isinstance(found, str):
            return found
        if spam_folders and row[folder] in spam_folders and not found[0] and thread not in answered:
            return SPAM
        raw, label = row[content], row[subject] or row[title]
        summary = summaries.get(label)
        if summary is None:
            summary = summaries[label] = f"LinkedIn message: {truncate(label)}"
        data = f"{thread}\x1f{date}\x1f{found[2]}\x1f{raw}".encode("utf-8", "surrogatepass")
        return InteractionRecord(
            f"message:{crc32(data):08x}{adler32(data):08x}",  # 64 bits, cheaper than sha
            at, "message", "catch_up", "me" if found[0] else "them", summary, found[1],
            (strip_html(raw).strip() or None) if keep else None, thread.strip() or None, line,
        )  # fmt: skip

    return build


def _since(options: ImportOptions) -> datetime | None:
    if options.since is None:
        return None
    return datetime(options.since.year, options.since.month, options.since.day, tzinfo=UTC)


def parse_messages(
    table: CsvTable, out: Collector, options: ImportOptions, me: MeBuilder, now: datetime | None
) -> None:
    c, refs = Columns.of(table), Refs()
    rows, lines = load_rows(table, out)
    identity = _identify(rows, c, refs, me, out)
    build = _builder(c, refs, identity, options.keep_content, _spam(rows, c, refs, identity))
    since, ids, touches = _since(options), out.ids, SameDay(out, DEFAULT_SUMMARY)
    spam, on_read, count = 0, options.on_read, len(rows)
    rows.reverse()  # popped from the end in file order: each row is freed once built,
    lines.reverse()  # so rows and records never both fill memory
    while rows:
        if on_read is not None and len(rows) % EVERY == 0:
            told(on_read, count - len(rows), count)
        line = lines.pop()
        record = build(rows.pop(), line)
        if isinstance(record, str):
            out.skip(table.file, line, record)
            spam += record == SPAM
            continue
        at = record.occurred_at
        if (since is not None and at < since) or (now is not None and at > now):
            out.keep_moment(at, options.since, now)  # counts it for the report
            continue
        if record.external_id in ids:
            record = _renamed(record, out.unique_id(record.external_id))
        else:
            ids[record.external_id] = 1
        touches.add(record, record.thread or frozenset(record.participants))
    told(on_read, count, count)
    touches.note(out, "LinkedIn messages", "the messages of one conversation on one day")
    if spam:
        out.warn(
            f"{plural(spam, 'LinkedIn message', 'LinkedIn messages')} in LinkedIn's spam folder "
            "left out: you never wrote in those conversations."
        )


def _renamed(record: InteractionRecord, external_id: str) -> InteractionRecord:
    return record._replace(external_id=external_id)
