"""Webhook subscriptions, the deliveries of events to them, and each delivery attempt."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class WebhookEvent(models.TextChoices):
    VERDICT_PUBLISHED = "verdict.published", "Verdict published"
    VERDICT_CHANGED = "verdict.changed", "Verdict changed or retracted"
    NEW_EVIDENCE = "claim.new_evidence", "New evidence after a verdict"
    CLAIM_ASSIGNED = "claim.assigned", "Claim assigned"


def webhook_secret_generate() -> str:
    import secrets

    return secrets.token_hex(32)


class WebhookSubscription(models.Model):
    """An endpoint that receives signed POSTs for the events it subscribes to; managed by editors."""

    url = models.URLField(max_length=2000, help_text="Receives a POST with a JSON body per event")
    secret = models.CharField(
        max_length=128,
        default=webhook_secret_generate,
        help_text="Key of the HMAC-SHA256 in the X-ClaimTrack-Signature header (sha256=<hex of the body's HMAC>)",
    )
    events = ArrayField(models.CharField(max_length=32, choices=WebhookEvent.choices))
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["url", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(events=[]), name="webhook_subscription_has_events"),
            models.CheckConstraint(
                condition=Q(events__contained_by=WebhookEvent.values), name="webhook_subscription_events_valid"
            ),
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_subscription_secret_nonempty"),
        ]

    def __str__(self) -> str:
        return self.description or self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending (retrying)"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Given up"


class WebhookDelivery(models.Model):
    """One event for one subscription: the payload, where delivery stands, and the last response."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32, choices=WebhookEvent.choices)
    event_id = models.UUIDField(help_text="The same for every subscription's delivery of one event")
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"),
            models.CheckConstraint(condition=Q(event__in=WebhookEvent.values), name="webhook_delivery_event_valid"),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.FAILED) | ~Q(error=""), name="webhook_delivery_failed_has_error"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} -> {self.subscription_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One POST of a delivery and what came back (kept for every attempt, failed or not)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    succeeded = models.BooleanField()
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivery_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of delivery {self.delivery_id}"
