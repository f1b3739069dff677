"""Corroboration runs: one connector searching for evidence on one claim."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models.claims import Claim
from sources.models import ConnectorKind


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class RunTrigger(models.TextChoices):
    MANUAL = "manual", "Manual"
    SCHEDULE = "schedule", "Schedule"
    INGEST = "ingest", "On ingestion"


class CorroborationRun(models.Model):
    """One connector searched for one claim: when, how it ended, what it found."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="runs")
    connector = models.CharField(max_length=32, choices=ConnectorKind.choices)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(max_length=16, choices=RunTrigger.choices, default=RunTrigger.MANUAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.TextField(blank=True)
    documents_found = models.PositiveIntegerField(default=0)
    documents_new = models.PositiveIntegerField(default=0)
    evidence_created = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When its job reached the broker; empty = waiting in the outbox"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Refreshed while a worker runs it; a stale heartbeat means the worker died"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="run_status_valid"),
            models.CheckConstraint(condition=Q(connector__in=ConnectorKind.values), name="run_connector_valid"),
            models.CheckConstraint(condition=~Q(status=RunStatus.FAILED) | ~Q(error=""), name="run_failed_has_error"),
            models.UniqueConstraint(
                fields=["claim", "connector"],
                condition=Q(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]),
                name="run_one_open_per_claim_connector",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status=RunStatus.QUEUED, enqueued_at__isnull=True),
                name="run_outbox",
            )
        ]

    def __str__(self) -> str:
        return f"{self.connector} for claim {self.claim_id} ({self.status})"
