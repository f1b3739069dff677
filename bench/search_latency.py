"""find_evidence latency at 10k, 100k and 1M passages, against a trivial indexed SELECT.

    .venv/bin/python bench/search_latency.py [--sizes 10000,100000,1000000] [--repeat 5]

Works in its own database ``claimtrack_bench_latency`` (never the dev database). It imports the
shared corpus (or the test fixture corpus) so that the claims have real answers, then grows the
passage table with synthetic passages generated in SQL (one INSERT ... SELECT per 100k rows): 40-60
words each, 90% drawn log-uniformly (a Zipf-like law) from 50,000 made-up words and 10% drawn from
the corpus's own words with their real frequencies, so claim words like "NATO" and "Ukraine" occur in
a few percent of all passages, as common topic words do in a news archive. Indexes are dropped while
rows are added and rebuilt before measuring (the trigram index is not rebuilt: search does not use
it for candidates). At each size it times ``evidence_find`` (what ``find_evidence`` runs: search,
scoring, stance) for every claim, ``--repeat`` times after one warm-up round, and a primary-key
SELECT of a random passage as the baseline. Writes bench/results/search_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import time
from pathlib import Path

from _benchdb import ROOT, use_bench_database, write_results

CLAIMS = [
    "The 2024 Washington summit declaration said Ukraine's path to NATO membership is irreversible.",
    "Trump's initial peace plan included a veto on Ukraine's accession to NATO.",
    "There is no consensus within NATO for Ukraine to join.",
    "Ukrainian and US delegations held talks in Geneva and then in Miami.",
    "NATO will deal with the NATO-related aspects of a peace deal separately.",
    "Sweden became the alliance's 32nd member in March 2024.",
    "The record US government shutdown lasted 43 days.",
    "Riverton replaced 4,000 lead pipes in 2023.",
]
BATCH = 100_000
PASSAGES_PER_DOCUMENT = 5

INSERT_DOCUMENTS = """
INSERT INTO sources_document (url, title, publisher, language, text, raw_content, content_hash, connector,
    fetch_status, fetch_error, archive_url, created_at, updated_at, indexed_at)
SELECT 'https://synthetic.example.org/doc/' || g, 'Synthetic report ' || g, 'Bench Wire', 'en', '', '', '',
    'local', 'fetched', '', '', now(), now(), now()
FROM generate_series(%(first)s, %(last)s) AS g
"""
INSERT_PASSAGES = """
INSERT INTO sources_passage (document_id, position, start, "end", text, search_vector)
SELECT d.id, pos, 0, length(body.text), body.text, to_tsvector('english', body.text)
FROM sources_document d
CROSS JOIN generate_series(0, %(per_document)s - 1) AS pos
CROSS JOIN LATERAL (
    SELECT string_agg(
        CASE WHEN random() < 0.1
             THEN (%(words)s::text[])[1 + floor(random() * %(word_count)s)::int]
             ELSE 'w' || floor(exp(random() * ln(50000)))::int
        END, ' ') AS text
    FROM generate_series(1, 40 + ((d.id * 7 + pos) %% 21))
) AS body
WHERE d.url LIKE 'https://synthetic.example.org/doc/%%'
  AND substring(d.url from 35)::int BETWEEN %(first)s AND %(last)s
