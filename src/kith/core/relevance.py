"""Spec (c): how relevant a person is to a job-search target (an org, role family, industry).

A ``JobTarget`` is built from an active job-search goal, or, when there is none, from the
user's own field (``Network.my_field`` plus the user's current positions); every
``Relevance`` then says so (``used_own_field``). Role families and seniority come from small
keyword tables over job titles: simple, explainable, and easy to extend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kith.core.orgs import normalize_org, org_key_matches
from kith.core.params.jobs import JobParams
from kith.core.types import GoalFact, Network, PersonFact, PositionFact

# role family -> title phrases; the longest phrase found in a title wins, so
# "product marketing manager" is marketing and "data engineer" is data.
# fmt: off
ROLE_PHRASES: dict[str, tuple[str, ...]] = {
    "engineering": ("engineering manager", "software", "engineer", "engineering", "developer",
                    "programmer", "devops", "sre", "architect", "swe"),
    "product": ("product manager", "product owner", "product lead", "product"),
    "design": ("product designer", "designer", "design", "ux", "ui"),
    "data": ("data scientist", "data engineer", "data analyst", "machine learning",
             "analytics", "data", "ml"),
    "operations": ("project manager", "program manager", "operations"),
    "sales": ("account executive", "account manager", "business development", "sales"),
    "support": ("customer success", "support"),
    "people": ("human resources", "recruiter", "talent", "people", "hr"),
    "marketing": ("marketing", "growth", "communications"),
    "finance": ("accountant", "controller", "finance", "financial"),
    "legal": ("counsel", "lawyer", "attorney", "legal"),
    "research": ("researcher", "scientist", "research"),
    "consulting": ("consultant", "consulting"),
    "education": ("teacher", "professor", "lecturer", "education"),
    "healthcare": ("nurse", "physician", "doctor", "healthcare"),
}
# title word -> level: intern < junior < (none) < senior < lead/principal < manager
# < director < vp < chief
SENIORITY: dict[str, int] = {
    "intern": 0, "internship": 0, "trainee": 0, "apprentice": 0, "junior": 1, "jr": 1,
    "graduate": 1, "entry": 1, "senior": 3, "sr": 3, "lead": 4, "principal": 4, "staff": 4,
    "manager": 5, "head": 6, "director": 6, "partner": 6, "vp": 7, "svp": 7, "evp": 7,
    "chief": 8, "ceo": 8, "cto": 8, "cfo": 8, "coo": 8, "cmo": 8, "cio": 8, "cpo": 8,
    "president": 8, "founder": 8, "cofounder": 8, "owner": 8,
}
# fmt: on
SENIORITY_NAMES = (
    "intern",
    "junior",
    "mid-level",
    "senior",
    "lead",
    "manager",
    "director",
    "vp",
    "chief",
)
NO_SENIORITY = 2
# "manager" in these titles names a craft, not a management level
_CRAFT_MANAGERS = ("product manager", "project manager", "program manager", "account manager")
_STOPWORDS = frozenset({"and", "the", "of", "for", "in", "at", "to", "a", "an", "or", "with"})


@dataclass(frozen=True, slots=True)
class JobTarget:
    """What "relevant" means: from a job-search goal, or from the user's own field."""

    label: str  # "Acme", "fintech", "your own field (fintech, engineering)"
    org_keys: tuple[str, ...] = ()  # normalized organization queries
    families: frozenset[str] = frozenset()  # role families wanted
    industries: tuple[str, ...] = ()  # lowercase industry names wanted
    keywords: frozenset[str] = frozenset()  # words for the interest-tag rule
    seniority: int = 3  # target level on the 0..8 scale
    domain_members: frozenset[int] = frozenset()  # contacts in groups about this domain
    own_field: bool = False  # True: no job search is active; this is the user's own field
    goal_id: int | None = None

    @property
    def empty(self) -> bool:
        """Nothing to match against: every relevance is 0."""
        return not (
            self.org_keys
            or self.families
            or self.industries
            or self.keywords
            or self.domain_members
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """What relevance needs to know about a person on one date."""

    current: tuple[PositionFact, ...]
    past: tuple[PositionFact, ...]  # ended on or before the date
    families: frozenset[str]
    industries: tuple[str, ...]
    seniority: int
    tags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Relevance:
    score: float  # [0, 1]
    basis: str  # insider | alumni | industry_role | industry | role | interests | none
    why: str  # the clause, plus a note when judged against the user's own field
    used_own_field: bool
    clause: str = ""  # the reason alone ("works at Acme now as Engineer")


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """Lowercase words of a text, without stop words (cached: titles and industries repeat)."""
    return tuple(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS)


@lru_cache(maxsize=65536)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(words(text))


@lru_cache(maxsize=65536)
@lru_cache(maxsize=65536)
def role_family(title: str) -> str | None:
    """The role family a job title belongs to ("Senior Software Engineer" -> engineering).

    Remembered per title, like ``title_seniority``: titles repeat, and every position of
    30,000 people asks (colleague inference, profiles)."""
    padded = " " + " ".join(re.findall(r"[a-z0-9]+", title.lower())) + " "
    found = [
        (len(phrase), family)
        for family, phrases in ROLE_PHRASES.items()
        for phrase in phrases
        if " " + phrase + " " in padded
    ]
    return max(found)[1] if found else None


@lru_cache(maxsize=65536)
def title_seniority(title: str) -> int | None:
    """The seniority a title states (0..8), or None when it names no level."""
    text = " ".join(re.findall(r"[a-z0-9]+", title.lower().replace("co-founder", "cofounder")))
    text = text.replace("vice president", "vp")
    for phrase in _CRAFT_MANAGERS:
        text = text.replace(phrase, "")
    levels = [SENIORITY[w] for w in text.split() if w in SENIORITY]
    return max(levels) if levels else None


def seniority(title: str | None) -> int:
    level = title_seniority(title) if title else None
    return NO_SENIORITY if level is None else level


def industry_matches(a: str, b: str) -> bool:
    """Industries match when one's words contain the other's ("software" ~ "computer software")."""
    wa, wb = _word_set(a), _word_set(b)
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def is_current(pos: PositionFact, now: date) -> bool:
    started = pos.started_on is None or pos.started_on <= now
    return started and (pos.ended_on is None or pos.ended_on > now)


def profile_of(person: PersonFact, now: date) -> Profile:
    current = tuple(p for p in person.positions if is_current(p, now))
    past = tuple(p for p in person.positions if p.ended_on is not None and p.ended_on <= now)
    basis = current or _latest(past)
    titles = [p.title for p in basis if p.title]
    families = frozenset(f for f in (role_family(t) for t in titles) if f)
    industries = tuple(sorted({p.industry.lower() for p in basis if p.industry}))
    level = max((seniority(t) for t in titles), default=NO_SENIORITY)
    tags = frozenset(t.lower() for t in person.tags)
    return Profile(current, past, families, industries, level, tags)


def _latest(past: tuple[PositionFact, ...]) -> tuple[PositionFact, ...]:
    # between jobs, people keep the field of their most recent job
    if not past:
        return ()
    return (max(past, key=lambda p: (p.ended_on or date.min, p.org_key)),)


def relevance_params_key(params: JobParams) -> tuple[float | int, ...]:
    """The constants relevance depends on (a hashable key for memoising results)."""
    return (
        params.rel_insider_same_role,
        params.rel_insider_other_role,
        params.rel_alumni_recent,
        params.rel_alumni_old,
        params.alumni_recent_years,
        params.rel_industry_and_role,
        params.rel_industry,
        params.rel_interests,
        params.interest_min_shared,
        params.seniority_boost,
        params.default_target_seniority,
    )


def relevance(person: PersonFact, target: JobTarget, now: date, params: JobParams) -> Relevance:
    """Spec (c): relevance of a person to a target, with a one-sentence reason."""
    return relevance_of_profile(profile_of(person, now), person.id, target, now, params)


def relevance_of_profile(
    prof: Profile, person_id: int, target: JobTarget, now: date, params: JobParams
) -> Relevance:
    score, basis, clause = _base(prof, person_id, target, now, params)
    if score > 0 and prof.seniority >= target.seniority:
        score = min(1.0, score * params.seniority_boost)
        clause += f", and is {SENIORITY_NAMES[prof.seniority]}-level"
    why = clause
    if target.own_field:
        why += f"; judged against {target.label}, since no job search is active"
    return Relevance(round(score, 4), basis, why, target.own_field, clause)


def _base(
    prof: Profile, person_id: int, target: JobTarget, now: date, params: JobParams
) -> tuple[float, str, str]:
    if target.org_keys:
        insider = [p for p in prof.current if _at_target(p, target)]
        if insider:
            return _insider(insider[0], prof, target, params)
        alumni = [p for p in prof.past if _at_target(p, target)]
        if alumni:
            return _alumni(alumni, now, params)
    return _field(prof, person_id, target, params)


def _at_target(pos: PositionFact, target: JobTarget) -> bool:
    return any(org_key_matches(q, pos.org_key) for q in target.org_keys)


def _insider(
    pos: PositionFact, prof: Profile, target: JobTarget, params: JobParams
) -> tuple[float, str, str]:
    same_role = not target.families or bool(prof.families & target.families)
    score = params.rel_insider_same_role if same_role else params.rel_insider_other_role
    clause = f"works at {pos.org} now" + (f" as {pos.title}" if pos.title else "")
    if target.families and same_role:
        clause += " (your target role)"
    return score, "insider", clause


def _alumni(alumni: list[PositionFact], now: date, params: JobParams) -> tuple[float, str, str]:
    last = max(alumni, key=lambda p: p.ended_on or date.min)
    ended = last.ended_on or now
    years = (now - ended).days / 365.25
    recent = years <= params.alumni_recent_years
    score = params.rel_alumni_recent if recent else params.rel_alumni_old
    return score, "alumni", f"worked at {last.org} until {ended.year}"


def _field(
    prof: Profile, person_id: int, target: JobTarget, params: JobParams
) -> tuple[float, str, str]:
    families = sorted(prof.families & target.families)
    industry = next(
        (i for i in prof.industries for t in target.industries if industry_matches(i, t)), None
    )
    if industry and families:
        return params.rel_industry_and_role, "industry_role", f"works in {industry} ({families[0]})"
    if industry:
        return params.rel_industry, "industry", f"works in {industry}"
    if families and not target.industries:
        return params.rel_industry, "role", f"works in {families[0]}"
    shared = sorted(t for t in prof.tags if t in target.keywords or _word_set(t) & target.keywords)
    if len(shared) >= params.interest_min_shared:
        return params.rel_interests, "interests", "shares interests: " + ", ".join(shared[:3])
    if person_id in target.domain_members:
        return params.rel_interests, "interests", f"is in a group about {target.label}"
    return 0.0, "none", f"no known link to {target.label}"


# ---- building targets -----------------------------------------------------------------


def active_job_goals(net: Network, now: date) -> tuple[GoalFact, ...]:
    return tuple(
        g
        for g in net.goals
        if g.kind == "job_search"
        and (g.started_on is None or g.started_on <= now)
        and (g.landed_on is None or g.landed_on > now)
    )


def job_targets(net: Network, now: date, params: JobParams) -> tuple[JobTarget, ...]:
    """One target per active job-search goal, or the user's own field when there is none."""
    goals = active_job_goals(net, now)
    if goals:
        return tuple(goal_target(net, g, now, params) for g in goals)
    return (own_field_target(net, now, params),)


def goal_target(net: Network, goal: GoalFact, now: date, params: JobParams) -> JobTarget:
    families = frozenset(f for f in (role_family(r) for r in goal.roles) if f)
    industries = tuple(sorted({i.lower() for i in goal.industries}))
    stated = [s for s in (title_seniority(r) for r in goal.roles) if s is not None]
    level = max(stated) if stated else my_seniority(net, now, params)
    label = ", ".join([*goal.orgs, *goal.roles, *goal.industries]) or "your job search"
    keywords = _keywords([*goal.roles, *goal.industries, *goal.orgs], families)
    return JobTarget(
        label=label,
        org_keys=tuple(k for k in (normalize_org(o) for o in goal.orgs) if k),
        families=families,
        industries=industries,
        keywords=keywords,
        seniority=level,
        domain_members=_domain_members(net, keywords),
        goal_id=goal.id,
    )


def own_field_target(net: Network, now: date, params: JobParams) -> JobTarget:
    """The user's field: ``my_field`` entries plus the user's own current positions."""
    mine = profile_of(net.me, now)
    entries = sorted(e.lower() for e in net.my_field)
    families = frozenset(f for f in map(role_family, entries) if f) | mine.families
    industries = tuple(sorted({e for e in entries if not role_family(e)} | set(mine.industries)))
    shown = sorted(set(industries) | families)
    label = "your own field (" + (", ".join(shown) if shown else "not set") + ")"
    keywords = _keywords([*entries, *industries], families)
    return JobTarget(
        label=label,
        families=families,
        industries=industries,
        keywords=keywords,
        seniority=my_seniority(net, now, params),
        domain_members=_domain_members(net, keywords),
        own_field=True,
    )


def my_seniority(net: Network, now: date, params: JobParams) -> int:
    """The user's own level from current titles, else the default target level."""
    titles = [p.title for p in net.me.positions if p.title and is_current(p, now)]
    stated = [s for s in (title_seniority(t) for t in titles) if s is not None]
    return max(stated) if stated else params.default_target_seniority


def _keywords(texts: list[str], families: frozenset[str]) -> frozenset[str]:
    out = set(families)
    for text in texts:
        out.add(text.lower())
        out.update(w for w in words(text) if len(w) >= 3 and w not in SENIORITY)
    return frozenset(out)


def _domain_members(net: Network, keywords: frozenset[str]) -> frozenset[int]:
    members: set[int] = set()
    for group in net.groups:
        interests = {i.lower() for i in group.interests}
        if interests & keywords:
            members |= group.members
    return frozenset(members)
