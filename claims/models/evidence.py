"""Evidence: passages ranked for a claim, with the suggested stance and the reviewer's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from claims.models.claims import Claim
from sources.models import Passage

# The change reason on the history rows a corroboration ranking writes (new or re-scored evidence).
RANKING_HISTORY_REASON = "ranked by corroboration"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"
    UNKNOWN = "unknown", "Unknown"


class Decision(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class Evidence(models.Model):
    """A passage ranked for a claim: the machine's score and suggested stance, and the reviewer's decision."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="evidence")
    score = models.FloatField()
    rank = models.PositiveIntegerField()
    suggested_stance = models.CharField(max_length=16, choices=Stance.choices, default=Stance.UNKNOWN)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["claim_id", "rank"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["claim", "passage"], name="evidence_unique_claim_passage"),
            models.CheckConstraint(condition=Q(suggested_stance__in=Stance.values), name="evidence_stance_valid"),
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="evidence_decision_valid"),
            models.CheckConstraint(
                condition=Q(decision=Decision.PENDING) | Q(decided_at__isnull=False),
                name="evidence_decided_has_time",
            ),
        ]
        indexes = [models.Index(fields=["claim", "rank"], name="evidence_claim_rank")]

    def __str__(self) -> str:
        return f"Evidence {self.pk} for claim {self.claim_id}"