"""


def corpus_dir() -> Path:
    shared = ROOT.parent / "shared" / "corpus"
    for candidate in (shared, ROOT / "tests" / "fixtures" / "corpus"):
        if candidate.is_dir():
            return candidate
    raise SystemExit("no corpus found")


def corpus_words(directory: Path) -> list[str]:
    words = []
    for path in directory.glob("*.json"):
        if path.name != "relevance.json":
            words += re.findall(r"[A-Za-z][A-Za-z'-]+", json.loads(path.read_text())["text"])
    return words


def sql(statement: str, params=None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def scalar(statement: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def reset(directory: Path) -> None:
    from sources.services.documents import collection_import

    sql("TRUNCATE sources_document CASCADE")
    collection_import(directory=str(directory))


def grow_to(target: int, words: list[str]) -> float:
    """Add synthetic passages until there are ``target``; return the seconds it took."""
    started = time.perf_counter()
    sql("DROP INDEX IF EXISTS passage_search_gin")
    sql("DROP INDEX IF EXISTS passage_text_trgm")
    while (count := scalar("SELECT count(*) FROM sources_passage")) < target:
        documents = min(BATCH, target - count) // PASSAGES_PER_DOCUMENT or 1
        first = scalar("SELECT count(*) FROM sources_document WHERE url LIKE 'https://synthetic.example.org/%%'") + 1
        params = {"first": first, "last": first + documents - 1}
        sql(INSERT_DOCUMENTS, params)
        sql(
            INSERT_PASSAGES, {**params, "per_document": PASSAGES_PER_DOCUMENT, "words": words, "word_count": len(words)}
        )
        print(f"  {scalar('SELECT count(*) FROM sources_passage'):>9,} passages", flush=True)
    sql("SET maintenance_work_mem = '256MB'")
    sql("CREATE INDEX passage_search_gin ON sources_passage USING gin (search_vector)")
    sql("ANALYZE sources_passage")
    sql("ANALYZE sources_document")
    # A long-running process sees new statistics within search_plan.STATS_TTL; the benchmark at once.
    from sources import search_plan

    search_plan._cache.clear()
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def supporting_urls(directory: Path) -> dict[str, set[str]]:
    """Claim text -> canonical URLs of its supporting documents (from relevance.json, when present)."""
    from sources.text import canonicalize_url

    gold_file = directory / "relevance.json"
    if not gold_file.exists():
        return {}
    documents = [p for p in directory.glob("*.json") if p != gold_file]
    urls = {p.stem: canonicalize_url(json.loads(p.read_text())["url"]) for p in documents}
    return {
        claim["text"]: {urls[r["doc"]] for r in claim["relevant"] if r["stance"] == "supports"}
        for claim in json.loads(gold_file.read_text())["claims"]
    }


def measure(repeat: int, gold: dict[str, set[str]]) -> dict:
    from sources.services.evidence import evidence_find

    max_id = scalar("SELECT max(id) FROM sources_passage")
    top3 = {}
    for claim in CLAIMS:  # warm-up (caches, plans, the stance code path) and the quality check at this size
        urls = [item["url"] for item in evidence_find(claim=claim, top=10)]
        if claim in gold:
            top3[claim[:40]] = bool(gold[claim].intersection(urls[:3]))
    search, baseline, hits = [], [], []
    for _ in range(repeat):
        for claim in CLAIMS:
            started = time.perf_counter()
            results = evidence_find(claim=claim, top=10)
            search.append((time.perf_counter() - started) * 1000)
            hits.append(results[0]["url"] if results else None)
            started = time.perf_counter()
            scalar(
                "SELECT length(text) FROM sources_passage WHERE id >= %s ORDER BY id LIMIT 1",
                [random.randint(1, max_id)],
            )
            baseline.append((time.perf_counter() - started) * 1000)
    synthetic_top = sum(1 for url in hits if url and "synthetic.example.org" in url)
    return {
        "queries": len(search),
        "p50_ms": round(statistics.median(search), 2),
        "p95_ms": round(percentile(search, 0.95), 2),
        "max_ms": round(max(search), 2),
        "baseline_p50_ms": round(statistics.median(baseline), 3),
        "baseline_p95_ms": round(percentile(baseline, 0.95), 3),
        "p95_ratio_to_baseline": round(percentile(search, 0.95) / percentile(baseline, 0.95), 1),
        "synthetic_passage_ranked_first": synthetic_top,
        "load_average_1min": round(os.getloadavg()[0], 2),  # other processes on the machine skew timings
        "gold_claims_with_support_in_top3": f"{sum(top3.values())}/{len(top3)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the passages already generated (re-measure)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    database = use_bench_database("latency")
    from django.conf import settings

    settings.EMBEDDINGS_ENABLED = False  # the default configuration; see docs/ranking.md
    directory = corpus_dir()
    words = corpus_words(directory)
    gold = supporting_urls(directory)
    random.seed(7)
    if not args.keep:
        reset(directory)
    rows = {}
    for size in sizes:
        if scalar("SELECT count(*) FROM sources_passage") > size * 1.01:
            print(f"skipping {size:,}: the table is already larger (run without --keep)")
            continue
        print(f"growing to {size:,} passages", flush=True)
        build = grow_to(size, words)
        rows[size] = {"build_seconds": round(build, 1), **measure(args.repeat, gold)}
        print(f"  p50 {rows[size]['p50_ms']} ms  p95 {rows[size]['p95_ms']} ms", flush=True)
    print(
        f"\n{'passages':>10} {'p50 ms':>8} {'p95 ms':>8} {'baseline p95':>13} {'p95/baseline':>13} "
        f"{'p95 growth':>11} {'C1-C5 top-3':>12}"
    )
    first = next(iter(rows.values()))["p95_ms"]
    for size, row in rows.items():
        print(
            f"{size:>10,} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['baseline_p95_ms']:13.3f} "
            f"{row['p95_ratio_to_baseline']:13.1f} {row['p95_ms'] / first:10.2f}x "
            f"{row['gold_claims_with_support_in_top3']:>12}"
        )
    path = write_results("search_latency", {"database": database, "corpus": str(directory), "sizes": rows})
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
