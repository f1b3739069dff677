"""Verdicts on claims and the rating scale they use."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims.models.claims import Claim
from claims.models.evidence import Evidence


class RatingLabel(models.Model):
    """One step of the published rating scale, mapped to ClaimReview's reviewRating."""

    slug = models.SlugField(max_length=64, unique=True)
    label = models.CharField(max_length=100, unique=True, help_text="ClaimReview alternateName")
    rating_value = models.PositiveSmallIntegerField(help_text="ClaimReview ratingValue")
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "rating_value"]

    def __str__(self) -> str:
        return self.label


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


ACTIVE_VERDICT_STATUSES = [
    VerdictStatus.DRAFT,
    VerdictStatus.PROPOSED,
    VerdictStatus.APPROVED,
    VerdictStatus.PUBLISHED,
]


class Verdict(models.Model):
    """A rating of a claim with its rationale, proposed by one person and approved by another."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.ForeignKey(RatingLabel, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField(blank=True)
    cited_evidence = models.ManyToManyField(Evidence, blank=True, related_name="cited_by")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts_authored")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="verdicts_approved"
    )
    status = models.CharField(max_length=16, choices=VerdictStatus.choices, default=VerdictStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["cited_evidence"])

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_verdict", "Can approve a verdict proposed by someone else"),
            ("publish_verdict", "Can publish an approved verdict"),
            ("retract_verdict", "Can retract or reopen a published verdict"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=VerdictStatus.values), name="verdict_status_valid"),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status__in=ACTIVE_VERDICT_STATUSES),
                name="verdict_one_active_per_claim",
            ),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=F("author")),
                name="verdict_approver_not_author",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[VerdictStatus.APPROVED, VerdictStatus.PUBLISHED]) | Q(approver__isnull=False),
                name="verdict_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status=VerdictStatus.PUBLISHED) | (Q(published_at__isnull=False) & ~Q(rationale="")),
                name="verdict_published_has_date_and_rationale",
            ),
            models.CheckConstraint(
                condition=~Q(status=VerdictStatus.RETRACTED) | ~Q(retraction_reason=""),
                name="verdict_retracted_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} — claim {self.claim_id}"
