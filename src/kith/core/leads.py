"""Spec (c): who can help me into an organization (or industry), ranked, with reasons.

Three kinds of lead: **direct** (works there now), **alumni** (worked there) and
**second_degree** (a target person reached through an intermediary who knows them). Direct and
alumni leads are scored ``relevance * fit(TS) * novelty * standing``: an inverted U over tie
strength whose peak ``mu`` depends on the ask (advice or referral) and on whether the target
industry is digital (Rajkumar et al. 2022). Paths are scored
``0.8 * relevance(p) * sqrt(TS(i)) * link_w``. A portfolio rule then mixes strong and weak ties.

Speed: ``LeadIndex`` (``kith.core.lead_index``) is built once per ``Network`` and cached by
network identity, so a query touches only the people at the target and their neighbours.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from rapidfuzz import fuzz, process

from kith.core.lead_index import LeadIndex, TieView, eligible
from kith.core.orgs import normalize_org, org_key_matches
from kith.core.params.jobs import JobParams
from kith.core.relevance import (
    JobTarget,
    Relevance,
    active_job_goals,
    industry_matches,
    my_seniority,
    role_family,
    words,
)
from kith.core.types import Network, Reciprocity, TieStrength


@dataclass(frozen=True, slots=True)
class Lead:
    kind: str  # direct | alumni | second_degree
    person_id: int  # the person at (or from) the target
    person: str
    via_id: int | None  # the introducer for second-degree paths
    via: str | None
    score: float  # [0, 1]
    why: str
    relevance: float  # of the target person
    tie: float  # tie strength of the person you would contact (the introducer for paths)
    band: str  # band of that tie
    fit: float  # inverted-U fit (direct/alumni); sqrt(TS(i)) for paths
    novelty: float  # 1 - 0.5 * overlap (direct/alumni); 1.0 for paths
    standing: float  # 0.7 if you owe them, else 1.0
    org: str | None  # the target person's current organization


@dataclass(frozen=True, slots=True)
class LeadsResult:
    target: str  # the query as typed
    leads: tuple[Lead, ...]
    label: str = ""  # what it matched: "ACME Corp.", "fintech"
    matched: str = "none"  # organization | industry | none
    ask: str = "advice"
    mu: float = 0.0  # the tie strength the fit curve peaks at
    digital: bool = False
    candidates: int = 0  # paths considered before the portfolio rule
    why: str = ""


@dataclass(frozen=True, slots=True)
class _Match:
    kind: str
    label: str
    org_keys: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    digital: bool = False


def fit(ts: float, mu: float, k: float) -> float:
    """Inverted U over tie strength: 1.0 at ts == mu, long right tail (spec c)."""
    x = max(ts, 1e-3) / mu
    return float(min(1.0, (x**k) * math.exp(k * (1 - x))))


def resolve_target(index: LeadIndex, query: str, params: JobParams) -> _Match:
    """Organization first (whole words, then typo-tolerant), else an industry, else none."""
    qkey = normalize_org(query)
    keys = index.org_keys_matching(qkey)
    if not keys and len(qkey) >= 4:
        hits = process.extract(
            qkey,
            index.org_keys,
            scorer=fuzz.ratio,
            score_cutoff=params.org_fuzzy_cutoff,
            limit=None,
        )
        keys = sorted(str(h[0]) for h in hits)
    if keys:
        counts = Counter({k: len(index.by_org[k]) for k in keys})
        label = index.org_name(min(keys, key=lambda k: (-counts[k], k)))
        industry = _main_industry(index, keys)
        digital = industry is not None and _is_digital(industry, params)
        return _Match("organization", label, tuple(keys), (), digital)
    industries = tuple(i for i in sorted(index.by_industry) if industry_matches(i, query))
    if industries:
        return _Match("industry", query.strip(), (), industries, _is_digital(query, params))
    return _Match("none", query.strip())


def _main_industry(index: LeadIndex, keys: list[str]) -> str | None:
    total: Counter[str] = Counter()
    for key in keys:
        total.update(index.org_industries.get(key, Counter()))
    return min(total.items(), key=lambda kv: (-kv[1], kv[0]))[0] if total else None


def _is_digital(industry: str, params: JobParams) -> bool:
    return any(industry_matches(industry, d) for d in params.digital_industries)


def _target(
    net: Network, match: _Match, role: str | None, now: date, params: JobParams
) -> JobTarget:
    if role is not None:
        families = frozenset(f for f in [role_family(role)] if f)
    else:
        roles = [r for g in active_job_goals(net, now) for r in g.roles]
        families = frozenset(f for f in map(role_family, roles) if f)
    keywords = frozenset(w for w in words(match.label) if len(w) >= 3) | families
    return JobTarget(
        label=match.label,
        org_keys=match.org_keys,
        families=families,
        industries=match.industries,
        keywords=keywords,
        seniority=my_seniority(net, now, params),
    )


@dataclass(frozen=True, slots=True)
class _Query:
    index: LeadIndex
    target: JobTarget
    match: _Match
    now: date
    params: JobParams
    ties: Mapping[int, TieStrength]
    reciprocity: Mapping[int, Reciprocity]
    mu: float
    view: TieView  # the user's real ties (TS >= user_neighbour_min_ts), overlaps, introducers


def find_lead_paths(
    net: Network,
    target: str,
    now: date,
    params: JobParams,
    ties: Mapping[int, TieStrength],
    reciprocity: Mapping[int, Reciprocity],
    role: str | None = None,
    ask: str = "advice",
    index: LeadIndex | None = None,
) -> LeadsResult:
    """Spec (c): ranked ways into ``target`` (an organization, else an industry)."""
    if ask not in ("advice", "referral"):
        raise ValueError(f"ask must be 'advice' or 'referral', not {ask!r}")
    idx = index or LeadIndex.for_network(net)
    match = resolve_target(idx, target, params)
    if match.kind == "none":
        why = (
            f"No one in your network works at or in '{target}'. Add people you know "
            "there, or try the organization's full name or an industry."
        )
        return LeadsResult(target, (), match.label, "none", ask, why=why)
    mu = params.mu[f"{ask}/{'digital' if match.digital else 'other'}"]
    job = _target(net, match, role, now, params)
    view = idx.tie_view(ties, now, params)
    q = _Query(idx, job, match, now, params, ties, reciprocity, mu, view)
    candidates = _candidates(q)
    leads = tuple(_select(q, candidates))
    why = _summary(list(leads), match, ask, mu)
    return LeadsResult(
        target, leads, match.label, match.kind, ask, mu, match.digital, len(candidates), why
    )


def _tie(q: _Query, pid: int) -> tuple[float, str]:
    t = q.ties.get(pid)
    return (t.score, t.band) if t is not None else (0.0, "nominal")


def _target_people(q: _Query) -> list[int]:
    idx = q.index
    if q.match.kind == "organization":
        ids = {pid for key in q.match.org_keys for pid in idx.by_org[key]}
    else:
        ids = {pid for ind in q.match.industries for pid in idx.by_industry[ind]}
    return sorted(pid for pid in ids if eligible(idx.people[pid]))


class _Cand(NamedTuple):
    """A scored path before the portfolio rule (the explanation is written only if chosen)."""

    score: float
    kind: str
    pid: int
    name: str
    via_id: int | None
    via: str | None
    ts: float  # tie strength of the person you would contact
    band: str
    rel: Relevance
    fit: float
    novelty: float
    standing: float
    link: str | None = None

    @property
    def order(self) -> tuple[float, str, int, str, int]:
        return (-self.score, self.name, self.pid, self.via or "", self.via_id or 0)


def _candidates(q: _Query) -> list[_Cand]:
    out: list[_Cand] = []
    memo = q.index.relevances(q.now, q.target, q.params)
    for pid in _target_people(q):
        rel = memo.get(pid) or q.index.relevance(memo, pid, q.target, q.now, q.params)
        if rel.score <= 0:
            continue
        out.append(_direct(q, pid, rel))
        if _barely_known(q, pid):
            out.extend(_paths(q, pid, rel))
    out.sort(key=lambda c: c.order)
    return out


def _barely_known(q: _Query, pid: int) -> bool:
    """Never really contacted, or a tie below the weak band: worth an introduction."""
    t = q.ties.get(pid)
    return t is None or t.last_meaningful is None or t.score < q.params.second_degree_max_ts


def _direct(q: _Query, pid: int, rel: Relevance) -> _Cand:
    ts, band = _tie(q, pid)
    f = fit(ts, q.mu, q.params.fit_k)
    nov = 1 - q.params.novelty_overlap_weight * q.view.overlap(pid)
    standing = _standing(q, pid)
    kind = "alumni" if rel.basis == "alumni" else "direct"
    score = round(rel.score * f * nov * standing, 4)
    name = q.index.people[pid].name
    return _Cand(score, kind, pid, name, None, None, ts, band, rel, f, nov, standing)


def _standing(q: _Query, pid: int) -> float:
    rec = q.reciprocity.get(pid)
    return q.params.owes_standing if rec is not None and "owes" in rec.flags else 1.0


def _current_org(q: _Query, pid: int) -> str | None:
    current = q.index.profile(pid, q.now).current
    return min((p.org for p in current), default=None)


def _paths(q: _Query, pid: int, rel: Relevance) -> list[_Cand]:
    """The best few introductions to ``pid`` (enough for the per-intermediary cap).

    Introducers come strongest first (``TieView.introducers``), so the walk stops once
    ``cap`` routes are found and the next one scores clearly less (by more than the 4-digit
    rounding of scores): it could no longer enter the top ``cap``.
    """
    hop, cap = q.params.hop_penalty * rel.score, q.params.portfolio_max_per_intermediary + 1
    scored: list[tuple[float, int, str]] = []
    floor = -1.0
    for neg, via_id, kind, v, w in q.view.introducers(pid):
        if len(scored) >= cap and hop * -neg < floor:
            break
        score = round(hop * v * w, 4)
        if score > 0 and not _redundant(q, via_id, kind):
            scored.append((-score, via_id, kind))
            if len(scored) == cap:
                floor = hop * -neg - _ROUNDING_MARGIN
    name = q.index.people[pid].name
    out: list[_Cand] = []
    for neg, via_id, kind in heapq.nsmallest(cap, scored):
        ts, band = _tie(q, via_id)
        via = q.index.people[via_id].name
        out.append(
            _Cand(
                -neg,
                "second_degree",
                pid,
                name,
                via_id,
                via,
                ts,
                band,
                rel,
                math.sqrt(ts),
                1.0,
                1.0,
                kind,
            )
        )
    return out


_ROUNDING_MARGIN = 2e-4  # two units of the 4th decimal: a score this much lower never ties


def _redundant(q: _Query, via_id: int, kind: str) -> bool:
    """An insider's *inferred* co-tenure with another insider adds no route: ask them directly."""
    if kind != "colleague_inferred" or not q.match.org_keys:
        return False
    current = q.index.profile(via_id, q.now).current
    return any(org_key_matches(k, p.org_key) for p in current for k in q.match.org_keys)


