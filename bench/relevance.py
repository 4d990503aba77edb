"""Relevance benchmark for `itfind search`: hit@3 and MRR by kind of query, against a
plain case-insensitive substring search over the same catalogue.

    python bench/relevance.py                 # print the results
    python bench/relevance.py --write docs/relevance.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import time
from collections import defaultdict
from pathlib import Path

import yaml

from itfind import load_catalogue
from itfind.search import Index

ROOT = Path(__file__).resolve().parent.parent


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


def evaluate(path: Path, schemes, index, ids) -> tuple[str, list, float, int]:
    """Hit@3 and MRR by kind for one query file, with the substring baseline."""
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    stats = defaultdict(lambda: defaultdict(list))
    misses = []
    started = time.perf_counter()
    for item in queries:
        found = index.rank(item["q"])
        found.sort(key=lambda h: (-h.score, ids[h.position]))  # as Catalogue.search orders
        ranked = [ids[h.position] for h in found]
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
        if not stats[kind]["itfind"]:
            continue
        row = [kind, str(len(stats[kind]["itfind"]))]
        for name in ("itfind", "substring"):
            results = stats[kind][name]
            hit3 = 100 * sum(h for h, _ in results) / len(results)
            mrr = sum(r for _, r in results) / len(results)
            row += [f"{hit3:.1f}%", f"{mrr:.3f}"]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines), misses, per_query_ms, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    catalogue = load_catalogue(["@builtin"], cache=False)
    schemes = list(catalogue)
    index = Index(catalogue.records.docs())  # built once, as a long-running caller would
    ids = [entry.id for entry in catalogue.records.entries]
    sets = [
        ("Tuning set", ROOT / "bench" / "queries.yaml"),
        ("Held-out set", ROOT / "bench" / "queries_holdout.yaml"),
    ]
    doc = [
        "# Search relevance",
        "",
        f"Measured {dt.date.today()} on {platform.machine()} with Python "
        f"{platform.python_version()}, by `python bench/relevance.py --write "
        "docs/relevance.md`.",
        "",
        "Queries are written as users type them, each with the ids an expert would accept. "
        "hit@3: an expected scheme is in the top 3. MRR: mean reciprocal rank of the first "
        "expected scheme. The baseline is a case-insensitive substring search over the same "
        "fields, in catalogue order (what a listing page's search box does). Goal: hit@3 of "
        "at least 95% overall and 90% in every kind.",
        "",
        "- `bench/queries.yaml`, the tuning set: written before the ranking was tuned, "
        "then used to tune it.",
        "- `bench/queries_holdout.yaml`, the held-out set: written after tuning and never "
        "used to tune; it measures how well the tuning generalises.",
        "",
    ]
    for title, path in sets:
        table, misses, per_query_ms, count = evaluate(path, schemes, index, ids)
        print(f"{title} ({count} queries, {per_query_ms:.1f} ms a query)")
        print(table)
        doc += [f"## {title} ({count} queries)", "", table, ""]
        if misses:
            print("Misses (kind, query, expected, top 3):")
            doc += ["Queries that miss the top 3:", ""]
            for kind, q, expect, top in misses:
                print("  ", kind, q, expect, top)
                doc.append(f"- {kind}: `{q}` expected {expect}, got {top}")
            doc.append("")
        print()
    doc += [
        f"Ranking costs about {per_query_ms:.1f} ms a query on the shipped catalogue "
        f"({len(schemes)} schemes), index built once. At scale ranking is a few vectorised "
        "whole-catalogue passes (rapidfuzz over every name, substring scans of precomputed "
        "word documents); its cost on 1,000 to 100,000 records, start-up included, is in "
        "docs/performance.md.",
        "",
    ]
    if args.write:
        previous = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        history = previous.split("<!-- history -->", 1)[1] if "<!-- history -->" in previous else ""
        args.write.write_text("\n".join(doc) + "<!-- history -->" + history, encoding="utf-8")


if __name__ == "__main__":
    main()
