"""ClaimReviews published by other fact-checkers, imported and matched to our claims."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from claims.models.claims import Claim


class ExternalReviewSource(models.TextChoices):
    FACTCHECK_API = "factcheck_api", "Google Fact Check Tools claims:search"
    JSONLD = "jsonld", "JSON-LD embedded in a fact-check page"
    FILE = "file", "ClaimReview JSON / JSON Lines file"


class ExternalReview(models.Model):
    """A ClaimReview published by another fact-checker, imported for reviewers to see.

    It is matched to our most similar claim ("already checked by ...") but never becomes our verdict.
    ``key`` is the SHA-256 of the review URL and the claim text, so re-importing updates in place.
    """

    key = models.CharField(max_length=64, unique=True, editable=False)
    source = models.CharField(max_length=16, choices=ExternalReviewSource.choices)
    publisher_name = models.CharField(max_length=300, blank=True)
    publisher_site = models.CharField(max_length=253, blank=True)
    url = models.URLField(max_length=2000, help_text="The review's URL")
    title = models.CharField(max_length=500, blank=True)
    claim_text = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    claim_date = models.DateTimeField(null=True, blank=True)
    rating_text = models.CharField(max_length=300, blank=True, help_text="textualRating / alternateName")
    language = models.CharField(max_length=16, blank=True)
    review_date = models.DateTimeField(null=True, blank=True)
    raw = models.JSONField(default=dict, help_text="The imported item, verbatim")
    matched_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="external_reviews"
    )
    similarity = models.FloatField(null=True, blank=True, help_text="pg_trgm similarity to the matched claim")
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-review_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(claim_text=""), name="external_review_claim_text_nonempty"),
            models.CheckConstraint(
                condition=Q(source__in=ExternalReviewSource.values), name="external_review_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(matched_claim__isnull=True, similarity__isnull=True)
                | Q(matched_claim__isnull=False, similarity__gte=0.0, similarity__lte=1.0),
                name="external_review_match_has_similarity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher_name or self.publisher_site}: {self.rating_text} — {self.claim_text[:60]}"
