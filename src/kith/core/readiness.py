"""Spec (g): the Ten-People Test, "could you name ten people who would help you job-search now?"

Each contact earns ``warmth * relevance credit * standing``: warm ties count 1, reactivatable
dormant and lukewarm ties 0.5 (Levin); relevance is the best of the person's own relevance and
what they can reach through a known link (spec c); owing someone or going silent after landing
halves the credit (spec f). The ten best credits are summed, then four diversity checks (orgs,
strong, weak, bridge) each multiply by 0.9 when they fail. The result lists who counted and the
cheapest actions that would close the gap. With no job search active, relevance comes from the
user's own field, and the result says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kith.core.brokers import broker_scores
from kith.core.lead_index import LeadIndex
from kith.core.params.jobs import JobParams
from kith.core.relevance import (
    JobTarget,
    job_targets,
    relevance_of_profile,
    relevance_params_key,
)
from kith.core.types import Network, PersonFact, Reciprocity, TieStrength


@dataclass(frozen=True, slots=True)
class CountedPerson:
    person_id: int
    person: str
    credit: float  # warmth * relevance credit * standing, in {0.25, 0.5, 1.0}
    warmth: float  # 1 warm, 0.5 reactivatable or lukewarm
    reach: float  # best relevance directly or through a known link
    band: str
    org: str | None
    why: str


@dataclass(frozen=True, slots=True)
class ReadinessAction:
    person_id: int | None  # None for actions about the whole network (import, add)
    person: str | None
    action: str  # import | add | set_goal | catch_up | reconnect | close_loop | ask_intro
    why: str
    gain: float  # credit this action would add, estimated


@dataclass(frozen=True, slots=True)
class ReadinessResult:
    score: float  # 0-10, one decimal: raw * 0.9 ** failed checks
    raw: float  # sum of the counted credits, 0-10
    counted: tuple[CountedPerson, ...]
    checks: Mapping[str, bool]  # orgs, strong, weak, bridge
    actions: tuple[ReadinessAction, ...]
    why: str
    used_own_field: bool  # True: no job search is active; relevance is from the user's field
    target: str  # what relevance was judged against


@dataclass(frozen=True, slots=True)
class _Candidate:
    person: PersonFact
    tie: TieStrength | None
    warmth: float
    reach: float
    rel_credit: float
    standing: float
    rel_why: str
    via: tuple[int, str] | None  # best second-degree person reached (id, why)
    org: str | None

    @property
    def credit(self) -> float:
        return self.warmth * self.rel_credit * self.standing

    @property
    def band(self) -> str:
        return self.tie.band if self.tie is not None else "nominal"


def ten_people_test(
    net: Network,
    now: date,
    params: JobParams,
    ties: Mapping[int, TieStrength],
    reciprocity: Mapping[int, Reciprocity],
    brokers: Mapping[int, float] | None = None,
    index: LeadIndex | None = None,
) -> ReadinessResult:
    """Spec (g). ``brokers`` (spec e scores) is computed, and cached, when not passed in."""
    targets = job_targets(net, now, params)
    own, label = targets[0].own_field, targets[0].label
    if not net.people:
        actions = _setup_actions(net, targets, 0, params)
        return ReadinessResult(
            0.0, 0.0, (), _no_checks(), actions, _empty_why(own, label), own, label
        )
    scorer = _Scorer(net, index or LeadIndex.for_network(net), targets, now, params, ties)
    cands = [
        scorer.candidate(pid, reciprocity.get(pid))
        for pid in sorted(net.people)
        if _eligible(net.people[pid])
    ]
    ranked = sorted((c for c in cands if c.credit > 0), key=_rank)
    top = ranked[: params.ten_count]
    raw = sum(c.credit for c in top)
    bro = brokers if brokers is not None or not top else broker_scores(net, now, params)
    checks = _checks(top, bro or {}, params)
    fails = sum(not ok for ok in checks.values())
    score = round(min(10.0, raw * params.diversity_multiplier**fails), 1)
    actions = _actions(net, cands, top, checks, bro or {}, targets, raw, params)
    counted = tuple(_counted(c, now) for c in top)
    why = _why(score, top, checks, actions, own, label)
    return ReadinessResult(score, round(raw, 2), counted, checks, actions, why, own, label)


def _eligible(person: PersonFact) -> bool:
    return not (person.do_not_contact or person.ended or person.archived or person.is_me)


def _rank(c: _Candidate) -> tuple[float, float, str, int]:
    return (-c.credit, -c.reach, c.person.name, c.person.id)


def warmth(tie: TieStrength | None, now: date, params: JobParams) -> float:
    """1 warm, 0.5 reactivatable (dormant, strong bond) or lukewarm (within a year), else 0."""
    if tie is None:
        return 0.0
    days = (now - tie.last_meaningful).days if tie.last_meaningful else None
    if days is not None and days <= params.warm_days and tie.score >= params.warm_min_ts:
        return 1.0
    if tie.active >= params.warm_min_active:
        return 1.0
    if tie.dormant and tie.latent >= params.reactivatable_min_latent:
        return params.half_warmth
    if days is not None and days <= params.lukewarm_days:
        return params.half_warmth
    return 0.0


class _Scorer:
    """Relevance (memoised per person) and reach through known links."""

    def __init__(
        self,
        net: Network,
        index: LeadIndex,
        targets: tuple[JobTarget, ...],
        now: date,
        params: JobParams,
        ties: Mapping[int, TieStrength],
    ) -> None:
        self.net, self.index, self.targets = net, index, targets
        self.now, self.params, self.ties = now, params, ties
        self._rel = index.relevance_memo(now, (targets, relevance_params_key(params)))
        self.empty = all(t.empty for t in targets)
        self._useful: dict[int, tuple[float, str] | None] = {}
        self.possible: frozenset[int] | None = frozenset()
        for target in targets:
            found = index.possibly_relevant(target)
            self.possible = (
                None if found is None or self.possible is None else self.possible | found
            )

    def relevance(self, pid: int) -> tuple[float, str]:
        hit = self._rel.get(pid)
        if hit is None and (self.empty or (self.possible is not None and pid not in self.possible)):
            return 0.0, ""
        if hit is None:
            prof = self.index.profile(pid, self.now)
            rels = [relevance_of_profile(prof, pid, t, self.now, self.params) for t in self.targets]
            best = max(rels, key=lambda r: r.score)
            hit = self._rel[pid] = (best.score, best.clause)
        return hit

    def candidate(self, pid: int, rec: Reciprocity | None) -> _Candidate:
        person, tie = self.net.people[pid], self.ties.get(pid)
        warm = warmth(tie, self.now, self.params)
        live = warm > 0 or _dormant(tie)
        reach, why = self.relevance(pid) if live else (0.0, "")
        via: tuple[int, str] | None = None
        if live and tie is not None and self._paths_matter(tie, reach):
            via, reach = self._best_path(pid, tie.score, reach)
        p = self.params
        level = 1.0 if reach >= p.rel_full_credit else 0.5 if reach >= p.rel_half_credit else 0.0
        flags = rec.flags if rec is not None else ()
        owes = "owes" in flags or "ghosted_after_landing" in flags
        standing = p.standing_penalty if owes else 1.0
        org = min((x.org for x in self.index.profile(pid, self.now).current), default=None)
        return _Candidate(person, tie, warm, reach, level, standing, why, via, org)

    def _paths_matter(self, tie: TieStrength, reach: float) -> bool:
        """Paths can raise the credit (or name an intro for a strong tie): skip them otherwise."""
        if self.empty or tie.score <= 0:
            return False
        best_link = max(self.params.link_weights.values(), default=0.0)
        could = math.sqrt(tie.score) * best_link
        useful = reach < self.params.rel_full_credit and could >= self.params.rel_half_credit
        return tie.band == "strong" or (useful and could > reach)

    def _best_path(self, pid: int, ts: float, reach: float) -> tuple[tuple[int, str] | None, float]:
        """score_path / hop penalty = relevance(p) * sqrt(TS(c)) * link weight (spec g).

        The best neighbour wins; among equally good ones, the lowest id. Runs once per
        candidate over all their links (900,000 at 30,000 people), so a neighbour who
        cannot help (not eligible, or not relevant) costs one dictionary lookup."""
        best: tuple[int, str] | None = None
        weights, root, useful = self.params.link_weights, math.sqrt(ts), self._useful
        for other, kind in self.index.neighbours(pid, self.now, weights).items():
            hit = useful.get(other, _UNKNOWN)
            if hit is _UNKNOWN:
                hit = useful[other] = self._helpful(other)
            if hit is None:
                continue
            value = hit[0] * root * weights.get(kind, 0.0)
            if value > reach or (value == reach and best is not None and other < best[0]):
                reach, best = value, (other, hit[1])
        return best, reach

    def _helpful(self, pid: int) -> tuple[float, str] | None:
        """(relevance, reason) of someone a path may go through, or None when they can't
        raise anyone's reach (not eligible, or relevance 0)."""
        if not _eligible(self.net.people[pid]):
            return None
        found = self.relevance(pid)
        return found if found[0] > 0 else None


