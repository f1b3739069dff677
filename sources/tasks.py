"""Celery tasks of the sources app: thin wrappers that take ids and call a service."""

from __future__ import annotations

from celery import shared_task

# --- Archiving (sources/services/archive.py) -------------------------------------------------------


@shared_task(name="sources.archive_request")
def archive_request_task(request_id: int) -> None:
    """Advance one Wayback archive request by a step and schedule the next step, if any."""
    from sources.services.archive import archive_request_advance

    delay = archive_request_advance(request_id=request_id)
    if delay is not None:
        archive_request_task.apply_async((request_id,), countdown=delay)


@shared_task(name="sources.archive_requests_resume")
def archive_requests_resume_task() -> None:
    """Periodic: pick up archive requests whose scheduled next step was lost."""
    from sources.services.archive import archive_requests_resume

    archive_requests_resume()
