"""Celery tasks of the sources app: poll feeds, fetch a document, index it. Thin wrappers over sources.services.

Both are safe to run twice: fetching a document that has text returns it unchanged, and indexing a
document again keeps its passages (and the evidence on them) under a row lock. Jobs are sent through
the outbox (``documents_send``), so a broker that is down delays them instead of losing them.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction

from claimtrack.queueing import backoff_delay, enqueue_later


@shared_task(
    bind=True,
    name="sources.document_fetch",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.FETCH_TOTAL_TIMEOUT * 3,
    time_limit=settings.FETCH_TOTAL_TIMEOUT * 3 + 15,
    max_retries=settings.CELERY_TASK_MAX_RETRIES,
)
def document_fetch_task(self, document_id: int) -> None:
    """Fetch the document's text (transient network errors retried with backoff), then queue its indexing.

    A permanent failure is recorded on the document (``fetch_status=failed``, ``fetch_error``) by
    ``document_fetch``; after the last retry a transient one is recorded the same way.
    """
    from sources import fetching
    from sources.models import Document, FetchStatus
    from sources.services.documents import document_fetch

    document = Document.objects.filter(id=document_id).first()
    if document is None:
        return
    try:
        document = document_fetch(document=document)
    except fetching.FetchError as exc:
        if self.request.retries >= self.max_retries:
            reason = f"Fetch failed after {self.request.retries + 1} attempts: {exc}"
            Document.objects.filter(id=document_id).update(fetch_status=FetchStatus.FAILED, fetch_error=reason[:2000])
            return
        raise self.retry(countdown=backoff_delay(self.request.retries, retry_after=exc.retry_after)) from exc
    if document.text and document.indexed_at is None:
        transaction.on_commit(lambda: document_index_task.delay(document_id))


@shared_task(
    name="sources.document_index", acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=150
)
def document_index_task(document_id: int) -> None:
    """Split the document into passages and index them (full text, trigram, optional embeddings)."""
    from sources.models import Document
    from sources.services.documents import document_index

    document = Document.objects.filter(id=document_id).first()
    if document is not None and document.text:
        document_index(document=document)


@shared_task(name="sources.poll_feeds", acks_late=True, soft_time_limit=600, time_limit=660)
def feeds_poll_task() -> None:
    """Poll the enabled feeds; send a fetch (then an index) job for every new entry, through the outbox."""
    from sources.services.documents import documents_send
    from sources.services.feeds import feeds_poll

    documents_send(document_ids=[document_id for poll in feeds_poll() for document_id in poll.new_documents])


# --- Archiving (sources/services/archive.py) -------------------------------------------------------


@shared_task(name="sources.archive_request")
def archive_request_task(request_id: int) -> None:
    """Advance one Wayback archive request by a step and schedule the next step, if any."""
    from sources.services.archive import archive_request_advance

    delay = archive_request_advance(request_id=request_id)
    if delay is not None:
        enqueue_later(archive_request_task, args=(request_id,), delay=delay)


@shared_task(name="sources.archive_requests_resume")
def archive_requests_resume_task() -> None:
    """Periodic: pick up archive requests whose scheduled next step was lost."""
    from sources.services.archive import archive_requests_resume

    archive_requests_resume()
