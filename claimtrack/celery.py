"""The Celery app. Configuration comes from Django settings (``CELERY_*``); tasks live in each app."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

app = Celery("claimtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def send_pending_jobs_on_start(**kwargs) -> None:
    """A starting worker sends the jobs recorded while the broker was down (the outbox), at once."""
    from claims.corroboration import runs_send_pending
    from claims.services.ingestion import articles_send_pending
    from sources.services.documents import documents_send_pending

    runs_send_pending(min_age=0)
    articles_send_pending(min_age=0)
    documents_send_pending()
