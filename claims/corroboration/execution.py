"""Executing a run: claim the row (compare-and-swap, takeover of a dead worker's run), keep its
heartbeat fresh, search the connector, store, fetch and index what it finds, then rank the evidence."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from claims.corroboration.ranking import claim_rank_evidence
from claims.models import CorroborationRun, RunStatus
from claims.services.search_query import claim_search_query, query_describe
from sources.connectors.base import ConnectorError
from sources.models import Connector, Document, FetchStatus

logger = logging.getLogger(__name__)


class RunBusy(Exception):
    """Another worker holds the run and is alive; look again in ``retry_in`` seconds."""

    def __init__(self, retry_in: float):
        super().__init__(f"run is being executed elsewhere; retry in {retry_in:.1f}s")
        self.retry_in = retry_in


class RunTransientError(Exception):
    """The run hit a transient failure and was put back in the queue; retry after a backoff."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RunOutcome:
    documents_found: int
    documents_new: int
    evidence_created: int


def run_acquire(*, run_id: int) -> CorroborationRun | None:
    """Claim the run for this worker, or return None if there is nothing to do (finished, gone).

    Compare-and-swap on the row: ``queued`` -> ``running``, or a takeover of a ``running`` row whose
    heartbeat is older than the lease (its worker died). ``attempts`` is the owner's token.
    Raises ``RunBusy`` while another live worker holds it.
    """
    now = timezone.now()
    cap = settings.CORROBORATION_RUN_MAX_ATTEMPTS
    start = {"status": RunStatus.RUNNING, "started_at": now, "heartbeat_at": now, "attempts": F("attempts") + 1}
    if CorroborationRun.objects.filter(id=run_id, status=RunStatus.QUEUED, attempts__lt=cap).update(**start):
        return CorroborationRun.objects.select_related("claim").get(id=run_id)
    run = CorroborationRun.objects.filter(id=run_id).first()
    if run is None or run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
        return None
    if run.attempts >= cap:
        _fail_exhausted(run)
        return None
    stale_before = now - timedelta(seconds=settings.CORROBORATION_RUN_LEASE)
    if run.status == RunStatus.RUNNING and run.heartbeat_at and run.heartbeat_at > stale_before:
        raise RunBusy(retry_in=(run.heartbeat_at - stale_before).total_seconds() + 0.5)
    same = {"id": run_id, "status": run.status, "attempts": run.attempts, "heartbeat_at": run.heartbeat_at}
    if CorroborationRun.objects.filter(**same).update(**start):
        logger.warning("run %s: taking over from a worker that stopped (attempt %s)", run_id, run.attempts + 1)
        return CorroborationRun.objects.select_related("claim").get(id=run_id)
    raise RunBusy(retry_in=settings.CORROBORATION_RUN_LEASE)


def _fail_exhausted(run: CorroborationRun) -> None:
    last = run.error or "the worker running it stopped each time"
    reason = f"Gave up after {run.attempts} attempts: {last}"
    CorroborationRun.objects.filter(id=run.id, attempts=run.attempts).exclude(status=RunStatus.SUCCEEDED).update(
        status=RunStatus.FAILED, error=reason, finished_at=timezone.now()
    )


def run_execute(*, run: CorroborationRun, final_attempt: bool = True) -> CorroborationRun | None:
    """Execute ``run`` (a queued run, or one whose worker died); return it finished, or None if not ours.

    A permanent failure is recorded on the row (``failed`` with a readable ``error``). A transient
    one puts the row back to ``queued`` and raises ``RunTransientError`` for the caller to retry,
    unless ``final_attempt``, when it is recorded as a failure too.
    """
    acquired = run_acquire(run_id=run.id)
    if acquired is None:
        return None
    token = acquired.attempts
    with _heartbeat(run_id=acquired.id, token=token):
        try:
            outcome = _run_steps(acquired)
        except ConnectorError as exc:
            if exc.transient and not final_attempt:
                _run_release(acquired, token=token, reason=str(exc))
                raise RunTransientError(str(exc), retry_after=exc.retry_after) from exc
            return _run_fail(acquired, token=token, reason=f"{acquired.get_connector_display()} failed: {exc}")
        except SoftTimeLimitExceeded:
            limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
            return _run_fail(acquired, token=token, reason=f"Stopped: took longer than the {limit}s time limit")
        except Exception as exc:
            # Anything unexpected still ends the run with a readable reason; the error is re-raised
            # so the worker logs the traceback.
            _run_fail(acquired, token=token, reason=f"Unexpected error: {type(exc).__name__}: {exc}")
            raise
    return _run_finish(acquired, token=token, outcome=outcome)