_UNKNOWN: tuple[float, str] = (-1.0, "")


def _dormant(tie: TieStrength | None) -> bool:
    return tie is not None and tie.dormant


def _no_checks() -> dict[str, bool]:
    return {"orgs": False, "strong": False, "weak": False, "bridge": False}


def _checks(
    top: list[_Candidate], brokers: Mapping[int, float], params: JobParams
) -> dict[str, bool]:
    return {
        "orgs": len({c.org for c in top if c.org}) >= params.check_min_orgs,
        "strong": sum(c.band == "strong" for c in top) >= params.check_min_strong,
        "weak": sum(c.band in ("weak", "medium") for c in top) >= params.check_min_weak,
        "bridge": any(brokers.get(c.person.id, 0.0) >= params.broker_threshold for c in top),
    }


def _counted(c: _Candidate, now: date) -> CountedPerson:
    tie = c.tie
    if c.warmth >= 1.0 and tie is not None and tie.last_meaningful is not None:
        warm = f"warm (real contact {(now - tie.last_meaningful).days} days ago)"
    elif c.warmth >= 1.0:
        warm = "warm"
    elif _dormant(tie):
        warm = "dormant but reactivatable (half credit)"
    else:
        warm = "lukewarm: within the year (half credit)"
    rel = c.rel_why if c.via is None else f"knows someone who {c.via[1]}"
    why = f"{c.person.name}: {warm}; {rel}"
    if c.rel_credit < 1.0:
        why += " (relevance half credit)"
    if c.standing < 1.0:
        why += "; half credit until you close the loop with them"
    ts = tie.score if tie is not None else 0.0
    why += f"; {c.band} tie {ts:.2f}."
    return CountedPerson(
        c.person.id, c.person.name, c.credit, c.warmth, round(c.reach, 4), c.band, c.org, why
    )


