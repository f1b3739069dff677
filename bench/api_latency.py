"""API latency under gunicorn on loopback, as ratios against a minimal fixed-JSON view in the same run.

    .venv/bin/python bench/api_latency.py [--claims 100000 --passages 1000000 --evidence 300000]
        [--requests 300 --concurrency 4 --workers 2]

1. Database ``claimtrack_bench_api`` (same PostgreSQL server, never the dev database) is filled with SQL
   (``generate_series``): claims with speakers and appearances, documents with passages (full-text
   vectors computed), and evidence rows linking claims to passages. Skipped when the counts are there.
2. gunicorn serves the project (plus ``/bench/fixed/``) on 127.0.0.1 with throttling off.
3. For each endpoint, ``--requests`` authenticated GETs from ``--concurrency`` keep-alive clients:
   p50 / p95 latency and requests per second, and each as a ratio to the fixed view.
Prints a table and writes ``bench/results/api_latency.json``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._benchdb import ROOT, use_bench_database, write_results

# Text is drawn from a Zipf-like vocabulary of VOCABULARY tokens ("w0" most frequent): like real text,
# a few words are everywhere and most are rare. Queries use mid-frequency tokens (QUERY_RANKS).
VOCABULARY = 20_000
QUERY_RANKS = (100, 1000)

# Correlated on g so that PostgreSQL evaluates it per row, not once.
_SENTENCE = (
    "(SELECT string_agg('w' || floor(pow(random(), 3) * {vocabulary})::int, ' ') "
    "FROM generate_series(1, {length} + mod(g, 5)))"
)


def _sentence(length: int) -> str:
    return _SENTENCE.format(vocabulary=VOCABULARY, length=length)


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {table}")
    return cursor.fetchone()[0]


def _timed(label: str, cursor, sql: str, params: dict) -> None:
    started = time.perf_counter()
    cursor.execute(sql, params)
    print(f"  {label}: {time.perf_counter() - started:.1f}s", flush=True)


def fill(*, claims: int, passages: int, evidence: int) -> None:
    """Bulk-generate the rows with SQL; the passage indexes are dropped during the load and rebuilt."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim WHERE statement LIKE 'w%%'")
        if cursor.fetchone()[0] >= claims and _count(cursor, "sources_passage") >= passages:
            print("bench database already filled", flush=True)
            return
        for table in ["claims_evidence", "claims_appearance", "claims_claim", "claims_speaker"]:
            cursor.execute(f"TRUNCATE {table} CASCADE")
        cursor.execute("TRUNCATE sources_passage, sources_document, sources_article, sources_outlet CASCADE")
        p = {"claims": claims, "passages": passages, "evidence": evidence}
        _fill_claims(cursor, p)
        _fill_passages(cursor, p)
        _timed(
            "evidence",
            cursor,
            """INSERT INTO claims_evidence (claim_id, passage_id, score, rank, suggested_stance, decision, note,
                   created_at, updated_at)
               SELECT c.id, (SELECT min(id) FROM sources_passage) + mod((c.n * 3 + k) * 7919, %(passages)s),
                      random(), k + 1, 'unknown', 'pending', '', now(), now()
               FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM claims_claim) c,
                    generate_series(0, %(evidence)s / %(claims)s - 1) k""",
            p,
        )
        _timed("analyze", cursor, "ANALYZE", {})


def _fill_claims(cursor, p: dict) -> None:
    _timed(
        "speakers, outlets, articles",
        cursor,
        f"""INSERT INTO claims_speaker (name, role, organisation, aliases, wikidata_id, is_organisation)
            SELECT 'Speaker ' || g, '', '', '{{}}', '', false FROM generate_series(1, 1000) g;
            INSERT INTO sources_outlet (name, domain) SELECT 'Outlet ' || g, '' FROM generate_series(1, 100) g;
            INSERT INTO sources_article (url, submitted_url, title, outlet_id, authors, language, text, raw_content,
                content_hash, fetch_status, fetch_error, archive_url, created_at, updated_at)
            SELECT 'https://news.example.org/' || g, '', 'Article ' || g,
                   (SELECT min(id) FROM sources_outlet) + mod(g, 100), '[]', 'en', {_sentence(40)}, '',
                   md5(g::text), 'fetched', '', '', now(), now()
            FROM generate_series(1, 20000) g""",
        p,
    )
    _timed(
        "claims",
        cursor,
        f"""INSERT INTO claims_claim (statement, speaker_id, checkworthiness, status, rejection_reason,
                new_evidence_since_verdict, version, created_at, updated_at)
            SELECT {_sentence(10)}, (SELECT min(id) FROM claims_speaker) + mod(g, 1000), random(),
                   (ARRAY['candidate', 'accepted', 'in_review'])[1 + mod(g, 3)], '', mod(g, 10) = 0, 1,
                   now() - g * interval '1 second', now()
            FROM generate_series(1, %(claims)s) g""",
        p,
    )
    _timed(
        "appearances",
        cursor,
        """INSERT INTO claims_appearance (claim_id, article_id, start, "end", sentence, quote, created_at)
           SELECT c.id, (SELECT min(id) FROM sources_article) + mod(c.id, 20000), 0, length(c.statement),
                  c.statement, '', now()
           FROM claims_claim c""",
        p,
    )