def _to_lead(q: _Query, c: _Cand) -> Lead:
    if c.via is None:
        why = _direct_why(q, c.name, c.ts, c.band, c.rel, c.novelty, c.standing)
    else:
        why = _path_why(q, c.via, c.name, c.ts, c.band, c.link or "knows", c.rel)
    return Lead(
        c.kind,
        c.pid,
        c.name,
        c.via_id,
        c.via,
        c.score,
        why,
        c.rel.score,
        c.ts,
        c.band,
        round(c.fit, 4),
        round(c.novelty, 4),
        c.standing,
        _current_org(q, c.pid),
    )


# ---- portfolio rule --------------------------------------------------------------------


def _select(q: _Query, candidates: list[_Cand]) -> list[Lead]:
    """Top N with caps (per org, per intermediary) and a strong/weak mix when available."""
    params = q.params
    chosen: list[_Cand] = []
    caps = _Caps(q)
    quotas = (
        ({"strong"}, params.portfolio_min_strong),
        ({"weak", "medium"}, params.portfolio_min_weak_medium),
    )
    for bands, quota in quotas:
        picked = 0
        for c in candidates:
            if picked >= quota or len(chosen) >= params.portfolio_size:
                break
            if c.band in bands and caps.take(c):
                chosen.append(c)
                picked += 1
    for c in candidates:
        if len(chosen) >= params.portfolio_size:
            break
        if caps.take(c):
            chosen.append(c)
    chosen.sort(key=lambda c: c.order)
    return [_to_lead(q, c) for c in chosen]