# ---- the gap-closing plan --------------------------------------------------------------


def _act(c: _Candidate | None, action: str, why: str, gain: float = 0.0) -> ReadinessAction:
    if c is None:
        return ReadinessAction(None, None, action, why, gain)
    return ReadinessAction(c.person.id, c.person.name, action, why, round(gain, 2))


def _setup_actions(
    net: Network, targets: tuple[JobTarget, ...], relevant: int, params: JobParams
) -> tuple[ReadinessAction, ...]:
    out: list[ReadinessAction] = []
    unset = targets[0].own_field and not (targets[0].industries or targets[0].families)
    if not net.people:
        why = "Import your LinkedIn connections or address book: the test needs people to count."
        out.append(_act(None, "import", why))
    if relevant < params.ten_count:
        where = "professionally" if unset else f"in {targets[0].label}"
        why = (
            f"Add people you already know {where}: you are in touch with {relevant} "
            f"relevant people and the test asks for {params.ten_count}."
        )
        out.append(_act(None, "add", why))
    if unset:
        why = (
            "Set a job-search goal (organizations, roles, industries) or your field, so "
            "kith can tell who is relevant."
        )
        out.append(_act(None, "set_goal", why))
    return tuple(out)


def _actions(
    net: Network,
    cands: list[_Candidate],
    top: list[_Candidate],
    checks: Mapping[str, bool],
    brokers: Mapping[int, float],
    targets: tuple[JobTarget, ...],
    raw: float,
    params: JobParams,
) -> tuple[ReadinessAction, ...]:
    relevant = sum(1 for c in cands if c.rel_credit > 0)
    setup = _setup_actions(net, targets, relevant, params)
    tips = _check_tips(cands, top, checks, brokers, params)
    room = max(0, params.readiness_max_actions - len(setup) - len(tips))
    gap = _gap_actions(cands, top, params.ten_count - raw, room, params)
    return (*gap, *tips, *setup)


def _gap_actions(
    cands: list[_Candidate], top: list[_Candidate], missing: float, room: int, params: JobParams
) -> list[ReadinessAction]:
    """Cheapest first: catch up, reconnect, close a loop, ask a strong tie for an intro."""
    counted = {c.person.id: c.credit for c in top}
    options: list[tuple[int, float, str, ReadinessAction]] = []
    for c in cands:
        for order, action in enumerate(_options(c, counted.get(c.person.id, 0.0), params)):
            if action is not None and action.gain > 0:
                options.append((order, -action.gain, c.person.name, action))
    options.sort(key=lambda o: (o[0], o[1], o[2], o[3].person_id or 0))
    out: list[ReadinessAction] = []
    seen: set[int | None] = set()
    gained = 0.0
    for _, _, _, action in options:
        if len(out) >= room or gained >= missing - 1e-9:
            break
        if action.person_id in seen:
            continue
        seen.add(action.person_id)
        out.append(action)
        gained += action.gain
    return out


