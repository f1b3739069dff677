"""Sending jobs to the broker without letting a dead or stalled broker block the caller.

Web requests enqueue jobs after their transaction commits. If the broker is down (connection refused)
or stalled (accepts the connection, never answers), ``publish`` gives up after
``CELERY_PUBLISH_TIMEOUT`` seconds and returns False; the caller's job is already recorded in
PostgreSQL (a queued run with ``enqueued_at`` empty), and the outbox sweeper sends it later.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import timedelta

from celery import Task
from django.conf import settings

logger = logging.getLogger(__name__)


def publish(task: Task, *, args: list, timeout: float | None = None) -> bool:
    """Send ``task(*args)`` to the broker; True if the broker took it, False if it could not in time.

    A fresh connection with short socket timeouts is used (the shared producer pool has the worker's
    longer ones) and kombu's own retries are off: the outbox is the retry mechanism.
    """
    from claimtrack.celery import app

    limit = timeout if timeout is not None else settings.CELERY_PUBLISH_TIMEOUT
    options = {"socket_connect_timeout": limit, "socket_timeout": limit, "max_retries": 0}
    try:
        with app.connection_for_write(app.conf.broker_url, transport_options=options) as connection:
            connection.ensure_connection(max_retries=0, timeout=limit)
            task.apply_async(args=args, connection=connection, retry=False)
    except Exception as exc:  # every broker failure means "not sent": the outbox keeps the job
        logger.warning("could not send %s%r to the broker: %s: %s", task.name, args, type(exc).__name__, exc)
        return False
    return True


def publish_each(task: Task, *, ids: list[int], mark_sent: Callable[[int], object]) -> int:
    """The outbox's send loop: ``task(id)`` for each id in order; return how many the broker took.

    ``mark_sent(id)`` records each accepted job (its row's ``enqueued_at``). Stops at the first refusal:
    the broker is down, and trying the rest would only add waiting; unsent rows stay in the outbox.
    """
    sent = 0
    for row_id in ids:
        if not publish(task, args=[row_id]):
            break
        mark_sent(row_id)
        sent += 1
    return sent


def lost_job_age() -> timedelta:
    """How long a sent job may go unfinished before the outbox sweepers take it for lost.

    Ten visibility timeouts (at least ten minutes): by then the broker would have handed the job out
    again had it still held it, so the job went down with a broker that lost its data, or with its worker.
    """
    return timedelta(seconds=max(10 * settings.CELERY_VISIBILITY_TIMEOUT, 600))


def due_job_grace() -> timedelta:
    """How long past its ``next_attempt_at`` a job may be before a resume sweep sends it itself.

    A job due within ``CELERY_RETRY_BACKOFF_MAX`` was sent with a countdown (``enqueue_later``) and has
    run by then; one due later was left to the sweep, which sends it this little after it falls due.
    """
    return timedelta(seconds=2 * settings.CELERY_RETRY_BACKOFF_MAX + settings.CELERY_VISIBILITY_TIMEOUT)


def backoff_delay(attempt: int, *, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (0-based): exponential with equal jitter, capped.

    A server's ``Retry-After`` is honoured when it is longer, still within the cap (a longer wait would
    outlast the broker's visibility timeout and hand the job out twice).
    """
    cap = float(settings.CELERY_RETRY_BACKOFF_MAX)
    exponential = min(cap, settings.CELERY_RETRY_BACKOFF_BASE * (2**attempt))
    delay = random.uniform(exponential / 2, exponential)  # noqa: S311 - jitter, not cryptography
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, cap)


def enqueue_later(task: Task, *, args: tuple, delay: float) -> bool:
    """Run ``task(*args)`` in ``delay`` seconds if that is short, else leave it to its resume sweep.

    A job held back with a countdown sits unacknowledged in a worker; past the broker's visibility
    timeout Redis hands it out again, so long countdowns would multiply. Rows that wait longer keep
    their ``next_attempt_at`` and the periodic resume sweep (claimtrack/schedule.py) sends them when due.
    Returns True if the job was sent now.
    """
    if delay > settings.CELERY_RETRY_BACKOFF_MAX:
        return False
    task.apply_async(args=args, countdown=delay)
    return True
