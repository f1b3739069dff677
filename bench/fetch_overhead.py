"""Cost of the safe-fetching layer: sources.fetching.fetch() against a bare httpx.Client on loopback.

Run: .venv/bin/python bench/fetch_overhead.py [N]
Prints a table and writes bench/results/fetch_overhead.json. The baseline is measured in the same run.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402

from sources import fetching  # noqa: E402
from tests.support.http_server import FixtureServer  # noqa: E402


def timed(call, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def main(n: int) -> None:
    server = FixtureServer().start()
    url = server.add("/page", body="<p>" + "word " * 2000 + "</p>")
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_POLITENESS_DELAY = 0
    try:
        # Baseline: a bare httpx request on a fresh connection, as fetch() makes one per call. (Reusing
        # a keep-alive connection to this http.server-based server costs ~40 ms per request: it writes
        # headers and body separately, and Nagle meets delayed ACK. Not a property of either client.)
        with httpx.Client(trust_env=False) as client:
            bare = timed(lambda: client.get(url, headers={"Connection": "close"}).content, n)
        fetching.fetch(url)  # robots.txt fetched and cached once, as in production
        guarded = timed(lambda: fetching.fetch(url).content, n)
        fetching.clear_caches()
        with_robots = timed(lambda: (fetching.clear_caches(), fetching.fetch(url).content), n)
    finally:
        server.stop()
    rows = {
        "bare httpx, fresh connection (baseline)": bare,
        "sources.fetching.fetch, robots cached": guarded,
        "fetch, robots.txt fetched every time": with_robots,
    }
    base = statistics.median(bare)
    print(f"{'variant':40} {'median ms':>10} {'p95 ms':>8} {'x baseline':>11}")
    results = {}
    for name, samples in rows.items():
        median = statistics.median(samples)
        print(f"{name:40} {median:10.2f} {p95(samples):8.2f} {median / base:11.2f}")
        results[name] = {"median_ms": median, "p95_ms": p95(samples), "ratio_to_baseline": median / base}
    out = ROOT / "bench" / "results" / "fetch_overhead.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"requests": n, "results": results}, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
