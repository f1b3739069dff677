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

    .venv/bin/python bench/search_latency.py --semantic [--sizes 10000,100000,1000000] [--repeat 5]

``--semantic`` measures the semantic path (the embeddings extra must be installed), in its own database
``claimtrack_bench_latency_semantic``. The corpus is imported with embeddings on, so its passages get
real all-MiniLM-L6-v2 vectors; the synthetic passages get vectors generated in SQL in the same
INSERT ... SELECT: 384 ``random_normal()`` components, L2-normalised. THE SYNTHETIC VECTORS ARE RANDOM:
they carry no meaning, so this measures what the HNSW index and the query cost, not recall or ranking
quality. After each load the table is vacuumed (otherwise autovacuum's insert-triggered VACUUM of
the new rows overlaps the timing) and the HNSW index of the migrations (``passage_embedding_hnsw``:
vector_cosine_ops, m = 16, ef_construction = 64), dropped while rows are added, is rebuilt with
``--hnsw-memory`` (4GB) of maintenance_work_mem; its build time is reported. At each size, in the
same loop, it times ``evidence_find`` with embeddings on (``EMBEDDINGS_ENABLED``; the
query embedding is included, and its time is also reported on its own), the same call with embeddings
off (lexical), the HNSW candidate query alone (``ORDER BY embedding <=> vector LIMIT 100`` with
``hnsw.ef_search = 100``, no embedding) and the primary-key baseline. A size is not run when the HNSW
build at the previous size took longer than ``--hnsw-budget`` seconds (180). Writes
bench/results/search_latency_semantic.json.
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
# One synthetic passage per (document, position): 40-60 words, 10% from the corpus, 90% made up.
_PASSAGE_BODY = """
CROSS JOIN generate_series(0, %(per_document)s - 1) AS pos
CROSS JOIN LATERAL (
    SELECT string_agg(
        CASE WHEN random() < 0.1
             THEN (%(words)s::text[])[1 + floor(random() * %(word_count)s)::int]
             ELSE 'w' || floor(exp(random() * ln(50000)))::int
        END, ' ') AS text
    FROM generate_series(1, 40 + ((d.id * 7 + pos) %% 21))
) AS body
"""
_SYNTHETIC_DOCUMENTS = """
WHERE d.url LIKE 'https://synthetic.example.org/doc/%%'
  AND substring(d.url from 35)::int BETWEEN %(first)s AND %(last)s
"""
INSERT_PASSAGES = (
    """
INSERT INTO sources_passage (document_id, position, start, "end", text, search_vector)
SELECT d.id, pos, 0, length(body.text), body.text, to_tsvector('english', body.text)
FROM sources_document d"""
    + _PASSAGE_BODY
    + _SYNTHETIC_DOCUMENTS.lstrip("\n")
)
# --semantic: the same passages, each with a random unit vector (384 = sources.models.EMBEDDING_DIMENSIONS).
# The vector's subquery refers to both the document and the position (``0 * (d.id + pos)``): referring
# to one only, PostgreSQL computes it once per value of that one and reuses it (``check_vectors``).
INSERT_PASSAGES_WITH_VECTORS = (
    """
INSERT INTO sources_passage (document_id, position, start, "end", text, search_vector, embedding)
SELECT d.id, pos, 0, length(body.text), body.text, to_tsvector('english', body.text), vec.embedding
FROM sources_document d"""
    + _PASSAGE_BODY
    + """CROSS JOIN LATERAL (
    SELECT l2_normalize(array_agg(random_normal())::vector(384)) AS embedding
    FROM generate_series(1, 384 + 0 * (d.id + pos))
) AS vec"""
    + _SYNTHETIC_DOCUMENTS
)
# The index of sources/migrations/0001_initial.py, as ``manage.py sqlmigrate sources 0001`` prints it.
CREATE_HNSW = (
    'CREATE INDEX "passage_embedding_hnsw" ON "sources_passage" '
    'USING hnsw ("embedding" vector_cosine_ops) WITH (m = 16, ef_construction = 64)'
)


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


