"""Corroboration: search connectors on a claim's behalf, store what they find, rank the evidence.

The life of a run (one connector for one claim), each step safe to repeat:

1. ``claim_corroborate`` records a ``queued`` run per connector and, once the transaction commits,
   sends its job. A job the broker did not take leaves ``enqueued_at`` empty: the outbox
   (``runs_send_pending``, on a schedule and at worker start) sends it later.
2. ``run_execute`` claims the row with a compare-and-swap (``queued`` -> ``running``); while it works
   a thread refreshes ``heartbeat_at``. A second delivery of the job finds the row running: with a
   fresh heartbeat it waits (``RunBusy``); with a stale one the worker died and it takes over.
3. The connector searches with the claim's query (``claims.services.search_query``); its hits are
   upserted as documents (unique URL / content hash), fetched and indexed; ``claim_rank_evidence``
   upserts the top passages as Evidence (unique per claim + passage).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.models import (
    Claim,
    ClaimStatus,
    ClaimURL,
    CorroborationRun,
    Evidence,
    RunStatus,
    RunTrigger,
    VerdictStatus,
)
from claims.services.search_query import claim_search_query, query_describe
from claimtrack.exceptions import ApplicationError
from sources.connectors.base import ConnectorError
from sources.models import Connector, ConnectorKind, Document, FetchStatus

logger = logging.getLogger(__name__)

# Claims still being checked: re-corroborated on a schedule.
OPEN_STATUSES = [ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW, ClaimStatus.VERDICT_PROPOSED]


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


# ------------------------------------------------------------------------------------ runs: create


@transaction.atomic
def claim_corroborate(
    *, claim: Claim, connectors: list[str] | None = None, trigger: str, user=None, send: bool = True
) -> list[CorroborationRun]:
    """Queue one run per connector (default: every enabled one) for ``claim``; jobs are sent on commit.

    ``send=False`` records the runs without sending jobs (the caller executes them itself).

    A connector that already has a queued or running run for the claim keeps it (returned, not
    duplicated). Raises ``ApplicationError`` for a rejected claim, an unknown or disabled connector,
    or an unknown trigger; nothing is written then.
    """
    kinds = _connector_kinds(connectors)
    if trigger not in RunTrigger.values:
        raise ApplicationError(f"Unknown trigger {trigger!r}", code="invalid_trigger")
    if claim.status == ClaimStatus.REJECTED:
        raise ApplicationError("A rejected claim is not corroborated", code="claim_rejected")
    runs = [_open_run(claim=claim, kind=kind, trigger=trigger, user=user) for kind in kinds]
    run_ids = [run.id for run in runs if run.status == RunStatus.QUEUED and run.enqueued_at is None]
    if send:
        transaction.on_commit(lambda: runs_send(run_ids=run_ids))
    return runs


@transaction.atomic
def claim_url_add(*, claim: Claim, url: str, user=None) -> CorroborationRun:
    """Add a page a reviewer wants searched for ``claim`` and queue the URL connector's run for it.

    The URL is canonicalised (http/https only); adding it twice keeps one row. Raises
    ``ApplicationError`` (nothing written) for a malformed URL, a rejected claim or a disabled URL
    connector. The page is fetched by the run, through the safe fetching module.
    """
    from sources.text import canonicalize_url

    canonical = canonicalize_url(url)
    ClaimURL.objects.get_or_create(claim=claim, url=canonical, defaults={"added_by": user})
    # A run already queued picks the new URL up when it builds its query; a running one does not, so
    # the next run does (the unique open-run constraint keeps one of each).
    (run,) = claim_corroborate(claim=claim, connectors=[ConnectorKind.URL], trigger=RunTrigger.MANUAL, user=user)
    return run


def _connector_kinds(requested: list[str] | None) -> list[str]:
    enabled = list(Connector.objects.filter(enabled=True).values_list("kind", flat=True))
    if requested is None:
        if not enabled:
            raise ApplicationError("No connector is enabled", code="no_connector")
        return enabled
    unknown = [kind for kind in requested if kind not in ConnectorKind.values]
    if unknown:
        raise ApplicationError(f"Unknown connector: {', '.join(unknown)}", code="unknown_connector")
    disabled = [kind for kind in requested if kind not in enabled]
    if disabled:
        raise ApplicationError(f"Connector disabled: {', '.join(disabled)}", code="connector_disabled")
    return list(dict.fromkeys(requested))


def _open_run(*, claim: Claim, kind: str, trigger: str, user) -> CorroborationRun:
    """The claim's queued/running run for ``kind``, or a new queued one (the unique constraint decides)."""
    open_runs = CorroborationRun.objects.filter(
        claim=claim, connector=kind, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    )
    existing = open_runs.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: a concurrent request may create the same run
            return CorroborationRun.objects.create(claim=claim, connector=kind, trigger=trigger, requested_by=user)
    except IntegrityError:
        return open_runs.get()


