"""Invitations, endorsements and recommendations from a LinkedIn export.

- Invitations.csv: an InvitationRecord (who made the first contact: OUTGOING = me) and
  an interaction with intent ``connect``. All three header eras are read; the Jan 2024
  ``urn:li:member:`` columns are not URLs and are ignored.
- Endorsement_Received_Info / Recommendations_Received: the other person gave to the
  user (initiator ``them``, intent ``give``); the *_Given files are the user giving
  (initiator ``me``). Channel ``social_comment``. Endorsement URLs have no scheme
  (``www.linkedin.com/in/<slug>``) and are normalized.
"""

from __future__ import annotations

from datetime import datetime

from kith.importers.base import (
    ImportOptions,
    InteractionRecord,
    InvitationRecord,
)
from kith.importers.base import ParticipantRef as Ref
from kith.importers.collect import Collector
from kith.importers.linkedin_rows import HIDDEN, hidden_member
from kith.importers.textio import CsvTable, cell
from kith.importers.values import (
    clean,
    clean_family_name,
    join_name,
    normalize_linkedin_url,
    parse_datetime,
    short_hash,
    strip_html,
    truncate,
)


def _content(text: str, options: ImportOptions) -> str | None:
    if not options.keep_content:
        return None
    return strip_html(text).strip() or None


_INVITATION_COLUMNS = {
    "from": "From",
    "to": "To",
    "at": "Sent At",
    "message": "Message",
    "direction": "Direction",
    "inviter": "inviterProfileUrl",
    "invitee": "inviteeProfileUrl",
}


def _invitation(row: list[str], c: dict[str, int | None]) -> tuple[datetime, bool, Ref] | str:
    """(sent at, outgoing?, the other person) or the reason to skip the row."""
    direction = cell(row, c["direction"]).upper()
    if direction not in ("INCOMING", "OUTGOING"):
        return "Direction is neither INCOMING nor OUTGOING"
    at = parse_datetime(cell(row, c["at"]))
    if at is None:
        return "no readable Sent At date"
    outgoing = direction == "OUTGOING"
    name = clean(cell(row, c["to"] if outgoing else c["from"]))
    url = normalize_linkedin_url(cell(row, c["invitee"] if outgoing else c["inviter"]))
    if not name and not url:
        return "the invitation names no one"
    if hidden_member(name, url):
        return HIDDEN
    return at, outgoing, Ref(name=name, linkedin_url=url)


def parse_invitations(
    table: CsvTable, out: Collector, options: ImportOptions, now: datetime | None
) -> None:
    columns = {key: table.col(name) for key, name in _INVITATION_COLUMNS.items()}
    errors: list[tuple[int, str]] = []
    for line, row in table.rows(errors):
        found = _invitation(row, columns)
        if isinstance(found, str):
            out.skip(table.file, line, found)
            continue
        at, outgoing, who = found
        if out.keep_moment(at, options.since, now):
            message = cell(row, columns["message"])
            _add_invitation(out, options, line, at, outgoing, who, message)
    for line, reason in errors:
        out.skip(table.file, line, reason)


def _add_invitation(
    out: Collector,
    options: ImportOptions,
    line: int,
    at: datetime,
    outgoing: bool,
    who: Ref,
    message: str,
) -> None:
    key = short_hash(
        "outgoing" if outgoing else "incoming", at.isoformat(), who.linkedin_url or who.name
    )
    out.invitations.append(
        InvitationRecord(
            external_id=out.unique_id(f"invitation:{key}"),
            sent_at=at,
            direction="outgoing" if outgoing else "incoming",
            counterpart=who,
            has_message=bool(message.strip()),
            message=_content(message, options),
            line=line,
        )
    )
    label = "sent" if outgoing else "received"
    out.interactions.append(
        InteractionRecord(
            external_id=out.unique_id(f"invitation-touch:{key}"),
            occurred_at=at,
            channel="message",
            intent="connect",
            initiator="me" if outgoing else "them",
            summary=f"LinkedIn invitation {label}",
            participants=(who,),
            content=_content(message, options),
            line=line,
        )
    )


def parse_endorsements(
    table: CsvTable,
    out: Collector,
    options: ImportOptions,
    now: datetime | None,
    *,
    received: bool,
) -> None:
    role = "Endorser" if received else "Endorsee"
    first, last = table.col(f"{role} First Name"), table.col(f"{role} Last Name")
    url_col, skill_col = table.col(f"{role} Public Url"), table.col("Skill Name")
    date_col, status_col = table.col("Endorsement Date"), table.col("Endorsement Status")
    errors: list[tuple[int, str]] = []
    for line, row in table.rows(errors):
        status = cell(row, status_col).upper()
        if status and status != "ACCEPTED":
            out.skip(table.file, line, f"endorsement status is {status}")
            continue
        at = parse_datetime(cell(row, date_col))
        name = join_name(clean(cell(row, first)), clean_family_name(cell(row, last))) or None
        url = normalize_linkedin_url(cell(row, url_col))
        if at is None or not (name or url):
            out.skip(table.file, line, "no readable date or no one named")
            continue
        if not out.keep_moment(at, options.since, now):
            continue
        skill = clean(cell(row, skill_col)) or "a skill"
        summary = f"Endorsed you for {skill}" if received else f"You endorsed them for {skill}"
        key = short_hash(role, at.isoformat(), url or name, skill)
        _add_give(
            out,
            f"endorsement:{key}",
            at,
            received,
            Ref(name=name, linkedin_url=url),
            truncate(summary),
            None,
            line,
        )
    for line, reason in errors:
        out.skip(table.file, line, reason)


def parse_recommendations(
    table: CsvTable,
    out: Collector,
    options: ImportOptions,
    now: datetime | None,
    *,
    received: bool,
) -> None:
    first, last = table.col("First Name"), table.col("Last Name")
    text_col, date_col = table.col("Text"), table.col("Creation Date")
    errors: list[tuple[int, str]] = []
    for line, row in table.rows(errors):
        at = parse_datetime(cell(row, date_col))
        name = join_name(clean(cell(row, first)), clean_family_name(cell(row, last))) or None
        if at is None or not name:
            out.skip(table.file, line, "no readable Creation Date or no name")
            continue
        if not out.keep_moment(at, options.since, now):
            continue
        summary = (
            "Wrote you a LinkedIn recommendation"
            if received
            else ("You wrote them a LinkedIn recommendation")
        )
        key = short_hash("received" if received else "given", at.isoformat(), name)
        _add_give(
            out,
            f"recommendation:{key}",
            at,
            received,
            Ref(name=name),
            summary,
            _content(cell(row, text_col), options),
            line,
        )
    for line, reason in errors:
        out.skip(table.file, line, reason)


def _add_give(
    out: Collector,
    base: str,
    at: datetime,
    received: bool,
    who: Ref,
    summary: str,
    content: str | None,
    line: int,
) -> None:
    out.interactions.append(
        InteractionRecord(
            external_id=out.unique_id(base),
            occurred_at=at,
            channel="social_comment",
            intent="give",
            initiator="them" if received else "me",
            summary=summary,
            participants=(who,),
            content=content,
            line=line,
        )
    )
