"""Job-lead queries and brokers at LinkedIn-maximum scale (30,000 people, ~300,000 links).

    python benchmarks/leads.py [--people 30000] [--links-per-person 10]

Times, in one run: the raw SQL load of the same columns (the baseline), loading the network,
tie strength for everyone, the lead index, lead queries (cold and warm) for an organization
and an industry, and brokers (cold and warm). Targets: a leads query under 100 ms warm,
brokers under 5 s.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import TODAY, open_ctx, peak_rss_mb, raw_scan, scale_db, table, timed
from kith.core import brokers, leads, ties
from kith.core.colleagues import infer_colleague_links
from kith.core.lead_index import LeadIndex
from kith.core.params import DEFAULT_PARAMS
from kith.core.reciprocity import all_reciprocity
from kith.services.snapshot import load_network

RAW = [
    "SELECT id, display_name, created_at, met_on, closeness, circle_pin, is_kin FROM people",
    "SELECT p.person_id, o.name, o.normalized, o.industry, p.title, p.started_on, p.ended_on "
    "FROM positions p JOIN organizations o ON o.id = p.organization_id",
    "SELECT person_a_id, person_b_id, kind, since_on FROM links",
    "SELECT id, occurred_at, channel, intent, initiator, outcome FROM interactions",
    "SELECT interaction_id, person_id FROM participants",
]


def main() -> None:
    args = _args()
    path = scale_db(args.people, args.links_per_person, args.activity)
    ctx, close = open_ctx(path)
    p = DEFAULT_PARAMS
    baseline, rows = timed(
        "raw SQL scan of the same columns (baseline)", lambda: raw_scan(path, RAW), 3
    )
    load, net = timed(
        "load network (ORM-free selects into frozen dataclasses)", lambda: load_network(ctx)
    )
    t_ties, tie_map = timed(
        "tie strength, everyone", lambda: ties.all_tie_strengths(net, TODAY, p.coach)
    )
    t_rec, rec = timed("reciprocity, everyone", lambda: all_reciprocity(net, TODAY, p.coach))
    t_col, inferred = timed(
        "infer colleague links", lambda: infer_colleague_links(net, TODAY, p.jobs)
    )
    t_idx, index = timed("lead index build", lambda: LeadIndex.for_network(net))

    def org_query() -> object:
        return leads.find_lead_paths(net, "acme", TODAY, p.jobs, tie_map, rec, index=index)

    def industry_query() -> object:
        return leads.find_lead_paths(net, "fintech", TODAY, p.jobs, tie_map, rec, index=index)

    t_org_cold, _ = timed("leads 'acme' (first query)", org_query)
    t_org, found = timed("leads 'acme' (warm)", org_query, 20)
    t_ind, _ = timed("leads 'fintech' industry (warm)", industry_query, 5)
    t_brk, result = timed(
        "brokers (cold)", lambda: brokers.find_brokers(net, TODAY, p.jobs, tie_map)
    )
    t_brk_w, _ = timed(
        "brokers (warm, same network)", lambda: brokers.find_brokers(net, TODAY, p.jobs, tie_map), 3
    )
    close()
    print(
        f"# leads benchmark: {len(net.people)} people, {len(net.links)} links, "
        f"{len(net.interactions)} interactions; {rows} raw rows; "
        f"{len(inferred)} inferred colleague links"
    )
    print(
        f"python {platform.python_version()}, {platform.machine()}, peak RSS {peak_rss_mb():.0f} MB"
    )
    print(f"leads found for acme: {len(found.leads)}; brokers listed: {len(result.brokers)}\n")
    print(
        table(
            [baseline, load, t_ties, t_rec, t_col, t_idx, t_org_cold, t_org, t_ind, t_brk, t_brk_w],
            baseline,
        )
    )
    ok_leads = t_org.median < 0.1
    ok_brokers = t_brk.best < 5.0
    print(
        f"\nleads warm median {t_org.median * 1000:.1f} ms (target < 100 ms): "
        f"{'met' if ok_leads else 'MISSED'}; brokers cold {t_brk.best:.2f} s (target < 5 s): "
        f"{'met' if ok_brokers else 'MISSED'}"
    )


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--links-per-person", type=int, default=10)
    parser.add_argument("--activity", type=float, default=1.0)
    return parser.parse_args()


if __name__ == "__main__":
    main()