class _Caps:
    """At most one lead per person, N per current organization, M per intermediary."""

    def __init__(self, q: _Query) -> None:
        self.q = q
        self.people: set[int] = set()
        self.orgs: Counter[str] = Counter()
        self.vias: Counter[int] = Counter()

    def _org(self, pid: int) -> str | None:
        keys = sorted(p.org_key for p in self.q.index.profile(pid, self.q.now).current)
        exempt = self.q.match.org_keys  # the target organization is never capped
        capped = [k for k in keys if not any(org_key_matches(e, k) for e in exempt)]
        return capped[0] if capped and len(capped) == len(keys) else None

    def take(self, c: _Cand) -> bool:
        p = self.q.params
        if c.pid in self.people:
            return False
        org = self._org(c.pid)
        if org is not None and self.orgs[org] >= p.portfolio_max_per_org:
            return False
        if c.via_id is not None and self.vias[c.via_id] >= p.portfolio_max_per_intermediary:
            return False
        self.people.add(c.pid)
        if org is not None:
            self.orgs[org] += 1
        if c.via_id is not None:
            self.vias[c.via_id] += 1
        return True


# ---- explanations ----------------------------------------------------------------------


def _fit_clause(q: _Query, ts: float) -> str:
    x = ts / q.mu
    if ts < q.params.second_degree_max_ts:
        return "you have barely been in touch, so warm up before asking"
    if x < 0.7:
        return "a light tie: less likely to go out of their way, but news you don't have"
    if x <= 1.4:
        return "close enough for a real conversation, yet outside your usual circles"
    return "a close tie: very willing to help, though you likely hear the same news"


