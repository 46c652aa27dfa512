"""Knowledge gaps: what you don't know about the people you talk to, and what to ask next.

A gap is a missing fact: career history (no positions), who they know (no links to other
contacts), interests (no tags), how you met (no how-met note and no introducer), and contact
points (no email, no phone). The gap score is the weighted share of missing facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kith.core.coach_common import contactable, log_until, logs_until
from kith.core.params.coach import CoachParams
from kith.core.types import Network, PersonFact
from kith.errors import PersonNotFoundError

GAP_CODES: tuple[str, ...] = ("career", "connections", "interests", "how_met", "email", "phone")
GAP_LABELS = {
    "career": "career history",
    "connections": "who they know",
    "interests": "interests",
    "how_met": "how you met",
    "email": "email",
    "phone": "phone number",
}


@dataclass(frozen=True, slots=True)
class KnowledgeGaps:
    person_id: int
    person: str
    unknown: tuple[str, ...]  # GAP_CODES that are missing, most important first
    questions: tuple[str, ...]  # 1-3 questions for the next conversation (none without gaps)
    score: float  # [0, 1]: weighted share of missing facts
    recent_interactions: int  # interactions within gap_recent_days
    rank_score: float  # score x recent_interactions: big gaps among people you meet most
    why: str


def knowledge_gaps(net: Network, person_id: int, now: date, params: CoachParams) -> KnowledgeGaps:
    """The knowledge gaps of one contact."""
    person = net.people.get(person_id)
    if person is None:
        raise PersonNotFoundError(str(person_id))
    return _gaps(person, _linked(net), _recent(net, person_id, now, params), params)


def rank_gaps(
    net: Network, now: date, params: CoachParams, limit: int | None = None
) -> list[KnowledgeGaps]:
    """People with the biggest gaps among those you met lately, most worth asking first."""
    linked = _linked(net)
    logs = logs_until(net, now)
    since = now - timedelta(days=params.gap_recent_days)
    found = []
    for pid, person in net.people.items():
        recent = sum(1 for it in logs[pid] if it.on >= since)
        if recent == 0 or not contactable(person):
            continue
        gaps = _gaps(person, linked, recent, params)
        if gaps.score > 0:
            found.append(gaps)
    found.sort(key=lambda g: (-g.rank_score, g.person, g.person_id))
    return found if limit is None else found[:limit]


def _linked(net: Network) -> frozenset[int]:
    """Contacts with at least one known link to another contact (links to the user excluded)."""
    return net.linked_contacts


def _recent(net: Network, pid: int, now: date, params: CoachParams) -> int:
    since = now - timedelta(days=params.gap_recent_days)
    return sum(1 for it in log_until(net, pid, now) if it.on >= since)


def _gaps(
    person: PersonFact, linked: frozenset[int], recent: int, params: CoachParams
) -> KnowledgeGaps:
    missing = {
        "career": not person.positions,
        "connections": person.id not in linked,
        "interests": not person.tags,
        "how_met": not (person.how_met or person.introduced_by is not None),
        "email": not person.has_email,
        "phone": not person.has_phone,
    }
    weights = dict(zip(GAP_CODES, params.gap_weights, strict=True))
    unknown = tuple(code for code in GAP_CODES if missing[code])
    score = min(1.0, sum(weights[c] for c in unknown))
    questions = _questions(person, unknown)
    return KnowledgeGaps(
        person_id=person.id,
        person=person.name,
        unknown=unknown,
        questions=questions,
        score=score,
        recent_interactions=recent,
        rank_score=score * recent,
        why=_why(person, unknown, recent, params),
    )


def _questions(person: PersonFact, unknown: tuple[str, ...]) -> tuple[str, ...]:
    current = next((p.org for p in person.positions if p.current), None)
    topic = sorted(person.tags)[0] if person.tags else None
    asks = {
        "career": "What are you working on these days, and how did you get into it?",
        "connections": (
            f"Who at {current} do you enjoy working with most?"
            if current
            else f"Who do you know in {topic} that I should meet?"
            if topic
            else "Who have you met lately that I should know?"
        ),
        "interests": "What are you into outside work at the moment?",
        "how_met": "Remind me, where did we first meet?",
        "email": "What's the best way to reach you, email or phone?",
        "phone": "What's the best way to reach you, email or phone?",
    }
    out: list[str] = []
    for code in unknown:
        if asks[code] not in out:
            out.append(asks[code])
    return tuple(out[:3])


def _why(person: PersonFact, unknown: tuple[str, ...], recent: int, params: CoachParams) -> str:
    name = person.name
    if not unknown:
        return f"You know the basics about {name}."
    labels = [GAP_LABELS[c] for c in unknown[:3]]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    if recent:
        months = round(params.gap_recent_days / 30.44)
        times = "once" if recent == 1 else f"{recent} times"
        return f"You've talked with {name} {times} in {months} months but don't know {listed}."
    return f"About {name}, you don't know {listed}."