def grow_to(target: int, words: list[str], *, vectors: bool = False) -> float:
    """Add synthetic passages until there are ``target``; return the seconds it took.

    With ``vectors``, every new passage gets a random unit vector, the HNSW index is dropped too
    (``build_hnsw`` rebuilds it, timed on its own) and the table is vacuumed before indexing.
    """
    started = time.perf_counter()
    sql("DROP INDEX IF EXISTS passage_search_gin")
    sql("DROP INDEX IF EXISTS passage_text_trgm")
    if vectors:
        sql("DROP INDEX IF EXISTS passage_embedding_hnsw")
    while (count := scalar("SELECT count(*) FROM sources_passage")) < target:
        documents = min(BATCH, target - count) // PASSAGES_PER_DOCUMENT or 1
        first = scalar("SELECT count(*) FROM sources_document WHERE url LIKE 'https://synthetic.example.org/%%'") + 1
        params = {"first": first, "last": first + documents - 1}
        sql(INSERT_DOCUMENTS, params)
        sql(
            INSERT_PASSAGES_WITH_VECTORS if vectors else INSERT_PASSAGES,
            {**params, "per_document": PASSAGES_PER_DOCUMENT, "words": words, "word_count": len(words)},
        )
        print(f"  {scalar('SELECT count(*) FROM sources_passage'):>9,} passages", flush=True)
    if vectors:
        # Else autovacuum's insert-triggered VACUUM of the new rows runs during the HNSW build or the timing.
        sql("VACUUM sources_passage")
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


# --semantic ---------------------------------------------------------------------------------------


def build_hnsw(memory: str) -> dict:
    """(Re)build the migrations' HNSW index over every passage; its build time, size and settings."""
    from django.db import connection

    notices: list[str] = []
    sql("DROP INDEX IF EXISTS passage_embedding_hnsw")
    sql("SELECT set_config('maintenance_work_mem', %s, false)", [memory])
    connection.ensure_connection()

    def handler(diagnostic) -> None:  # e.g. "hnsw graph no longer fits into maintenance_work_mem"
        notices.append(diagnostic.message_primary)

    connection.connection.add_notice_handler(handler)
    started = time.perf_counter()
    sql(CREATE_HNSW)
    seconds = time.perf_counter() - started
    connection.connection.remove_notice_handler(handler)
    return {
        "seconds": round(seconds, 1),
        "rows": scalar("SELECT count(*) FROM sources_passage WHERE embedding IS NOT NULL"),
        "index_mb": round(scalar("SELECT pg_relation_size('passage_embedding_hnsw')") / 2**20, 1),
        "maintenance_work_mem": scalar("SHOW maintenance_work_mem"),
        "max_parallel_maintenance_workers": scalar("SHOW max_parallel_maintenance_workers"),
        "pgvector": scalar("SELECT extversion FROM pg_extension WHERE extname = 'vector'"),
        "notices": notices,
    }


def check_vectors() -> None:
    """Every passage has a vector, and the synthetic ones differ (computed per row, not once)."""
    missing = scalar("SELECT count(*) FROM sources_passage WHERE embedding IS NULL")
    distinct = scalar(  # the latest 1,000: 200 documents x 5 positions
        "SELECT count(DISTINCT embedding::text) "
        "FROM (SELECT embedding FROM sources_passage ORDER BY id DESC LIMIT 1000) AS latest"
    )
    if missing or distinct < 1000:
        raise SystemExit(f"bad synthetic vectors: {missing} passages without one, {distinct}/1000 distinct")


def stats(values: list[float], digits: int = 2) -> dict:
    return {
        "p50_ms": round(statistics.median(values), digits),
        "p95_ms": round(percentile(values, 0.95), digits),
        "max_ms": round(max(values), digits),
    }


def semantic_plans_use_hnsw() -> str:
    """How many claims' semantic search statement PostgreSQL plans through the HNSW index (EXPLAIN)."""
    from django.conf import settings
    from django.db import connection, transaction

    from sources.search import CANDIDATES
    from sources.services.evidence import evidence_find

    captured: list[tuple[str, dict]] = []

    def capture(execute, statement, params, many, context):
        if "<=>" in statement:
            captured.append((statement, params))
        return execute(statement, params, many, context)

    settings.EMBEDDINGS_ENABLED = True
    with connection.execute_wrapper(capture):
        for claim in CLAIMS:
            evidence_find(claim=claim, top=10)
    used = 0
    for statement, params in captured:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL hnsw.ef_search = %s", [CANDIDATES])
            cursor.execute("EXPLAIN " + statement, params)
            used += any("passage_embedding_hnsw" in row[0] for row in cursor.fetchall())
    return f"{used}/{len(captured)}"


def find(claim: str, semantic: bool) -> tuple[float, list[dict]]:
    """``evidence_find`` with embeddings on or off: (milliseconds, results)."""
    from django.conf import settings

    from sources.services.evidence import evidence_find

    settings.EMBEDDINGS_ENABLED = semantic  # what embeddings.available(), hence search_passages, reads
    started = time.perf_counter()
    results = evidence_find(claim=claim, top=10)
    return (time.perf_counter() - started) * 1000, results


