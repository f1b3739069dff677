"""Webhook deliveries: signed POSTs through sources.fetching, retried with backoff, every attempt recorded.

Contract for receivers (docs/webhooks.md): the body is the JSON payload, byte for byte what was signed;
``X-ClaimTrack-Signature: sha256=<hex HMAC-SHA256 of the body keyed with the subscription's secret>``;
``X-ClaimTrack-Event``, ``X-ClaimTrack-Event-Id`` (the same for every retry: deduplicate on it) and
``X-ClaimTrack-Delivery``. Any 2xx answer is success; anything else is retried.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription
from claimtrack.queueing import due_job_grace
from sources.fetching import FetchError, fetch

EXCERPT_CHARS = 500
RESPONSE_MAX_BYTES = 64 * 1024  # a receiver's answer is only kept as an excerpt


def webhook_body(payload: dict) -> bytes:
    """The exact bytes sent (and signed): compact JSON with sorted keys, so retries send identical bodies."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def webhook_signature(*, secret: str, body: bytes) -> str:
    """The ``X-ClaimTrack-Signature`` value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@transaction.atomic
def webhook_deliveries_create(*, event: WebhookEvent, payload: dict) -> list[WebhookDelivery]:
    """One delivery per active subscription to ``event``, each enqueued after commit.

    ``payload`` gets the envelope ``{"event", "event_id", "occurred_at", "data": payload}``.
    """
    envelope = {
        "event": str(event),
        "event_id": str(uuid.uuid4()),
        "occurred_at": timezone.now().isoformat(),
        "data": payload,
    }
    subscriptions = WebhookSubscription.objects.filter(active=True, events__contains=[event])
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(subscription=s, event=event, event_id=envelope["event_id"], payload=envelope)
            for s in subscriptions
        ]
    )
    from claims.tasks import webhook_deliver_task

    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: webhook_deliver_task.delay(pk))
    return deliveries


def webhook_delivery_attempt(*, delivery_id: int) -> float | None:
    """Make the next attempt of one delivery; seconds until the next one, or ``None`` when finished.

    Safe to run twice: the attempt number is claimed with a compare-and-swap, so two workers never
    make the same attempt, and a delivered or abandoned delivery is a no-op.
    """
    delivery = WebhookDelivery.objects.select_related("subscription").filter(id=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    number = delivery.attempts + 1
    claimed = WebhookDelivery.objects.filter(
        id=delivery.id, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=number, updated_at=timezone.now())
    if claimed != 1:
        return None
    outcome = _post(delivery)
    return _record(delivery, number, outcome)


def webhook_deliveries_resume(*, grace: timedelta = timedelta(minutes=10)) -> list[int]:
    """Enqueue pending deliveries whose next attempt is due, or whose first job is ``grace`` late.

    A retry further off than ``CELERY_RETRY_BACKOFF_MAX`` is not sent with a countdown (it would outlast
    the broker's visibility timeout): its row keeps ``next_attempt_at`` and this sweep sends it once due
    (``due_job_grace``: a retry sent with a countdown has run by then). A delivery with no next
    attempt whose job has not run for ``grace`` lost its broker message and is sent again.
    """
    now = timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
        .filter(
            Q(next_attempt_at__lt=now - due_job_grace()) | Q(next_attempt_at__isnull=True, updated_at__lt=now - grace)
        )
        .values_list("id", flat=True)
    )
    from claims.tasks import webhook_deliver_task

    for delivery_id in ids:
        webhook_deliver_task.delay(delivery_id)
    return ids


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter on the upper half, capped; ``attempt`` counts from 1."""
    ceiling = min(settings.WEBHOOK_RETRY_MAX_SECONDS, settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


# --- one attempt -----------------------------------------------------------------------------------


class _Outcome:
    def __init__(self, *, ok: bool, code: int | None, excerpt: str, error: str, retry: bool, duration_ms: int):
        self.ok, self.code, self.excerpt, self.error = ok, code, excerpt, error
        self.retry, self.duration_ms = retry, duration_ms


def _post(delivery: WebhookDelivery) -> _Outcome:
    body = webhook_body(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "X-ClaimTrack-Signature": webhook_signature(secret=delivery.subscription.secret, body=body),
        "X-ClaimTrack-Event": delivery.event,
        "X-ClaimTrack-Event-Id": str(delivery.event_id),
        "X-ClaimTrack-Delivery": str(delivery.id),
    }
    started = time.monotonic()
    try:
        # retries=0: retries are this module's, spaced by backoff and each one recorded.
        result = fetch(
            delivery.subscription.url,
            method="POST",
            data=body,
            headers=headers,
            accept=("*/*",),
            robots=False,
            retries=0,
            max_bytes=RESPONSE_MAX_BYTES,
            min_interval=0,
        )
    except FetchError as exc:
        # Any HTTP answer may come right later (a receiver being deployed answers 404 or 502); an error
        # with no HTTP status that is permanent (blocked address, malformed URL) never will.
        retry = exc.status is not None or exc.transient
        return _Outcome(ok=False, code=exc.status, excerpt="", error=exc.message, retry=retry, duration_ms=_ms(started))
    return _Outcome(
        ok=True,
        code=result.status,
        excerpt=result.text[:EXCERPT_CHARS],
        error="",
        retry=False,
        duration_ms=_ms(started),
    )


@transaction.atomic
def _record(delivery: WebhookDelivery, number: int, outcome: _Outcome) -> float | None:
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        succeeded=outcome.ok,
        response_code=outcome.code,
        response_excerpt=outcome.excerpt,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    fields = {"response_code": outcome.code, "response_excerpt": outcome.excerpt, "updated_at": timezone.now()}
    delay = None
    if outcome.ok:
        fields.update(status=DeliveryStatus.SUCCEEDED, delivered_at=timezone.now(), error="", next_attempt_at=None)
    elif outcome.retry and number < settings.WEBHOOK_MAX_ATTEMPTS:
        delay = backoff_seconds(number)
        fields.update(
            error=f"attempt {number}: {outcome.error}", next_attempt_at=timezone.now() + timedelta(seconds=delay)
        )
    else:
        reason = "permanent error" if not outcome.retry else f"gave up after {number} attempts"
        fields.update(status=DeliveryStatus.FAILED, error=f"{reason}: {outcome.error}", next_attempt_at=None)
    WebhookDelivery.objects.filter(id=delivery.id).update(**fields)
    return delay


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
