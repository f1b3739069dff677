"""Reliability of the corroboration jobs against the real broker and real worker processes.

No test here asserts on time: each waits (generously, or within the bound the requirement states)
for an outcome written to PostgreSQL by another process.
"""

from __future__ import annotations

import pytest
from django.db.models import Count

from claims.corroboration import claim_corroborate, runs_send_pending
from claims.models import CorroborationRun, Evidence, RunStatus, RunTrigger
from claims.tasks import corroboration_run_task
from claimtrack.celery import app
from sources.models import Document, Passage
from tests.support.collections import bulk_documents
from tests.support.waiting import wait_until
from tests.support.worker import WorkerProcess

pytestmark = [pytest.mark.slow, pytest.mark.broker, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def start_worker():
    """``start_worker(**kwargs)``: a started worker process, stopped (or already killed) at teardown."""
    workers: list[WorkerProcess] = []

    def start(**kwargs) -> WorkerProcess:
        worker = WorkerProcess(**kwargs)
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        if worker.process.poll() is None:
            worker.stop()


def _run_state(run_id: int) -> CorroborationRun:
    return CorroborationRun.objects.get(id=run_id)


def _assert_no_duplicates() -> None:
    assert not Document.objects.values("url").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Passage.objects.values("document", "position").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Evidence.objects.values("claim", "passage").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_a_worker_killed_mid_run_finishes_the_run_after_restart(harbour_claim, only_local_connector, start_worker):
    only_local_connector(bulk_documents(60), max_results=60)
    first = start_worker()
    [run] = claim_corroborate(claim=harbour_claim, connectors=["local"], trigger=RunTrigger.MANUAL)
    wait_until(lambda: Document.objects.count() >= 5, timeout=90, message="the run never started storing documents")

    first.kill()
    killed = _run_state(run.id)
    assert killed.status == RunStatus.RUNNING  # killed in the middle, not after the end
    assert Document.objects.count() < 60

    second = start_worker()
    # The requirement: the restarted worker finishes the run within 30 seconds.
    wait_until(lambda: _run_state(run.id).status == RunStatus.SUCCEEDED, timeout=30, message=second.log())

    done = _run_state(run.id)
    assert (done.attempts, done.documents_found, done.error) == (2, 60, "")
    assert Document.objects.count() == 60
    assert Evidence.objects.filter(claim=harbour_claim).exists()
    _assert_no_duplicates()


def test_the_same_job_delivered_twice_runs_once(harbour_claim, only_local_connector, start_worker):
    only_local_connector()
    [run] = claim_corroborate(claim=harbour_claim, connectors=["local"], trigger=RunTrigger.MANUAL, send=False)
    worker = start_worker(concurrency=2)
    corroboration_run_task.delay(run.id)
    corroboration_run_task.delay(run.id)
    wait_until(lambda: _run_state(run.id).status == RunStatus.SUCCEEDED, timeout=90, message=worker.log())
    wait_until(lambda: worker.log().count("succeeded in") >= 2, timeout=90, message=worker.log())
    evidence = Evidence.objects.filter(claim=harbour_claim).count()
    corroboration_run_task.delay(run.id)  # a third time, once finished: nothing changes
    wait_until(lambda: worker.log().count("succeeded in") >= 3, timeout=90, message=worker.log())

    assert _run_state(run.id).attempts == 1
    assert Document.objects.count() == 2
    assert Evidence.objects.filter(claim=harbour_claim).count() == evidence > 0
    _assert_no_duplicates()


def test_jobs_recorded_while_the_broker_was_down_are_sent_and_run_later(
    harbour_claim, only_local_connector, tmp_path, start_worker
):
    only_local_connector()
    real = app.conf.broker_url
    app.conf.broker_url = f"redis+socket://{tmp_path / 'no-broker.sock'}"
    try:
        [run] = claim_corroborate(claim=harbour_claim, connectors=["local"], trigger=RunTrigger.MANUAL)
        assert runs_send_pending(min_age=0) == 0  # still down: still pending
    finally:
        app.conf.broker_url = real
    assert _run_state(run.id).enqueued_at is None

    worker = start_worker()  # a starting worker sends the outbox
    wait_until(lambda: _run_state(run.id).status == RunStatus.SUCCEEDED, timeout=90, message=worker.log())

    assert _run_state(run.id).enqueued_at is not None
    assert Document.objects.count() == 2


def test_a_worker_child_past_the_memory_limit_is_replaced_and_the_next_task_still_runs(start_worker):
    """``CELERY_WORKER_MAX_MEMORY_PER_CHILD`` reaches the real worker: with a 1 KB limit every child
    is past it after its first task, so each task runs in a new child process."""
    from claims.tasks import article_ingest_task
    from tests.support.worker import worker_environment

    worker = start_worker(env=worker_environment(CELERY_WORKER_MAX_MEMORY_PER_CHILD="1"))
    for missing_article in (987_654_321, 987_654_322):  # a task for a row that is gone returns quietly
        article_ingest_task.delay(missing_article)

    log = wait_until(
        lambda: log if (log := worker.log()).count("succeeded in") == 2 else "",
        message="the worker did not run both tasks",
    )

    children = [line.split("/")[1].split("]")[0] for line in log.splitlines() if "succeeded in" in line]
    assert children == ["ForkPoolWorker-1", "ForkPoolWorker-2"], log