def hnsw_candidates(vector: str) -> float:
    """Milliseconds of the search's semantic candidate query alone (the HNSW scan), as search runs it."""
    from django.db import connection, transaction

    from sources.search import _SEMANTIC_CANDIDATES, CANDIDATES

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL hnsw.ef_search = %s", [CANDIDATES])
        started = time.perf_counter()
        cursor.execute(
            _SEMANTIC_CANDIDATES.format(date_join="", date_filter="", excluded=""), {"vec": vector, "pool": CANDIDATES}
        )
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def summarise(timings: dict[str, list[float]]) -> dict:
    row = {"queries": len(timings["semantic"])}
    row |= {name: stats(values, 3 if name == "baseline" else 2) for name, values in timings.items()}
    p95 = {name: percentile(values, 0.95) for name, values in timings.items()}
    row["p95_ratios"] = {
        "semantic_to_lexical": round(p95["semantic"] / p95["lexical"], 1),
        "semantic_without_embedding_to_lexical": round(p95["semantic_without_embedding"] / p95["lexical"], 1),
        "semantic_to_baseline": round(p95["semantic"] / p95["baseline"], 1),
        "lexical_to_baseline": round(p95["lexical"] / p95["baseline"], 1),
    }
    return row


def measure_semantic(repeat: int, gold: dict[str, set[str]]) -> dict:
    """``evidence_find`` with embeddings on and off, the HNSW candidate query and the baseline, interleaved."""
    from sources import embeddings
    from sources.search import _vector_literal

    load_before = [round(value, 2) for value in os.getloadavg()]
    max_id = scalar("SELECT max(id) FROM sources_passage")
    embed_ms: list[float] = []
    original_embed_query = embeddings.embed_query

    def timed_embed_query(text: str) -> list[float]:  # the query embedding of the search being timed
        started = time.perf_counter()
        vector = original_embed_query(text)
        embed_ms.append((time.perf_counter() - started) * 1000)
        return vector

    vectors = {claim: _vector_literal(original_embed_query(claim)) for claim in CLAIMS}
    modes = {"semantic": True, "lexical": False}
    timings: dict[str, list[float]] = {"semantic": [], "semantic_without_embedding": [], "lexical": []}
    timings |= {"query_embedding": embed_ms, "hnsw_candidates": [], "baseline": []}
    top3 = {mode: {} for mode in modes}
    synthetic_first = dict.fromkeys(modes, 0)
    embeddings.embed_query = timed_embed_query
    try:
        for claim in CLAIMS:  # warm-up of both paths, and the quality check at this size
            for mode, semantic in modes.items():
                urls = [item["url"] for item in find(claim, semantic)[1]]
                if claim in gold:
                    top3[mode][claim[:40]] = bool(gold[claim].intersection(urls[:3]))
            hnsw_candidates(vectors[claim])
        embed_ms.clear()
        for round_number in range(repeat):
            # Alternate which path goes first, so that neither always finds the other's pages cached.
            order = list(modes.items()) if round_number % 2 == 0 else list(modes.items())[::-1]
            for claim in CLAIMS:
                for mode, semantic in order:
                    elapsed, results = find(claim, semantic)
                    timings[mode].append(elapsed)
                    if semantic:
                        timings["semantic_without_embedding"].append(elapsed - embed_ms[-1])
                    synthetic_first[mode] += bool(results and "synthetic.example.org" in results[0]["url"])
                timings["hnsw_candidates"].append(hnsw_candidates(vectors[claim]))
                started = time.perf_counter()
                scalar(
                    "SELECT length(text) FROM sources_passage WHERE id >= %s ORDER BY id LIMIT 1",
                    [random.randint(1, max_id)],
                )
                timings["baseline"].append((time.perf_counter() - started) * 1000)
    finally:
        embeddings.embed_query = original_embed_query
    assert len(embed_ms) == len(timings["semantic"])  # one query embedding per semantic search
    row = summarise(timings)
    row["hnsw_in_plan"] = semantic_plans_use_hnsw()
    row["synthetic_passage_ranked_first"] = synthetic_first
    row["gold_claims_with_support_in_top3"] = {
        mode: f"{sum(found.values())}/{len(found)}" for mode, found in top3.items()
    }
    row["load_average_before"] = load_before  # 1, 5 and 15 minutes; other processes skew timings
    row["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    return row


def print_semantic_table(rows: dict) -> None:
    print(
        f"\n{'passages':>10} {'HNSW s':>7} {'sem p50':>8} {'sem p95':>8} {'embed p50/p95':>14} "
        f"{'sem-embed p95':>13} {'HNSW query p95':>14} {'lex p50':>8} {'lex p95':>8} {'base p95':>9} "
        f"{'sem/lex':>8} {'sem/base':>9} {'top-3 sem/lex':>14}"
    )
    for size, row in rows.items():
        ratios, top3 = row["p95_ratios"], row["gold_claims_with_support_in_top3"]
        embed = f"{row['query_embedding']['p50_ms']:.1f}/{row['query_embedding']['p95_ms']:.1f}"
        print(
            f"{size:>10,} {row['hnsw']['seconds']:7.1f} {row['semantic']['p50_ms']:8.1f} "
            f"{row['semantic']['p95_ms']:8.1f} {embed:>14} {row['semantic_without_embedding']['p95_ms']:13.1f} "
            f"{row['hnsw_candidates']['p95_ms']:14.2f} {row['lexical']['p50_ms']:8.1f} {row['lexical']['p95_ms']:8.1f} "
            f"{row['baseline']['p95_ms']:9.3f} {ratios['semantic_to_lexical']:7.1f}x "
            f"{ratios['semantic_to_baseline']:8.1f}x {top3['semantic'] + ' / ' + top3['lexical']:>14}"
        )
    print("(ms; sem = evidence_find with embeddings on, query embedding included; ratios are of p95)")


def main_semantic(args: argparse.Namespace, sizes: list[int]) -> None:
    database = use_bench_database("latency_semantic")
    from django.conf import settings

    from sources import embeddings
    from sources.models import EMBEDDING_DIMENSIONS

    if not embeddings.installed():
        raise SystemExit("--semantic needs the embeddings extra: pip install -r requirements/embeddings.txt")
    assert EMBEDDING_DIMENSIONS == 384  # written into INSERT_PASSAGES_WITH_VECTORS
    settings.EMBEDDINGS_ENABLED = True  # the corpus passages get their real vectors
    directory = corpus_dir()
    words = corpus_words(directory)
    gold = supporting_urls(directory)
    random.seed(7)
    import_seconds = None
    if not args.keep:
        started = time.perf_counter()
        reset(directory)
        import_seconds = round(time.perf_counter() - started, 1)
    rows, not_run = {}, {}
    last_build = None
    for size in sizes:
        if scalar("SELECT count(*) FROM sources_passage") > size * 1.01:
            print(f"skipping {size:,}: the table is already larger (run without --keep)")
            continue
        if last_build and last_build[1] > args.hnsw_budget:
            not_run[size] = (
                f"not run: the HNSW build at {last_build[0]:,} passages took {last_build[1]:.0f} s "
                f"(over the {args.hnsw_budget:.0f} s budget)"
            )
            print(f"{size:,}: {not_run[size]}")
            continue
        print(f"growing to {size:,} passages (synthetic ones with random vectors)", flush=True)
        build = grow_to(size, words, vectors=True)
        check_vectors()
        print("  building the HNSW index", flush=True)
        hnsw = build_hnsw(args.hnsw_memory)
        print(f"  HNSW build {hnsw['seconds']} s ({hnsw['index_mb']} MB){' '.join(hnsw['notices'])}", flush=True)
        last_build = (size, hnsw["seconds"])
        rows[size] = {"build_seconds": round(build, 1), "hnsw": hnsw, **measure_semantic(args.repeat, gold)}
        print(
            f"  semantic p95 {rows[size]['semantic']['p95_ms']} ms, lexical p95 {rows[size]['lexical']['p95_ms']} ms",
            flush=True,
        )
    print_semantic_table(rows)
    path = write_results(
        "search_latency_semantic",
        {
            "database": database,
            "corpus": str(directory),
            "corpus_import_seconds_with_embeddings": import_seconds,
            "synthetic_vectors": "random: 384 random_normal() components, L2-normalised (index/query cost, not recall)",
            "repeat": args.repeat,
            "sizes": rows,
            "not_run": not_run,
        },
    )
    print(f"\nwrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the passages already generated (re-measure)")
    parser.add_argument("--semantic", action="store_true", help="the semantic path, with random synthetic vectors")
    parser.add_argument(
        "--hnsw-budget", type=float, default=180, help="--semantic: skip the next size if an HNSW build took longer (s)"
    )
    parser.add_argument("--hnsw-memory", default="4GB", help="--semantic: maintenance_work_mem for the HNSW build")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.semantic:
        main_semantic(args, sizes)
        return
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