def _options(c: _Candidate, credit_now: float, params: JobParams) -> list[ReadinessAction | None]:
    """The four spec (g) actions for one person, in order of cost (None when not applicable)."""
    name, gain = c.person.name, c.rel_credit * c.standing - credit_now
    latent = c.tie.latent if c.tie is not None else 0.0
    catch = reconnect = loop = intro = None
    if c.warmth == 0.5 and not _dormant(c.tie) and c.rel_credit > 0:
        why = f"Catch up with {name} (lukewarm): {c.rel_why}. A catch-up makes them warm again."
        catch = _act(c, "catch_up", why, gain)
    if _dormant(c.tie) and latent >= params.dormant_min_latent and c.rel_credit > 0:
        why = f"Reconnect with {name} (dormant): {c.rel_why}. Lead with a catch-up, not an ask."
        reconnect = _act(c, "reconnect", why, gain)
    if c.standing < 1.0 and c.warmth > 0 and c.rel_credit > 0:
        why = (
            f"Thank {name} or give something back before asking: they helped you and the "
            "loop is still open."
        )
        loop = _act(c, "close_loop", why, c.warmth * c.rel_credit * (1 - c.standing))
    if c.band == "strong" and c.via is not None and c.warmth >= 1.0:
        why = f"Ask {name} (strong tie) to introduce you to someone who {c.via[1]}."
        intro = _act(c, "ask_intro", why, 0.5)
    return [catch, reconnect, loop, intro]


def _check_tips(
    cands: list[_Candidate],
    top: list[_Candidate],
    checks: Mapping[str, bool],
    brokers: Mapping[int, float],
    params: JobParams,
) -> list[ReadinessAction]:
    counted = {c.person.id for c in top}
    spare = [c for c in cands if c.person.id not in counted and c.rel_credit > 0]
    tips: list[ReadinessAction] = []
    wanted = {"strong": ("strong",), "weak": ("weak", "medium")}
    for check, bands in wanted.items():
        pick = next((c for c in spare if not checks[check] and c.band in bands), None)
        if pick is not None:
            why = (
                f"Catch up with {pick.person.name}: your list needs more {bands[0]} ties "
                f"(Gee et al.), and {pick.rel_why}."
            )
            tips.append(_act(pick, "catch_up", why))
    bridge = [c for c in spare if brokers.get(c.person.id, 0.0) >= params.broker_threshold]
    if not checks["bridge"] and bridge:
        b = max(bridge, key=lambda c: (brokers[c.person.id], c.person.name))
        why = f"Catch up with {b.person.name}: they bridge clusters you otherwise don't reach."
        tips.append(_act(b, "catch_up", why))
    return tips


def _empty_why(own: bool, label: str) -> str:
    text = "Readiness 0.0/10: there is no one in your network yet. Import or add people first."
    return text + (f" Relevance will be judged against {label}." if own else "")


_VERBS = {
    "catch_up": "catch up with",
    "reconnect": "reconnect with",
    "close_loop": "thank",
    "ask_intro": "ask for an introduction through",
    "import": "import your contacts",
    "add": "add people you know",
    "set_goal": "set a job-search goal or your field",
}


def _plan_phrase(actions: tuple[ReadinessAction, ...]) -> str:
    """ "reconnect with Priya and Raj, catch up with Ana" """
    groups: dict[str, list[str]] = {}
    for a in actions:
        groups.setdefault(a.action, []).append(a.person or "")
    parts = []
    for kind, names in groups.items():
        named = [n for n in dict.fromkeys(names) if n]
        who = (
            ", ".join(named[:-1])
            + (" and " if len(named) > 1 else "")
            + (named[-1] if named else "")
        )
        parts.append(f"{_VERBS[kind]} {who}".strip())
    return "; ".join(parts)


def _why(
    score: float,
    top: list[_Candidate],
    checks: Mapping[str, bool],
    actions: tuple[ReadinessAction, ...],
    own: bool,
    label: str,
) -> str:
    full = [c for c in top if c.credit >= 1.0]
    part = [c for c in top if c.credit < 1.0]
    examples = ", ".join(c.person.name for c in full[:2])
    text = f"Readiness {score:.1f}/10: {len(full)} warm and relevant people"
    text += f" (e.g. {examples})" if examples else ""
    text += f", {len(part)} more at partial credit." if part else "."
    notes = {
        "strong": "fewer than 2 strong ties in the set",
        "weak": "fewer than 4 weak or medium ties",
        "orgs": "people from fewer than 3 organizations",
        "bridge": "no one who bridges your clusters",
    }
    failed = [notes[k] for k, ok in checks.items() if not ok]
    if failed:
        text += " Gaps: " + "; ".join(failed) + "."
    if actions:
        text += " To reach 10: " + _plan_phrase(actions) + "."
    if own:
        text += f" Relevance is judged against {label}, since no job search is active."
    return text