def _fill_passages(cursor, p: dict) -> None:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sources_passage' "
        "AND indexname IN ('passage_search_gin', 'passage_text_trgm')"
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    _timed(
        "documents",
        cursor,
        """INSERT INTO sources_document (url, title, publisher, language, text, raw_content, content_hash,
               connector, fetch_status, fetch_error, archive_url, created_at, updated_at)
           SELECT 'https://docs.example.org/' || g, 'Document ' || g, 'Wire', 'en', '', '', md5('d' || g),
                  'local', 'fetched', '', '', now(), now()
           FROM generate_series(1, %(passages)s / 20) g""",
        p,
    )
    _timed(
        "passages",
        cursor,
        f"""INSERT INTO sources_passage (document_id, position, start, "end", text)
            SELECT (SELECT min(id) FROM sources_document) + (g - 1) / 20, mod(g - 1, 20), 0, 200, {_sentence(20)}
            FROM generate_series(1, %(passages)s) g""",
        p,
    )
    _timed(
        "passage vectors",
        cursor,
        "UPDATE sources_passage SET search_vector = to_tsvector('english', text)",
        {},
    )
    for name, definition in indexes:
        _timed(f"index {name}", cursor, definition, {})


def bench_token() -> str:
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    user, _ = User.objects.get_or_create(username="bench-viewer")
    user.groups.add(Group.objects.get(name="viewer"))
    return Token.objects.get_or_create(user=user)[0].key


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database: str, workers: int) -> tuple[subprocess.Popen, int]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    from urllib.parse import quote

    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{quote(db['HOST'], safe='')}/{database}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CLAIMTRACK_LOCAL": "1",
        "DJANGO_SETTINGS_MODULE": "bench.api_settings",
        "API_THROTTLE_USER": "100000000/minute",
        "API_THROTTLE_ANON": "100000000/minute",
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }
    argv = [sys.executable, "-m", "gunicorn", "claimtrack.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    process = subprocess.Popen([*argv, "--chdir", str(ROOT), "--log-level", "warning"], env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def load(port: int, paths: list[str], token: str, *, concurrency: int) -> tuple[list[float], float]:
    """GET every path (split over ``concurrency`` keep-alive connections); latencies (s) and wall time."""
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [paths[i::concurrency] for i in range(concurrency)]

    def worker(chunk: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for path in chunk:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Authorization": f"Token {token}", "Accept": "application/json"})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def endpoints(requests: int) -> dict[str, list[str]]:
    from claims.models import Claim

    rng = random.Random(7)
    low, high = Claim.objects.order_by("id").values_list("id", flat=True)[:1][0], Claim.objects.latest("id").id
    words = [f"w{rng.randint(*QUERY_RANKS)}+w{rng.randint(*QUERY_RANKS)}" for _ in range(requests)]
    return {
        "fixed JSON (baseline)": ["/bench/fixed/"] * requests,
        "claim list": ["/api/v1/claims/?page_size=25"] * requests,
        "claim detail with evidence": [f"/api/v1/claims/{rng.randint(low, high)}/" for _ in range(requests)],
        "claim search (full text)": [f"/api/v1/claims/?search={w}&page_size=25" for w in words],
        "passage search": [f"/api/v1/documents/search/?q={w}+w{rng.randint(*QUERY_RANKS)}&limit=10" for w in words],
        "match (has this been checked?)": [f"/api/v1/match/?q={w}+w{rng.randint(*QUERY_RANKS)}" for w in words],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--evidence", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    database = use_bench_database("api")
    fill(claims=args.claims, passages=args.passages, evidence=args.evidence)
    token = bench_token()
    plan = endpoints(args.requests)
    process, port = start_gunicorn(database, args.workers)
    try:
        load(port, [path for paths in plan.values() for path in paths[:10]], token, concurrency=2)  # warm up
        rows = {name: measure(port, paths, token, args.concurrency) for name, paths in plan.items()}
    finally:
        process.terminate()
        process.wait(timeout=30)
    report(rows, args)


def measure(port: int, paths: list[str], token: str, concurrency: int) -> dict:
    latencies, wall = load(port, paths, token, concurrency=concurrency)
    return {
        "p50_ms": _percentile(latencies, 50) * 1000,
        "p95_ms": _percentile(latencies, 95) * 1000,
        "rps": len(latencies) / wall,
    }


def report(rows: dict, args) -> None:
    base = rows["fixed JSON (baseline)"]
    print(f"\n{'endpoint':34} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p50 x':>7} {'p95 x':>7} {'req/s x':>8}")
    for name, row in rows.items():
        row["p50_ratio"] = row["p50_ms"] / base["p50_ms"]
        row["p95_ratio"] = row["p95_ms"] / base["p95_ms"]
        row["rps_ratio"] = row["rps"] / base["rps"]
        print(
            f"{name:34} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['rps']:8.1f} "
            f"{row['p50_ratio']:7.1f} {row['p95_ratio']:7.1f} {row['rps_ratio']:8.3f}"
        )
    path = write_results("api_latency", {"arguments": vars(args), "endpoints": rows})
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
