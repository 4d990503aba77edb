"""Relevance benchmark for `itfind search`: hit@3 and MRR by kind of query, against a
plain case-insensitive substring search over the same catalogue.

    python bench/relevance.py                 # print the results
    python bench/relevance.py --write docs/relevance.md
    python bench/relevance.py --misses        # list the queries that miss the top 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itfind import catalogue  # noqa: E402
from itfind.search import Index  # noqa: E402


def substring_baseline(schemes, query: str) -> list[str]:
    """What a listing page's search box does: a case-insensitive substring match."""
    q = query.lower()
    hits = []
    for s in schemes:
        text = " ".join(
            str(x)
            for x in (s.id, s.acronym, s.name, s.name_zh, s.summary, *s.aliases, *s.keywords)
            if x
        ).lower()
        if q in text:
            hits.append(s.id)
    return hits


def score(ranked: list[str], expect: list[str]) -> tuple[bool, float]:
    for rank, scheme_id in enumerate(ranked, 1):
        if scheme_id in expect:
            return rank <= 3, 1.0 / rank
    return False, 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=Path)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    queries = yaml.safe_load((ROOT / "bench" / "queries.yaml").read_text())["queries"]
    schemes = catalogue.load([catalogue.packaged_catalogue()]).schemes
    index = Index(schemes)
    stats = defaultdict(lambda: defaultdict(list))
    misses = []
    started = time.perf_counter()
    for item in queries:
        ranked = [h.scheme.id for h in index.rank(item["q"])]
        base = substring_baseline(schemes, item["q"])
        for name, result in (("itfind", ranked), ("substring", base)):
            hit, rr = score(result, item["expect"])
            for kind in (item["kind"], "all"):
                stats[kind][name].append((hit, rr))
        if not score(ranked, item["expect"])[0]:
            misses.append((item["kind"], item["q"], item["expect"], ranked[:3]))
    per_query_ms = 1000 * (time.perf_counter() - started) / len(queries)

    kinds = ["acronym", "name", "chinese", "simplified", "former", "typo", "need", "all"]
    lines = [
        "| kind | queries | itfind hit@3 | itfind MRR | substring hit@3 | substring MRR |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in kinds:
        row = [kind, str(len(stats[kind]["itfind"]))]
        for name in ("itfind", "substring"):
            results = stats[kind][name]
            hit3 = 100 * sum(h for h, _ in results) / len(results)
            mrr = sum(r for _, r in results) / len(results)
            row += [f"{hit3:.1f}%", f"{mrr:.3f}"]
        lines.append("| " + " | ".join(row) + " |")
    table = "\n".join(lines)
    print(table)
    print(f"\n{len(queries)} queries over {len(schemes)} schemes; {per_query_ms:.1f} ms a query")
    if args.misses or misses:
        print("\nMisses (kind, query, expected, top 3):")
        for miss in misses:
            print("  ", *miss)
    if args.write:
        doc = [
            "# Search relevance",
            "",
            f"Measured {dt.date.today()} on {platform.machine()} with Python "
            f"{platform.python_version()}, by `python bench/relevance.py --write "
            "docs/relevance.md`.",
            "",
            f"{len(queries)} queries in `bench/queries.yaml`, written as users type them "
            "and before the ranking was tuned, each with the ids an expert would accept. "
            "hit@3: an expected scheme is in the top 3. MRR: mean reciprocal rank of the "
            "first expected scheme. The baseline is a case-insensitive substring search "
            "over the same fields, in catalogue order (what a listing page's search box "
            "does). Goal: hit@3 of at least 95% overall and 90% in every kind.",
            "",
            table,
            "",
            f"Ranking costs {per_query_ms:.1f} ms a query on the shipped catalogue "
            f"({len(schemes)} schemes), index built once. At scale ranking is a few "
            "vectorised whole-catalogue passes (rapidfuzz over every name, substring scans "
            "of precomputed word documents); its cost on 1,000 to 100,000 records, start-up "
            "included, is in docs/performance.md.",
            "",
        ]
        if misses:
            doc += ["Queries that miss the top 3:", ""]
            doc += [f"- {k}: `{q}` expected {e}, got {t}" for k, q, e, t in misses]
            doc.append("")
        args.write.write_text("\n".join(doc), encoding="utf-8")


if __name__ == "__main__":
    main()
