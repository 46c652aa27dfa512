"""Lookup tables for job-lead queries, built once per ``Network`` and cached by identity.

``LeadIndex`` maps organization keys, organization words and industries to people, and holds
the who-knows-whom adjacency (links plus "introduced by"), so a lead query touches only the
people at the target and their neighbours instead of scanning 30,000 people and 300,000 links.
Profiles (current positions, role family, seniority) are cached per as-of date.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Hashable, Mapping
from datetime import date

from kith.core.orgs import org_key_matches
from kith.core.relevance import JobTarget, Profile, industry_matches, profile_of, words
from kith.core.types import Network, PersonFact

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
        pairs: list[tuple[int, int, str, date | None]] = [
            (link.a, link.b, link.kind, link.since) for link in net.links
        ]
        pairs += [
            (p.introduced_by, p.id, "introduced", p.met_on)
            for p in net.people.values()
            if p.introduced_by is not None
        ]
        for a, b, kind, since in pairs:
            if a == b or self.me_id in (a, b) or a not in net.people or b not in net.people:
                continue
            for x, y in ((a, b), (b, a)):
                row = self.adjacency.setdefault(x, {})
                row[y] = (*row.get(y, ()), (kind, since))

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


_CACHE: dict[int, tuple[weakref.ref[Network], LeadIndex]] = {}
_CACHE_LOCK = threading.Lock()
