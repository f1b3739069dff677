"""How the reviewers' claim list and claim page scale with the number of claims.

Creates a throw-away test database, fills it with N claims (each with an appearance in an article and
three pieces of evidence), and measures the admin claim list (100 rows per page, default, "my queue"
and a search) and one claim page: database queries per request and median / p95 latency. Latencies
are reported as ratios against the smallest size measured in the same run.

    .venv/bin/python bench/admin_claim_list.py [--sizes 100,2000,10000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from claims.models import Appearance, Claim, ClaimStatus, Evidence, Speaker  # noqa: E402
from sources.models import Article, ConnectorKind, Document, FetchStatus, Outlet, Passage  # noqa: E402

STATUSES = [ClaimStatus.CANDIDATE, ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW]


def fill(start: int, stop: int, user) -> None:
    """Add claims number ``start`` .. ``stop - 1`` with their appearance and evidence, in bulk."""
    outlets = list(Outlet.objects.all()) or Outlet.objects.bulk_create([Outlet(name=f"Outlet {i}") for i in range(20)])
    speakers = list(Speaker.objects.all()) or Speaker.objects.bulk_create(
        [Speaker(name=f"Speaker {i}") for i in range(200)]
    )
    rng = range(start, stop)
    articles = Article.objects.bulk_create(
        [
            Article(
                url=f"https://news.example.org/{i}",
                title=f"Article {i}",
                outlet=outlets[i % len(outlets)],
                text=f"Intro. Minister {i} said unemployment fell to {i % 10} percent. Outro.",
                fetch_status=FetchStatus.FETCHED,
            )
            for i in rng
        ]
    )
    claims = Claim.objects.bulk_create(
        [
            Claim(
                statement=f"Unemployment fell to {i % 10} percent (claim {i}).",
                speaker=speakers[i % len(speakers)],
                checkworthiness=(i % 100) / 100,
                status=STATUSES[i % len(STATUSES)],
                assignee=user if i % len(STATUSES) == 2 else None,
            )
            for i in rng
        ]
    )
    Appearance.objects.bulk_create(
        [
            Appearance(claim=c, article=a, start=7, end=len(a.text) - 7, sentence=a.text[7:-7])
            for c, a in zip(claims, articles, strict=True)
        ]
    )
    documents = Document.objects.bulk_create(
        [
            Document(
                url=f"https://docs.example.org/{i}", title=f"Doc {i}", text="x" * 2000, connector=ConnectorKind.LOCAL
            )
            for i in rng
        ]
    )
    passages = Passage.objects.bulk_create(
        [
            Passage(document=d, position=p, start=p * 500, end=p * 500 + 400, text="y" * 400)
            for d in documents
            for p in range(3)
        ]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(claim=claims[n // 3], passage=passage, score=0.5, rank=n % 3 + 1)
            for n, passage in enumerate(passages)
        ]
    )


def measure(client: Client, url: str, repeat: int) -> dict:
    client.get(url)  # warm-up: templates, permission caches
    timings, queries = [], []
    for _ in range(repeat):
        reset_queries()
        began = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - began)
        queries.append(len(connection.queries))
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return {
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)] * 1000,
        "queries": max(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,2000,10000")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # connection.queries is recorded only with DEBUG on
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run(sizes, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report(results, sizes)


def run(sizes: list[int], repeat: int) -> list[dict]:
    user = get_user_model().objects.create_user("bench-reviewer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="reviewer"))
    client = Client()
    client.force_login(user)
    pages = {
        "list": "/admin/claims/claim/",
        "my queue": "/admin/claims/claim/?queue=mine",
        "search": "/admin/claims/claim/?q=percent+(claim+1",
    }
    results, filled = [], 0
    for size in sizes:
        fill(filled, size, user)
        filled = size
        claim_page = f"/admin/claims/claim/{Claim.objects.order_by('-pk').values_list('pk', flat=True)[0]}/change/"
        for name, url in [*pages.items(), ("claim page", claim_page)]:
            results.append({"claims": size, "page": name, **measure(client, url, repeat)})
    return results


def report(results: list[dict], sizes: list[int]) -> None:
    baseline = {r["page"]: r for r in results if r["claims"] == sizes[0]}
    print(f"{'claims':>7} {'page':<11} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'median / baseline':>18}")
    for r in results:
        r["median_ratio"] = r["median_ms"] / baseline[r["page"]]["median_ms"]
        print(
            f"{r['claims']:>7} {r['page']:<11} {r['queries']:>7} {r['median_ms']:>10.1f} {r['p95_ms']:>8.1f} "
            f"{r['median_ratio']:>18.2f}"
        )
    out = ROOT / "bench" / "results" / "admin_claim_list.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    out.write_text(json.dumps({"machine": machine, "baseline_claims": sizes[0], "results": results}, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
