"""Corroboration throughput: documents per second fetched, extracted and indexed from a local server.

    .venv/bin/python bench/corroboration_throughput.py [--documents N] [--rounds R]

Serves N generated HTML article pages on 127.0.0.1 (allowed via FETCH_ALLOWED_INTERNAL_HOSTS, no
politeness delay: the point is our pipeline, not the remote site) and pushes every page through the
same pipeline — ``document_fetch`` (safe fetch + trafilatura extraction) then ``document_index``
(passages, full-text vectors) — three ways, on fresh documents each time, in the database
``claimtrack_bench_jobs``:

* baseline: in-process, one at a time (one worker, no broker);
* jobs, 1 worker process: ``document_fetch_task`` -> ``document_index_task`` through Redis;
* jobs, 2 worker processes: the same with two worker processes (the issue's configuration).

Reports documents/second (median of R rounds) and each as a ratio to the baseline measured in the same
run. Writes bench/results/corroboration_throughput.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.update(
    {
        "FETCH_ALLOWED_INTERNAL_HOSTS": "127.0.0.1",
        "FETCH_POLITENESS_DELAY": "0",
        "FETCH_HOST_CONCURRENCY": "8",
        "LOG_LEVEL": "WARNING",
    }
)

from _benchdb import ROOT, machine, use_bench_database, write_results

NAME = "corroboration_throughput"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    database = use_bench_database("jobs")
    sys.path.insert(0, str(ROOT))
    from tests.support.http_server import FixtureServer
    from tests.support.pages import article_html

    server = FixtureServer().start()
    batch = iter(range(10**6))

    def new_documents() -> list[int]:
        """N pending documents on pages never fetched before (fresh URLs, fresh text)."""
        from sources.models import ConnectorKind, Document

        numbers = [next(batch) for _ in range(args.documents)]
        urls = [server.add(f"/p/{n}.html", body=article_html(n)) for n in numbers]
        return [Document.objects.create(url=url, connector=ConnectorKind.URL).id for url in urls]

    def warm_up() -> list[int]:
        from sources.models import ConnectorKind, Document

        numbers = [next(batch) for _ in range(8)]
        urls = [server.add(f"/w/{n}.html", body=article_html(n)) for n in numbers]
        return [Document.objects.create(url=url, connector=ConnectorKind.URL).id for url in urls]

    try:
        _reset()
        _in_process(warm_up())  # imports and first-call costs are paid before timing
        results = {
            "baseline: in-process, 1 worker": _rounds(args.rounds, lambda: _in_process(new_documents())),
            "jobs: 1 worker process": _rounds(
                args.rounds, lambda: _with_workers(new_documents(), workers=1, warm_up=warm_up)
            ),
            "jobs: 2 worker processes": _rounds(
                args.rounds, lambda: _with_workers(new_documents(), workers=2, warm_up=warm_up)
            ),
        }
    finally:
        server.stop()
    baseline = results["baseline: in-process, 1 worker"]
    table = {name: {"docs_per_second": rate, "ratio_to_baseline": rate / baseline} for name, rate in results.items()}
    _print(table, args.documents, args.rounds)
    path = write_results(
        NAME,
        {"database": database, "documents_per_round": args.documents, "rounds": args.rounds, "results": table},
    )
    print(f"\nmachine: {machine()}\nwritten to {path.relative_to(ROOT)}")


def _reset() -> None:
    from sources.models import Document

    Document.objects.all().delete()


def _rounds(count: int, measure) -> float:
    return statistics.median(measure() for _ in range(count))


def _in_process(document_ids: list[int]) -> float:
    from sources.models import Document
    from sources.services.documents import document_fetch, document_index

    started = time.perf_counter()
    for document_id in document_ids:
        document = document_fetch(document=Document.objects.get(id=document_id))
        document_index(document=document)
    return _rate(document_ids, started)


def _with_workers(document_ids: list[int], *, workers: int, warm_up) -> float:
    from tests.support.worker import WorkerProcess, worker_environment

    keep = ("FETCH_ALLOWED_INTERNAL_HOSTS", "FETCH_POLITENESS_DELAY", "FETCH_HOST_CONCURRENCY", "LOG_LEVEL")
    # Persistent database connections in the workers (DB_CONN_MAX_AGE), as a deployment would run them.
    env = worker_environment(DB_CONN_MAX_AGE="300", **{k: os.environ[k] for k in keep})
    processes = [WorkerProcess(concurrency=1, env=env) for _ in range(workers)]
    try:
        for process in processes:
            process.wait_ready()
        _through_jobs(warm_up())  # every worker process imports the extractor before timing
        started = time.perf_counter()
        _through_jobs(document_ids)
        return _rate(document_ids, started)
    finally:
        for process in processes:
            process.stop()


def _through_jobs(document_ids: list[int]) -> None:
    from sources.models import Document
    from sources.tasks import document_fetch_task

    for document_id in document_ids:
        document_fetch_task.delay(document_id)
    pending = Document.objects.filter(id__in=document_ids, indexed_at__isnull=True)
    while pending.exists():
        _check_failures(document_ids)
        time.sleep(0.05)


def _check_failures(document_ids: list[int]) -> None:
    from sources.models import Document, FetchStatus

    failed = Document.objects.filter(id__in=document_ids, fetch_status=FetchStatus.FAILED).first()
    if failed is not None:
        raise SystemExit(f"document {failed.url} failed: {failed.fetch_error}")


def _rate(document_ids: list[int], started: float) -> float:
    from sources.models import Document, FetchStatus

    elapsed = time.perf_counter() - started
    done = Document.objects.filter(id__in=document_ids, fetch_status=FetchStatus.FETCHED, indexed_at__isnull=False)
    if done.count() != len(document_ids):
        raise SystemExit(f"only {done.count()} of {len(document_ids)} documents were fetched and indexed")
    return len(document_ids) / elapsed


def _print(table: dict, documents: int, rounds: int) -> None:
    print(f"\nCorroboration throughput: {documents} documents per round, median of {rounds} rounds\n")
    print(f"{'pipeline':<34} {'docs/s':>8} {'x baseline':>11}")
    for name, row in table.items():
        print(f"{name:<34} {row['docs_per_second']:>8.1f} {row['ratio_to_baseline']:>11.2f}")


if __name__ == "__main__":
    main()