def _run_steps(run: CorroborationRun) -> RunOutcome:
    from sources.services.documents import DocumentInputError, document_store

    config = Connector.objects.filter(kind=run.connector).first()
    if config is None or not config.enabled:
        raise ConnectorError(f"connector {run.connector!r} is disabled or not configured")
    query = claim_search_query(claim=run.claim)
    CorroborationRun.objects.filter(id=run.id).update(query=query_describe(query))
    found = _connector_instance(config).search(query)
    new = 0
    for item in found:
        try:
            document, created = document_store(found=item, connector=run.connector)
        except DocumentInputError as exc:  # one unusable hit (no http(s) URL) does not sink the others
            logger.warning("Run %s: %s hit skipped: %s", run.id, run.connector, exc)
            continue
        new += int(created)
        document_prepare(document=document)
    evidence = claim_rank_evidence(claim=run.claim)
    return RunOutcome(documents_found=len(found), documents_new=new, evidence_created=evidence)


def _connector_instance(config: Connector):
    from sources.connectors import get_connector

    return get_connector(config.kind, config)


def document_prepare(*, document: Document) -> Document:
    """Fetch ``document`` if it has no text yet, then index it if it is not indexed; both idempotent.

    A transient fetch failure leaves the document pending (the next run or fetch job picks it up);
    it does not fail the run that found it.
    """
    from sources import fetching
    from sources.services.documents import document_fetch, document_index

    if not document.text and document.fetch_status != FetchStatus.FAILED:
        try:
            document = document_fetch(document=document)
        except fetching.FetchError as exc:
            logger.info("document %s: transient fetch failure, left pending: %s", document.id, exc)
            return document
    if document.text and document.indexed_at is None:
        document_index(document=document)
        document.refresh_from_db()
    return document


def _run_release(run: CorroborationRun, *, token: int, reason: str) -> None:
    CorroborationRun.objects.filter(id=run.id, status=RunStatus.RUNNING, attempts=token).update(
        status=RunStatus.QUEUED, error=f"Transient failure, retrying: {reason}"[:2000], heartbeat_at=None
    )


def _run_fail(run: CorroborationRun, *, token: int, reason: str) -> CorroborationRun:
    CorroborationRun.objects.filter(id=run.id, status=RunStatus.RUNNING, attempts=token).update(
        status=RunStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def _run_finish(run: CorroborationRun, *, token: int, outcome: RunOutcome) -> CorroborationRun:
    CorroborationRun.objects.filter(id=run.id, status=RunStatus.RUNNING, attempts=token).update(
        status=RunStatus.SUCCEEDED,
        error="",
        finished_at=timezone.now(),
        documents_found=outcome.documents_found,
        documents_new=outcome.documents_new,
        evidence_created=outcome.evidence_created,
    )
    run.refresh_from_db()
    return run


@contextmanager
def _heartbeat(*, run_id: int, token: int) -> Iterator[None]:
    """Refresh the run's ``heartbeat_at`` from a thread while the body runs (steps can be slow)."""
    stop = threading.Event()
    interval = settings.CORROBORATION_RUN_LEASE / 4

    def beat() -> None:
        try:
            while not stop.wait(interval):
                CorroborationRun.objects.filter(id=run_id, status=RunStatus.RUNNING, attempts=token).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=beat, name=f"run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
