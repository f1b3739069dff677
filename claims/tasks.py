"""Celery tasks of the claims app: thin wrappers that load a row and call a service."""

from __future__ import annotations

import random

from celery import shared_task

# ---- article ingestion (branch extract) -----------------------------------------------------------

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
        countdown = (2**self.request.retries) * 10 + random.uniform(0, 5)  # noqa: S311 - jitter, not crypto
        raise self.retry(exc=exc, countdown=countdown) from exc


# ---- end of article ingestion ----------------------------------------------------------------------