# ------------------------------------------------------------------------------------ runs: outbox


def runs_send(*, run_ids: list[int]) -> int:
    """Send the jobs of ``run_ids``; return how many the broker took (the rest stay in the outbox)."""
    from claims.tasks import corroboration_run_task
    from claimtrack.queueing import publish_each

    def mark_sent(run_id: int) -> None:
        CorroborationRun.objects.filter(id=run_id, enqueued_at__isnull=True).update(enqueued_at=timezone.now())

    return publish_each(corroboration_run_task, ids=run_ids, mark_sent=mark_sent)


def runs_send_pending(*, min_age: float = 5.0) -> int:
    """The outbox sweeper: send every queued run whose job never reached the broker; return how many.

    Runs younger than ``min_age`` seconds are left to the request that created them (its on-commit
    send is probably under way). Also requeues runs whose job was lost with a broker that lost its
    data: queued-and-sent or running-with-a-dead-heartbeat for longer than ``lost_after``.
    """
    now = timezone.now()
    lost_after = timedelta(seconds=max(10 * settings.CELERY_VISIBILITY_TIMEOUT, 600))
    CorroborationRun.objects.filter(
        Q(status=RunStatus.QUEUED, enqueued_at__lt=now - lost_after)
        | Q(status=RunStatus.RUNNING, heartbeat_at__lt=now - lost_after)
    ).update(status=RunStatus.QUEUED, enqueued_at=None)
    pending = CorroborationRun.objects.filter(
        status=RunStatus.QUEUED, enqueued_at__isnull=True, created_at__lt=now - timedelta(seconds=min_age)
    )
    return runs_send(run_ids=list(pending.order_by("created_at").values_list("id", flat=True)))


# ----------------------------------------------------------------------------------- runs: execute


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
    from sources.services.documents import document_store

    config = Connector.objects.filter(kind=run.connector).first()
    if config is None or not config.enabled:
        raise ConnectorError(f"connector {run.connector!r} is disabled or not configured")
    query = claim_search_query(claim=run.claim)
    CorroborationRun.objects.filter(id=run.id).update(query=query_describe(query))
    found = _connector_instance(config).search(query)
    new = 0
    for item in found:
        document, created = document_store(found=item, connector=run.connector)
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


# ----------------------------------------------------------------------------------------- ranking


def claim_rank_evidence(*, claim: Claim) -> int:
    """Upsert the claim's top passages as Evidence (score, rank, suggested stance); return how many are new.

    The passages are ``evidence_find``'s (the same ranking as ``manage.py find_evidence``), searched
    within the claim's date window.
    Only machine fields are written: a reviewer's ``decision``, ``decided_by``, ``decided_at`` and
    ``note`` are never touched. Earlier evidence that dropped out of the top is kept, ranked after.
    New evidence on a claim with a published verdict sets ``new_evidence_since_verdict``.
    """
    from sources.services.evidence import evidence_find

    query = claim_search_query(claim=claim)
    found = evidence_find(
        claim=claim.statement, top=settings.CORROBORATION_EVIDENCE_LIMIT, since=query.since, until=query.until
    )
    top = [item["passage_id"] for item in found]
    with transaction.atomic():
        known = set(Evidence.objects.filter(claim=claim).values_list("passage_id", flat=True))
        rows = [
            Evidence(
                claim=claim,
                passage_id=item["passage_id"],
                score=item["score"],
                rank=rank,
                suggested_stance=item["stance"],
            )
            for rank, item in enumerate(found, start=1)
        ]
        Evidence.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["claim", "passage"],
            update_fields=["score", "rank", "suggested_stance", "updated_at"],
        )
        _renumber(claim=claim, top=top)
        created = len(set(top) - known)
        if created and claim.verdicts.filter(status=VerdictStatus.PUBLISHED).exists():
            _flag_new_evidence(claim_id=claim.id)
    return created


def _flag_new_evidence(*, claim_id: int) -> None:
    """Set ``new_evidence_since_verdict``; only the update that flips it notifies (webhook + email)."""
    from claims.services.notifications import claim_new_evidence_notify

    flipped = Claim.objects.filter(id=claim_id, new_evidence_since_verdict=False).update(
        new_evidence_since_verdict=True, version=F("version") + 1
    )
    if not flipped:
        Claim.objects.filter(id=claim_id).update(version=F("version") + 1)
        return
    claim_new_evidence_notify(claim=Claim.objects.select_related("speaker", "assignee").get(id=claim_id))


def _renumber(*, claim: Claim, top: list[int]) -> None:
    """Evidence not in this ranking's ``top`` keeps its place after it, best score first."""
    rest = Evidence.objects.filter(claim=claim).exclude(passage_id__in=top).order_by("-score", "id")
    updates = [Evidence(id=row_id, rank=len(top) + i) for i, row_id in enumerate(rest.values_list("id", flat=True), 1)]
    Evidence.objects.bulk_update(updates, ["rank"])
