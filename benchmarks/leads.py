"""Job-lead queries and brokers at LinkedIn-maximum scale (30,000 people, ~300,000 links).

    python benchmarks/leads.py [--people 30000] [--links-per-person 10]

Everything runs on the network the product uses: the insight service first adds the
inferred colleague links (``kith.core.colleagues``) to the user-entered ones, then computes
tie strength, the lead index, lead queries and brokers on that network. Times, in one run:
the raw SQL load of the same columns (the baseline), loading the network, colleague
inference, tie strength and reciprocity, the lead index, lead queries (first and warm) for an
organization and an industry, and brokers (cold on a fresh network object, so nothing is
cached, and warm); brokers on the user-entered links alone are shown for comparison.
Targets: a leads query under 100 ms warm (organization and industry), brokers under 5 s cold.
"""

from __future__ import annotations

import argparse
import platform
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import TODAY, open_ctx, peak_rss_mb, raw_scan, scale_db, table, timed
from kith.core import brokers, leads, ties
from kith.core.colleagues import infer_colleague_links
from kith.core.lead_index import LeadIndex
from kith.core.params import DEFAULT_PARAMS
from kith.core.reciprocity import all_reciprocity
from kith.core.types import Network
from kith.services.snapshot import load_network

RAW = [
    "SELECT id, display_name, created_at, met_on, closeness, circle_pin, is_kin FROM people",
    "SELECT p.person_id, o.name, o.normalized, o.industry, p.title, p.started_on, p.ended_on "
    "FROM positions p JOIN organizations o ON o.id = p.organization_id",
    "SELECT person_a_id, person_b_id, kind, since_on FROM links",
    "SELECT id, occurred_at, channel, intent, initiator, outcome FROM interactions",
    "SELECT interaction_id, person_id FROM participants",
]
P = DEFAULT_PARAMS


def main() -> None:
    args = _args()
    path = scale_db(args.people, args.links_per_person, args.activity)
    ctx, close = open_ctx(path)
    baseline, rows = timed(
        "raw SQL scan of the same columns (baseline)", lambda: raw_scan(path, RAW), 3
    )
    load, net = timed(
        "load network (ORM-free selects into frozen dataclasses)", lambda: load_network(ctx)
    )
    close()
    t_col, inferred = timed(
        "infer colleague links", lambda: infer_colleague_links(net, TODAY, P.jobs), 3
    )
    product = replace(net, links=net.links + inferred)  # as the insight service does
    t_ties, tie_map = timed(
        "tie strength, everyone", lambda: ties.all_tie_strengths(product, TODAY, P.coach)
    )
    t_rec, rec = timed("reciprocity, everyone", lambda: all_reciprocity(product, TODAY, P.coach))
    t_idx, index = timed("lead index build", lambda: LeadIndex.for_network(product))

    def query(target: str) -> leads.LeadsResult:
        return leads.find_lead_paths(product, target, TODAY, P.jobs, tie_map, rec, index=index)

    t_org_cold, _ = timed("leads 'acme' (first query)", lambda: query("acme"))
    t_org, found = timed("leads 'acme' (warm)", lambda: query("acme"), 20)
    t_ind_cold, _ = timed("leads 'fintech' industry (first query)", lambda: query("fintech"))
    t_ind, in_fintech = timed("leads 'fintech' industry (warm)", lambda: query("fintech"), 20)

    def cold_brokers(of: Network) -> brokers.BrokersResult:
        fresh = replace(of)  # a new network object: no cached graph analysis
        return brokers.find_brokers(fresh, TODAY, P.jobs, tie_map)

    t_brk, result = timed(
        "brokers, cold (user-entered + inferred links)", lambda: cold_brokers(product), 3
    )
    t_brk_w, _ = timed(
        "brokers, warm (same network)",
        lambda: brokers.find_brokers(product, TODAY, P.jobs, tie_map),
        3,
    )
    t_brk_user, _ = timed(
        "brokers, cold, user-entered links only (comparison)", lambda: cold_brokers(net)
    )
    steps = [baseline, load, t_col, t_ties, t_rec, t_idx, t_org_cold, t_org, t_ind_cold, t_ind]
    _report(net, inferred, rows, found, in_fintech, result)
    print(table([*steps, t_brk, t_brk_w, t_brk_user], baseline))
    print(
        f"\nleads warm median: acme {t_org.median * 1000:.1f} ms, fintech "
        f"{t_ind.median * 1000:.1f} ms (target < 100 ms): "
        f"{'met' if max(t_org.median, t_ind.median) < 0.1 else 'MISSED'}; brokers cold best "
        f"{t_brk.best:.2f} s, median {t_brk.median:.2f} s (target < 5 s): "
        f"{'met' if t_brk.best < 5.0 else 'MISSED'}"
    )


def _report(
    net: Network,
    inferred: tuple[object, ...],
    rows: int,
    found: leads.LeadsResult,
    in_fintech: leads.LeadsResult,
    result: brokers.BrokersResult,
) -> None:
    print(
        f"# leads benchmark: {len(net.people)} people, {len(net.links)} links entered + "
        f"{len(inferred)} inferred colleague links, {len(net.interactions)} interactions; "
        f"{rows} raw rows"
    )
    print(
        f"python {platform.python_version()}, {platform.machine()}, peak RSS {peak_rss_mb():.0f} MB"
    )
    print(
        f"leads for acme: {len(found.leads)} of {found.candidates} candidates; for fintech: "
        f"{len(in_fintech.leads)} of {in_fintech.candidates}; brokers listed: "
        f"{len(result.brokers)} in {len(result.communities)} clusters\n"
    )


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--links-per-person", type=int, default=10)
    parser.add_argument("--activity", type=float, default=1.0)
    return parser.parse_args()


if __name__ == "__main__":
    main()
