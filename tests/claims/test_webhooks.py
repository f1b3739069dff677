"""Webhooks: signed deliveries, retries with backoff, every attempt recorded, nothing lost."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from claims.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from claims.services import workflow as wf
from claims.services.notifications import event_emit
from claims.services.webhooks import webhook_body, webhook_deliveries_resume, webhook_delivery_attempt
from claimtrack.exceptions import ApplicationError
from sources import fetching
from tests.claims.workflow_support import claim_with_evidence, published_verdict
from tests.support.receiver import Receiver
from tests.support.waiting import wait_until

SECRET = "s3cret-for-tests"


@pytest.fixture
def loopback(settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_POLITENESS_DELAY = 0
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    fetching.clear_caches()


@pytest.fixture
def receiver(fixture_server):
    return Receiver(fixture_server).install()


def subscribe(url: str, events=(WebhookEvent.VERDICT_PUBLISHED,), **fields) -> WebhookSubscription:
    return WebhookSubscription.objects.create(url=url, secret=SECRET, events=list(events), **fields)


def deliver_until_done(delivery: WebhookDelivery) -> WebhookDelivery:
    for _ in range(20):
        if webhook_delivery_attempt(delivery_id=delivery.id) is None:
            delivery.refresh_from_db()
            return delivery
    raise AssertionError("delivery did not finish in 20 attempts")


def expected_signature(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.django_db
def test_a_delivery_is_a_post_of_the_payload_signed_with_the_subscriptions_secret(receiver, loopback):
    subscribe(receiver.url)
    (delivery,) = event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={"verdict": {"id": 7}})

    delivery = deliver_until_done(delivery)

    (status, headers, body) = receiver.received[0]
    assert status == 200
    assert headers["X-ClaimTrack-Signature"] == expected_signature(body)
    assert headers["X-ClaimTrack-Event"] == "verdict.published"
    assert headers["X-ClaimTrack-Event-Id"] == str(delivery.event_id)
    assert headers["Content-Type"] == "application/json"
    sent = json.loads(body)
    assert sent["event"] == "verdict.published"
    assert sent["data"] == {"verdict": {"id": 7}}
    assert body == webhook_body(delivery.payload)
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.SUCCEEDED, 1, 200)
    assert delivery.response_excerpt == '{"ok": true}'


@pytest.mark.django_db
def test_only_active_subscriptions_to_the_event_get_a_delivery(receiver):
    wanted = subscribe(receiver.url, events=[WebhookEvent.VERDICT_PUBLISHED, WebhookEvent.VERDICT_CHANGED])
    subscribe(receiver.url, events=[WebhookEvent.CLAIM_ASSIGNED])
    subscribe(receiver.url, active=False)

    deliveries = event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={})

    assert [d.subscription_id for d in deliveries] == [wanted.id]


@pytest.mark.django_db
def test_it_gives_up_after_the_maximum_attempts_and_keeps_every_attempt(receiver, loopback):
    receiver.statuses = [500]
    subscribe(receiver.url)
    (delivery,) = event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={})

    delivery = deliver_until_done(delivery)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 4
    assert "gave up after 4 attempts: HTTP 500" in delivery.error
    attempts = list(delivery.attempt_log.values_list("number", "succeeded", "response_code"))
    assert attempts == [(1, False, 500), (2, False, 500), (3, False, 500), (4, False, 500)]
    assert len(receiver.received) == 4


@pytest.mark.django_db
def test_a_url_that_can_never_work_fails_at_once(loopback):
    subscribe("http://10.255.255.1/hook")  # a private address the SSRF guard refuses
    (delivery,) = event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={})

    delivery = deliver_until_done(delivery)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.error.startswith("permanent error: ")


@pytest.mark.django_db
def test_a_delivered_event_is_never_sent_again(receiver, loopback):
    subscribe(receiver.url)
    (delivery,) = event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={})
    deliver_until_done(delivery)

    assert webhook_delivery_attempt(delivery_id=delivery.id) is None
    assert webhook_delivery_attempt(delivery_id=999_999) is None
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_workflow_actions_emit_their_events(receiver, reviewer, editor):
    subscription = subscribe(receiver.url, events=WebhookEvent.values)

    claim, _ = claim_with_evidence()
    wf.claim_accept(claim=claim, user=reviewer)
    wf.claim_assign(claim=claim, user=reviewer, assignee=reviewer)
    verdict = published_verdict(reviewer, editor)
    wf.verdict_retract(verdict=verdict, user=editor, reason="Wrong figure")

    deliveries = WebhookDelivery.objects.filter(subscription=subscription).order_by("id")
    events = [(d.event, d.payload["data"].get("change")) for d in deliveries]
    assert events == [
        ("claim.assigned", None),
        ("claim.assigned", None),  # published_verdict assigns its own claim
        ("verdict.published", None),
        ("verdict.changed", "retracted"),
    ]
    published = deliveries[2].payload["data"]
    assert published["verdict"]["id"] == verdict.id
    assert published["verdict"]["rating"] == "False"
    assert published["verdict"]["review_url"].endswith(f"/claim-reviews/{verdict.id}/")
    assert published["claim"]["statement"] == verdict.claim.statement


@pytest.mark.django_db
def test_an_action_that_fails_emits_nothing(receiver, reviewer, viewer):
    subscribe(receiver.url, events=WebhookEvent.values)
    claim, _ = claim_with_evidence()
    wf.claim_accept(claim=claim, user=reviewer)
    with pytest.raises(ApplicationError, match="cannot be assigned"):
        wf.claim_assign(claim=claim, user=reviewer, assignee=viewer)
    assert WebhookDelivery.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.broker
def test_resume_requeues_pending_deliveries_whose_retry_is_overdue(receiver):
    from datetime import timedelta

    from django.utils import timezone

    subscribe(receiver.url)
    (overdue,) = event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={})
    (scheduled,) = event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={})
    WebhookDelivery.objects.filter(id=overdue.id).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    WebhookDelivery.objects.filter(id=scheduled.id).update(next_attempt_at=timezone.now() + timedelta(hours=1))

    assert webhook_deliveries_resume() == [overdue.id]


@pytest.mark.django_db
@pytest.mark.broker
def test_a_retry_too_far_off_for_a_countdown_is_sent_by_the_sweep_once_due(receiver):
    """The first retry comes 15-30 s after a failure: too long for a countdown, so the sweep sends it."""
    from datetime import timedelta

    from django.utils import timezone

    from claimtrack.queueing import due_job_grace

    subscribe(receiver.url)
    due, not_yet, countdown_running = (event_emit(kind=WebhookEvent.VERDICT_PUBLISHED, payload={})[0] for _ in range(3))
    now = timezone.now()
    late = due_job_grace() + timedelta(seconds=1)
    WebhookDelivery.objects.filter(id=due.id).update(attempts=1, next_attempt_at=now - late, updated_at=now - late)
    WebhookDelivery.objects.filter(id=not_yet.id).update(attempts=1, next_attempt_at=now + timedelta(seconds=20))
    WebhookDelivery.objects.filter(id=countdown_running.id).update(
        attempts=1, next_attempt_at=now - timedelta(seconds=1)
    )

    assert webhook_deliveries_resume() == [due.id]


@pytest.mark.slow
def test_a_receiver_that_is_down_then_recovers_gets_the_event_exactly_once(
    migrated_rows, receiver, fixture_server, reviewer, editor
):
    """The real path: publish -> commit -> Celery worker -> POST, failing twice, then delivered."""
    from claimtrack.celery import app
    from tests.support.worker import WorkerProcess, worker_environment

    receiver.statuses = [503, 503, 200]
    subscribe(receiver.url)
    env = worker_environment(
        FETCH_ALLOWED_INTERNAL_HOSTS="127.0.0.1",
        FETCH_POLITENESS_DELAY="0",
        WEBHOOK_RETRY_BASE_SECONDS="0.2",
        WAYBACK_SAVE_URL=fixture_server.url("/no-wayback"),  # the verdict's sources are archived too
        WAYBACK_AVAILABLE_URL=fixture_server.url("/no-wayback"),
    )
    app.control.purge()
    worker = WorkerProcess(env=env)
    try:
        worker.wait_ready()
        verdict = published_verdict(reviewer, editor)
        delivery = wait_until(
            lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.SUCCEEDED).first(),
            message="the webhook was not delivered",
        )
    finally:
        worker.stop()

    assert [status for status, _, _ in receiver.received] == [503, 503, 200]
    bodies = {body for _, _, body in receiver.received}
    assert len(bodies) == 1  # every retry sends the same signed body
    (body,) = bodies
    assert all(headers["X-ClaimTrack-Signature"] == expected_signature(body) for _, headers, _ in receiver.received)
    assert json.loads(body)["data"]["verdict"]["id"] == verdict.id
    attempts = list(
        WebhookAttempt.objects.filter(delivery=delivery).values_list("number", "succeeded", "response_code")
    )
    assert attempts == [(1, False, 503), (2, False, 503), (3, True, 200)]
    assert delivery.attempts == 3
