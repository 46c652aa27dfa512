"""Possible duplicates: fuzzy name plus organization, offered to the user to confirm.

Exact matches (email, LinkedIn URL, phone) merge automatically during an import. Anything
fuzzier becomes a ``MergeCandidate`` that `kith merges accept|reject` settles; accepted
merges are recorded (``MergeRecord``) and can be undone. So does a contact who has one of
your own addresses (``suggest_you``): your own card, imported before kith knew the address.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, func, or_, select

from kith.errors import ConflictError, NotFoundError
from kith.models import ContactPoint, MergeCandidate, MergeRecord, Person
from kith.services import merge, network
from kith.services.context import Ctx
from kith.services.owners import get_owner, me_person

NAME_THRESHOLD = 90.0  # rapidfuzz token_sort_ratio on normalized names
SAME_ORG_THRESHOLD = 82.0  # a little lower when both work at the same organization
MAX_BLOCK = 400  # people sharing a family name compared in full; larger blocks are sampled
# a name more people than this share ("Support", "Someone", a team) tells no one apart: its
# people are not suggested as duplicates of anyone (pairs among k of them would be k²/2)
MAX_SAME_NAME = 10


def _block_key(name_key: str) -> str:
    parts = name_key.split()
    return parts[-1] if parts else ""


def suggest_merges(ctx: Ctx, people: Iterable[int]) -> int:
    """Record candidates between these people and everyone else; returns how many are new.

    Only people sharing a block (family name) are compared, and a touched person alone in
    their block is skipped outright: a fresh import of 30,000 distinct names costs a query.
    A touched person whose exact name more than MAX_SAME_NAME people share is not compared.
    """
    touched = set(people)
    if not touched:
        return 0
    rows = ctx.session.execute(
        select(Person.id, Person.name_key).where(
            Person.owner_id == ctx.owner_id,
            Person.is_me.is_(False),
            Person.merged_into_id.is_(None),
            Person.archived.is_(False),
        )
    ).all()
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pid, key in rows:
        blocks[_block_key(key)].append((pid, key))
    shared = Counter(key for _, key in rows)
    pairs = _similar_pairs(
        [(pid, key) for pid, key in rows if pid in touched and shared[key] <= MAX_SAME_NAME],
        blocks,
        _known_pairs(ctx),
    )
    return _record_candidates(ctx, pairs) if pairs else 0


Scored = tuple[int, int, float]  # (touched person, other person, name score)


def _similar_pairs(
    touched: list[tuple[int, str]],
    blocks: dict[str, list[tuple[int, str]]],
    known: set[tuple[int, int]],
) -> list[Scored]:
    """Pairs scoring at least the same-organization threshold, in comparison order."""
    found: list[Scored] = []
    for pid, key in touched:
        block = blocks[_block_key(key)][:MAX_BLOCK]
        if len(block) < 2:
            continue
        matches = process.extract(
            key,
            [other_key for _, other_key in block],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=SAME_ORG_THRESHOLD,
            limit=None,
        )
        for _, score, at in sorted(matches, key=lambda m: m[2]):
            other = block[at][0]
            if other != pid and (min(pid, other), max(pid, other)) not in known:
                found.append((pid, other, score))
    return found


def _record_candidates(ctx: Ctx, pairs: list[Scored]) -> int:
    """MergeCandidates for the pairs that qualify (a lower bar at the same organization)."""
    involved = sorted({p for pid, other, _ in pairs for p in (pid, other)})
    orgs = {
        pid: pos.organization.normalized or None
        for pid, pos in network.current_positions(ctx, involved).items()
    }
    known: set[tuple[int, int]] = set()
    created = 0
    for pid, other, score in pairs:
        pair = (min(pid, other), max(pid, other))
        if pair in known:
            continue
        same_org = orgs.get(pid) is not None and orgs.get(pid) == orgs.get(other)
        if score >= NAME_THRESHOLD or same_org:
            reason = f"similar names ({score:.0f}%)" + (
                " at the same organization" if same_org else ""
            )
            ctx.session.add(
                MergeCandidate(
                    owner_id=ctx.owner_id,
                    person_a_id=pair[0],
                    person_b_id=pair[1],
                    reason=reason,
                    score=round(score / 100, 3),
                    status="open",
                    created_at=ctx.now(),
                )
            )
            known.add(pair)
            created += 1
    ctx.session.flush()
    return created


def suggest_you(ctx: Ctx) -> int:
    """Suggest merging into you everyone who has one of your own addresses (an address book
    imported before kith knew the address was yours: your own card became a contact);
    returns how many suggestions are new."""
    mine = sorted({email.lower() for email in get_owner(ctx).my_emails or ()})
    if not mine:
        return 0
    rows = ctx.session.execute(
        select(Person.id, ContactPoint.normalized)
        .join(ContactPoint, ContactPoint.person_id == Person.id)
        .where(
            Person.owner_id == ctx.owner_id,
            Person.is_me.is_(False),
            Person.merged_into_id.is_(None),
            Person.archived.is_(False),
            ContactPoint.kind == "email",
            ContactPoint.normalized.in_(mine),
        )
        .order_by(Person.id, ContactPoint.normalized)
    ).all()
    me, known, created = me_person(ctx).id, _known_pairs(ctx), 0
    for pid, address in rows:
        pair = (min(me, pid), max(me, pid))
        if pair in known:
            continue
        known.add(pair)
        ctx.session.add(
            MergeCandidate(
                owner_id=ctx.owner_id,
                person_a_id=pair[0],
                person_b_id=pair[1],
                reason=f"has your own address {address}",
                score=1.0,
                status="open",
                created_at=ctx.now(),
            )
        )
        created += 1
    ctx.session.flush()
    return created


def _known_pairs(ctx: Ctx) -> set[tuple[int, int]]:
    rows = ctx.session.execute(
        select(MergeCandidate.person_a_id, MergeCandidate.person_b_id).where(
            MergeCandidate.owner_id == ctx.owner_id
        )
    )
    return {(a, b) for a, b in rows}


def open_count(ctx: Ctx) -> int:
    """How many suggestions wait for a decision."""
    return int(
        ctx.session.scalar(
            select(func.count())
            .select_from(MergeCandidate)
            .where(MergeCandidate.owner_id == ctx.owner_id, MergeCandidate.status == "open")
        )
        or 0
    )


def list_candidates(ctx: Ctx, status: str = "open") -> list[dict[str, Any]]:
    return _candidates(ctx, MergeCandidate.status == status)


def candidate_entry(ctx: Ctx, candidate_id: int) -> dict[str, Any]:
    """One suggestion as ``list_candidates`` lists it (whatever its status)."""
    return _candidates(ctx, MergeCandidate.id == candidate_id)[0]


def _candidates(ctx: Ctx, *where: ColumnElement[bool]) -> list[dict[str, Any]]:
    a, b = Person.__table__.alias("a"), Person.__table__.alias("b")
    rows = ctx.session.execute(
        select(MergeCandidate, a.c.display_name, b.c.display_name)
        .join(a, a.c.id == MergeCandidate.person_a_id)
        .join(b, b.c.id == MergeCandidate.person_b_id)
        .where(MergeCandidate.owner_id == ctx.owner_id, *where)
        .order_by(MergeCandidate.score.desc(), MergeCandidate.id)
    ).all()
    return [
        {
            "id": c.id,
            "person": name_a,
            "person_id": c.person_a_id,
            "other": name_b,
            "other_id": c.person_b_id,
            "score": c.score,
            "reason": c.reason,
            "status": c.status,
        }
        for c, name_a, name_b in rows
    ]


def _candidate(ctx: Ctx, candidate_id: int) -> MergeCandidate:
    found = ctx.session.scalar(
        select(MergeCandidate).where(
            MergeCandidate.owner_id == ctx.owner_id, MergeCandidate.id == candidate_id
        )
    )
    if found is None:
        raise NotFoundError(
            f"No merge suggestion with id {candidate_id}.", hint="See them with `kith merges list`."
        )
    if found.status != "open":
        raise ConflictError(f"Merge suggestion {candidate_id} was already {found.status}.")
    return found


def accept(ctx: Ctx, candidate_id: int) -> MergeRecord:
    """Merge the pair: you are kept, else the person created first."""
    cand = _candidate(ctx, candidate_id)
    keep = ctx.session.get(Person, cand.person_a_id)
    other = ctx.session.get(Person, cand.person_b_id)
    assert keep is not None and other is not None
    if other.is_me:
        keep, other = other, keep
    record = merge.merge_people(ctx, keep, other, note=f"merge suggestion {cand.id}")
    cand.status = "accepted"
    _close_others(ctx, other.id)
    ctx.session.flush()
    return record


def _close_others(ctx: Ctx, merged_id: int) -> None:
    for other in ctx.session.scalars(
        select(MergeCandidate).where(
            MergeCandidate.owner_id == ctx.owner_id,
            MergeCandidate.status == "open",
            or_(MergeCandidate.person_a_id == merged_id, MergeCandidate.person_b_id == merged_id),
        )
    ):
        other.status = "obsolete"


def reject(ctx: Ctx, candidate_id: int) -> MergeCandidate:
    cand = _candidate(ctx, candidate_id)
    cand.status = "rejected"
    ctx.session.flush()
    return cand


def merge_history(ctx: Ctx) -> list[dict[str, Any]]:
    rows = ctx.session.scalars(
        select(MergeRecord).where(MergeRecord.owner_id == ctx.owner_id).order_by(MergeRecord.id)
    )
    return [merge_entry(ctx, r) for r in rows]


def merge_entry(ctx: Ctx, r: MergeRecord) -> dict[str, Any]:
    """One merge as ``merge_history`` lists it."""
    kept = ctx.session.get(Person, r.kept_id)
    merged = ctx.session.get(Person, r.merged_id)
    return {
        "id": r.id,
        "person": kept.display_name if kept else "?",
        "person_id": r.kept_id,
        "merged": merged.display_name if merged else "?",
        "merged_id": r.merged_id,
        "merged_at": r.merged_at.isoformat(),
        "undone": r.undone_at is not None,
    }
