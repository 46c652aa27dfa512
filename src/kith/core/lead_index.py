"""Lookup tables for job-lead queries, built once per ``Network`` and cached by identity.

``LeadIndex`` maps organization keys, organization words and industries to people, and holds
the who-knows-whom adjacency (links plus "introduced by"), so a lead query touches only the
people at the target and their neighbours instead of scanning 30,000 people and 300,000 links.
Profiles (current positions, role family, seniority) are cached per as-of date.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import Counter
from collections.abc import Hashable, Mapping
from datetime import date
from itertools import chain

from kith.core.orgs import org_key_matches
from kith.core.params.jobs import JobParams
from kith.core.relevance import (
    JobTarget,
    Profile,
    Relevance,
    industry_matches,
    profile_of,
    relevance_of_profile,
    relevance_params_key,
    words,
)
from kith.core.types import LinkFact, Network, PersonFact, TieStrength
from kith.gcpause import paused_gc

LinkEvidence = tuple[tuple[str, date | None], ...]  # (kind, since) of each link of a pair


class LeadIndex:
    """Lookup tables for lead queries, built once per network (see module docstring)."""

    def __init__(self, net: Network) -> None:
        self.people: Mapping[int, PersonFact] = net.people
        self.me_id = net.me.id
        self.by_org: dict[str, list[int]] = {}
        self.org_names: dict[str, Counter[str]] = {}
        self.org_industries: dict[str, Counter[str]] = {}
        self.by_industry: dict[str, list[int]] = {}
        self.adjacency: dict[int, dict[int, LinkEvidence]] = {}
        self._profiles: tuple[date, dict[int, Profile]] = (date.min, {})
        self._neighbours: tuple[date, int, dict[int, dict[int, str]]] = (date.min, 0, {})
        self._relevance: dict[tuple[date, Hashable], dict[int, tuple[float, str]]] = {}
        self._possible: dict[JobTarget, frozenset[int] | None] = {}
        self._relevances: dict[tuple[date, JobTarget, Hashable], dict[int, Relevance]] = {}
        self._views: list[TieView] = []
        self.by_tag_word: dict[str, list[int]] = {}
        self._index_positions(net)
        self._index_links(net)
        self.org_words: dict[str, list[str]] = {}
        for key in sorted(self.by_org):
            for word in set(key.split()):
                self.org_words.setdefault(word, []).append(key)
        self.org_keys = sorted(self.by_org)

    @classmethod
    def for_network(cls, net: Network) -> LeadIndex:
        """The cached index of this network object (built on first use)."""
        with _CACHE_LOCK:
            hit = _CACHE.get(id(net))
            if hit is not None and hit[0]() is net:
                return hit[1]
        with paused_gc():  # 600,000 links become dict entries: see paused_gc
            index = cls(net)
        with _CACHE_LOCK:
            if len(_CACHE) >= 4:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[id(net)] = (weakref.ref(net), index)
        return index

    def _index_positions(self, net: Network) -> None:
        for pid in sorted(net.people):
            person = net.people[pid]
            for key in sorted({p.org_key for p in person.positions if p.org_key}):
                self.by_org.setdefault(key, []).append(pid)
            for pos in person.positions:
                self.org_names.setdefault(pos.org_key, Counter())[pos.org] += 1
                if pos.industry:
                    counts = self.org_industries.setdefault(pos.org_key, Counter())
                    counts[pos.industry.lower()] += 1
            for industry in sorted({p.industry.lower() for p in person.positions if p.industry}):
                self.by_industry.setdefault(industry, []).append(pid)
            tags = {t.lower() for t in person.tags}
            for word in sorted(tags | {w for t in tags for w in words(t)}):
                self.by_tag_word.setdefault(word, []).append(pid)

    def _index_links(self, net: Network) -> None:
        """Links plus "introduced by", both ways, each pair's evidence in link order (one
        pass over 665,000 links at 30,000 people: kept free of per-link allocations)."""
        intros = [
            LinkFact(p.introduced_by, p.id, "introduced", p.met_on)
            for p in net.people.values()
            if p.introduced_by is not None
        ]
        people, me, adjacency = net.people, self.me_id, self.adjacency
        for link in chain(net.links, intros):
            a, b = link.a, link.b
            if a in (b, me) or b == me or a not in people or b not in people:
                continue
            evidence = (link.kind, link.since)
            for x, y in ((a, b), (b, a)):
                row = adjacency.get(x)
                if row is None:
                    row = adjacency[x] = {}
                known = row.get(y)
                row[y] = (evidence,) if known is None else (*known, evidence)

    def profile(self, pid: int, now: date) -> Profile:
        as_of, cache = self._profiles
        if as_of != now:
            cache = {}
            self._profiles = (now, cache)
        prof = cache.get(pid)
        if prof is None:
            prof = cache[pid] = profile_of(self.people[pid], now)
        return prof

    def neighbours(self, pid: int, now: date, weights: Mapping[str, float]) -> dict[int, str]:
        """pid's known contacts on ``now``, each with the strongest link kind between them.

        Cached per (date, weights) so repeated queries do not re-filter link dates.
        """
        as_of, wid, cache = self._neighbours
        if as_of != now or wid != id(weights):
            cache = {}
            self._neighbours = (now, id(weights), cache)
        hit = cache.get(pid)
        if hit is not None:
            return hit
        out: dict[int, str] = {}
        for other, evidence in self.adjacency.get(pid, {}).items():
            if len(evidence) == 1:
                kind, since = evidence[0]
                if since is None or since <= now:
                    out[other] = kind
                continue
            kinds = [k for k, since in evidence if since is None or since <= now]
            if kinds:
                out[other] = max(kinds, key=lambda k: (weights.get(k, 0.0), k))
        cache[pid] = out
        return out

    def relevance_memo(self, now: date, key: Hashable) -> dict[int, tuple[float, str]]:
        """A per-(date, targets) memo of (relevance, reason), reused by warm queries."""
        memo = self._relevance.get((now, key))
        if memo is None:
            if len(self._relevance) >= 8:
                self._relevance.clear()
            memo = self._relevance[(now, key)] = {}
        return memo

    def relevances(self, now: date, target: JobTarget, params: JobParams) -> dict[int, Relevance]:
        """A per-(date, target, relevance constants) memo of Relevance, filled by ``relevance``."""
        key = (now, target, relevance_params_key(params))
        memo = self._relevances.get(key)
        if memo is None:
            if len(self._relevances) >= 8:
                self._relevances.clear()
            memo = self._relevances[key] = {}
        return memo

    def relevance(
        self, memo: dict[int, Relevance], pid: int, target: JobTarget, now: date, params: JobParams
    ) -> Relevance:
        """``relevance_of_profile`` through ``memo`` (from ``relevances``)."""
        found = memo.get(pid)
        if found is None:
            prof = self.profile(pid, now)
            found = memo[pid] = relevance_of_profile(prof, pid, target, now, params)
        return found

    def tie_view(self, ties: Mapping[int, TieStrength], now: date, params: JobParams) -> TieView:
        """What lead queries derive from one tie-strength mapping, kept for the next query.

        Keyed by the mapping's identity (a reference is held, so the id is never reused):
        tie strengths are computed once per network and treated as read-only.
        """
        for view in self._views:
            if view.matches(ties, now, params):
                return view
        view = TieView(self, ties, now, params)
        self._views = [view, *self._views[:1]]
        return view

    def org_keys_matching(self, query_key: str) -> list[str]:
        """Organization keys containing the normalized query as whole words."""
        if not query_key:
            return []
        first = query_key.split()[0]
        return [k for k in self.org_words.get(first, []) if org_key_matches(query_key, k)]

    def possibly_relevant(self, target: JobTarget) -> frozenset[int] | None:
        """A superset of the people whose relevance to ``target`` can exceed 0.

        None when anyone could be relevant (a role family without an industry is not indexed).
        """
        if target.families and not target.industries:
            return None
        if target in self._possible:
            return self._possible[target]
        ids = set(target.domain_members)
        for query in target.org_keys:
            for key in self.org_keys_matching(query):
                ids.update(self.by_org[key])
        for name, people in self.by_industry.items():
            if any(industry_matches(name, t) for t in target.industries):
                ids.update(people)
        for word in target.keywords:
            ids.update(self.by_tag_word.get(word, ()))
        found = self._possible[target] = frozenset(ids)
        return found

    def org_name(self, key: str) -> str:
        names = self.org_names.get(key)
        return min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0] if names else key


def eligible(person: PersonFact) -> bool:
    """Someone a lead may name: not do-not-contact, not ended on bad terms, not the user."""
    return not (person.do_not_contact or person.ended or person.is_me)


class TieView:
    """Per tie-strength mapping: the user's real ties, overlaps and introducer strengths.

    ``overlap`` and ``via`` fill in as queries touch people, so a warm query on the same
    network and ties reuses them instead of recomputing set intersections and square roots.
    """

    def __init__(
        self, index: LeadIndex, ties: Mapping[int, TieStrength], now: date, params: JobParams
    ) -> None:
        self.index, self.ties, self.now = index, ties, now
        self.weights = params.link_weights
        self.link_w = dict(params.link_weights)  # a plain dict: faster lookups than a proxy
        self.threshold = params.user_neighbour_min_ts
        self.mine = frozenset(
            p for p, t in ties.items() if t.score >= self.threshold and p in index.people
        )
        self._overlap: dict[int, float] = {}
        self.via: dict[int, float] = {}  # sqrt(TS) of an eligible introducer, else 0
        self._introducers: dict[int, list[Introducer]] = {}

    def matches(self, ties: Mapping[int, TieStrength], now: date, params: JobParams) -> bool:
        return (
            self.ties is ties
            and self.now == now
            and self.weights is params.link_weights
            and self.threshold == params.user_neighbour_min_ts
        )

    def overlap(self, pid: int) -> float:
        """Onnela overlap of the user-contact edge in the known-links graph."""
        found = self._overlap.get(pid)
        if found is None:
            nbrs = self.index.neighbours(pid, self.now, self.weights)
            common = len(self.mine.intersection(nbrs))
            k_c = len(nbrs) + 1  # the contact's links plus the edge to the user
            found = common / max(1, (len(self.mine) - 1) + (k_c - 1) - common)
            self._overlap[pid] = found
        return found

    def via_value(self, pid: int) -> float:
        """sqrt(TS) of ``pid`` as an introducer: 0 without a tie or when not eligible."""
        t = self.ties.get(pid)
        ok = t is not None and t.score > 0 and eligible(self.index.people[pid])
        found = self.via[pid] = math.sqrt(t.score) if ok and t is not None else 0.0
        return found

    def introducers(self, pid: int) -> list[Introducer]:
        """Who could introduce the user to ``pid``, best first (see ``Introducer``)."""
        found = self._introducers.get(pid)
        if found is None:
            found = []
            for via_id, kind in self.index.neighbours(pid, self.now, self.weights).items():
                v = self.via.get(via_id)
                v = self.via_value(via_id) if v is None else v
                w = self.link_w.get(kind, 0.0)
                if v * w > 0:
                    found.append((-(v * w), via_id, kind, v, w))
            found.sort()
            self._introducers[pid] = found
        return found


# (-(sqrt(TS) * link weight), introducer id, link kind, sqrt(TS), link weight)
Introducer = tuple[float, int, str, float, float]


_CACHE: dict[int, tuple[weakref.ref[Network], LeadIndex]] = {}
_CACHE_LOCK = threading.Lock()
