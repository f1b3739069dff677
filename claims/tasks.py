"""Celery tasks of the claims app: thin wrappers that load a row and call a service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from claimtrack.queueing import backoff_delay, enqueue_later

logger = logging.getLogger(__name__)

# ---- article ingestion -----------------------------------------------------------------------------

ARTICLE_INGEST_MAX_RETRIES = 3


@shared_task(bind=True, max_retries=ARTICLE_INGEST_MAX_RETRIES)
def article_ingest_task(self, article_id: int) -> None:
    """Fetch and extract pending Article ``article_id`` and store its candidate claims.

    The API creates the pending row and enqueues this with ``transaction.on_commit``. A permanent
    failure is recorded on the row (``fetch_status=failed``, ``fetch_error``); a transient fetch error
    is retried with exponential backoff and jitter, and recorded on the row after the last try.
    """
    from claims.services.ingestion import article_process
    from sources.fetching import FetchError

    final = self.request.retries >= ARTICLE_INGEST_MAX_RETRIES
    try:
        article_process(article_id=article_id, final_attempt=final)
    except FetchError as exc:
        delay = backoff_delay(self.request.retries, retry_after=getattr(exc, "retry_after", None))
        raise self.retry(exc=exc, countdown=delay) from exc


# ---- end of article ingestion ----------------------------------------------------------------------


# ---- corroboration ---------------------------------------------------------------------------------
# Every task here is safe to run twice (a redelivered job after a worker died, a job the outbox sent
# again): runs are claimed with a compare-and-swap, documents and evidence are upserted on unique keys.

RUN_TIME_LIMIT = settings.CELERY_TASK_TIME_LIMIT


@shared_task(
    bind=True,
    name="claims.corroboration_run",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=RUN_TIME_LIMIT,
    max_retries=None,  # bounded by CORROBORATION_RUN_MAX_ATTEMPTS on the row, not by Celery
)
def corroboration_run_task(self, run_id: int) -> None:
    """Run one connector for one claim (a CorroborationRun row)."""
    from claims.corroboration import RunBusy, RunTransientError, run_execute
    from claims.models import CorroborationRun

    run = CorroborationRun.objects.filter(id=run_id).first()
    if run is None:
        return
    final = run.attempts + 1 >= settings.CORROBORATION_RUN_MAX_ATTEMPTS
    try:
        run_execute(run=run, final_attempt=final)
    except RunBusy as exc:
        # Another live worker has it (this is a second delivery of the job): look again later, so the
        # run still finishes if that worker dies.
        raise self.retry(countdown=min(exc.retry_in, settings.CELERY_RETRY_BACKOFF_MAX)) from exc
    except RunTransientError as exc:
        raise self.retry(countdown=backoff_delay(self.request.retries, retry_after=exc.retry_after)) from exc


@shared_task(name="claims.rank_evidence", acks_late=True, soft_time_limit=120, time_limit=150)
def claim_rank_evidence_task(claim_id: int) -> None:
    """Re-rank a claim's evidence from the passages indexed so far."""
    from claims.corroboration import claim_rank_evidence
    from claims.models import Claim

    claim = Claim.objects.filter(id=claim_id).first()
    if claim is not None:
        claim_rank_evidence(claim=claim)


@shared_task(name="claims.send_pending_runs", acks_late=True, soft_time_limit=60, time_limit=90)
def runs_send_pending_task() -> None:
    """The outbox sweeper: send the jobs of runs, submitted articles and documents that never reached the
    broker (or were lost with it)."""
    from claims.corroboration import runs_send_pending
    from claims.services.ingestion import articles_send_pending
    from sources.services.documents import documents_send_pending

    sent = runs_send_pending()
    articles = articles_send_pending()
    fetches, indexes = documents_send_pending()
    if sent or articles or fetches or indexes:
        logger.info(
            "outbox: sent %s corroboration runs, %s article ingestions, %s document fetches, %s document indexings",
            sent,
            articles,
            fetches,
            indexes,
        )


@shared_task(name="claims.corroborate_open_claims", acks_late=True, soft_time_limit=120, time_limit=150)
def corroborate_open_claims_task() -> None:
    """Queue runs for every open claim (the schedule's re-corroboration)."""
    from claims.services.recorroboration import claims_corroborate_open

    claims_corroborate_open()


@shared_task(name="claims.recheck_published_verdicts", acks_late=True, soft_time_limit=120, time_limit=150)
def recheck_published_verdicts_task() -> None:
    """Queue runs for claims with a published verdict; new evidence flags them."""
    from claims.services.recorroboration import claims_recheck_published

    claims_recheck_published()


# ---- end of corroboration --------------------------------------------------------------------------


# --- Webhooks and notifications (claims/services/webhooks.py, notifications.py) --------------------


@shared_task(name="claims.webhook_deliver")
def webhook_deliver_task(delivery_id: int) -> None:
    """Make the next attempt of a webhook delivery and schedule the one after, if it failed."""
    from claims.services.webhooks import webhook_delivery_attempt

    delay = webhook_delivery_attempt(delivery_id=delivery_id)
    if delay is not None:
        enqueue_later(webhook_deliver_task, args=(delivery_id,), delay=delay)


@shared_task(name="claims.webhook_deliveries_resume")
def webhook_deliveries_resume_task() -> None:
    """Periodic: pick up deliveries whose scheduled retry was lost."""
    from claims.services.webhooks import webhook_deliveries_resume

    webhook_deliveries_resume()


@shared_task(name="claims.notification_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_email_task(kind: str, claim_id: int) -> None:
    """Email reviewers about a claim (``assigned`` / ``new_evidence``); SMTP errors are retried."""
    from claims.services.notifications import notification_email_send

    notification_email_send(kind=kind, claim_id=claim_id)