def _direct_why(
    q: _Query, name: str, ts: float, band: str, rel: Relevance, nov: float, standing: float
) -> str:
    text = f"Ask {name} ({band} tie {ts:.2f}): {rel.why}; {_fit_clause(q, ts)}"
    if nov < 0.85:
        text += "; shares many of your contacts"
    if standing < 1.0:
        text += "; they have helped you before without a return, so give first"
    return text + "."


_LINK_PHRASE = {
    "introduced": "knows {p} through an introduction",
    "knows_well": "knows {p} well",
    "knows": "knows {p}",
    "colleague": "has worked with {p}",
    "colleague_inferred": "likely worked with {p} (overlapping tenure)",
    "family": "is family of {p}",
}


def _path_why(
    q: _Query, via: str, person: str, ts: float, band: str, kind: str, rel: Relevance
) -> str:
    link = _LINK_PHRASE.get(kind, "knows {p}").format(p=person)
    if ts < q.params.warm_up_below:
        return (
            f"Warm up {via} first ({band} tie {ts:.2f}), then ask for an introduction to "
            f"{person}, who {rel.why}: {via} {link}."
        )
    return (
        f"Ask {via} ({band} tie {ts:.2f}) to introduce you to {person}, who {rel.why}: "
        f"{via} {link}."
    )


def _summary(leads: list[Lead], match: _Match, ask: str, mu: float) -> str:
    counts = Counter(lead.kind for lead in leads)
    kind = "a digital" if match.digital else "a less digital"
    article = "an" if ask == "advice" else "a"
    head = (
        f"{len(leads)} ways into {match.label} for {article} {ask} ask; in {kind} industry "
        f"the best ties are around {mu:.2f} strength"
    )
    if not leads:
        return head + ", but no one eligible was found."
    parts = [
        f"{counts[k]} {k.replace('_', '-')}"
        for k in ("direct", "alumni", "second_degree")
        if counts[k]
    ]
    return head + ": " + ", ".join(parts) + "."
