"""Claims, the speakers they are attributed to, their tags, and where they appeared."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from sources.models import Article


class Speaker(models.Model):
    """A person or organisation that makes claims. Aliases make "Rutte" and "Mark Rutte" one speaker."""

    name = models.CharField(max_length=200, unique=True)
    role = models.CharField(max_length=300, blank=True, help_text="Role or title, e.g. NATO Secretary General")
    organisation = models.CharField(max_length=300, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    wikidata_id = models.CharField(max_length=20, blank=True)
    is_organisation = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=~Q(wikidata_id=""), name="speaker_unique_wikidata_id"
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="speaker_wikidata_id_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.SlugField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    ACCEPTED = "accepted", "Accepted for checking"
    IN_REVIEW = "in_review", "Assigned / in review"
    VERDICT_PROPOSED = "verdict_proposed", "Verdict proposed"
    APPROVED = "approved", "Verdict approved"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"


class Claim(models.Model):
    """A check-worthy statement, normalised, with the speaker it is attributed to."""

    statement = models.TextField()
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    checkworthiness = models.FloatField(help_text="Machine check-worthiness score in [0, 1]")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.CANDIDATE)
    rejection_reason = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    new_evidence_since_verdict = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, help_text="Incremented on every change; used for ETags")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0.0) & Q(checkworthiness__lte=1.0),
                name="claim_checkworthiness_range",
            ),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.REJECTED) | ~Q(rejection_reason=""),
                name="claim_rejected_has_reason",
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_nonempty"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="claim_status_created"),
            models.Index(fields=["-created_at", "-id"], name="claim_created"),
            # The API's full-text search (?search=) and "has this been checked?" match use these.
            GinIndex(SearchVector("statement", config="english"), name="claim_statement_fts"),
            GinIndex(fields=["statement"], name="claim_statement_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class Appearance(models.Model):
    """One place a claim was made or reported: the article, the span, the verbatim quote."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    start = models.PositiveIntegerField(help_text="Character offset of the sentence in the article text")
    end = models.PositiveIntegerField()
    sentence = models.TextField()
    quote = models.TextField(blank=True, help_text="The verbatim quotation, when the claim is quoted")
    speaker = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appearances",
        help_text="Who made the claim here, as this article attributes it (the same claim can have several)",
    )
    appeared_at = models.DateTimeField(null=True, blank=True, help_text="When it was said or reported")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appeared_at", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "article", "start"], name="appearance_unique_span"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appearance_span_nonempty"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} in {self.article_id} [{self.start}:{self.end}]"


class ClaimURL(models.Model):
    """A page a reviewer wants searched for evidence on a claim (the URL connector fetches it)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="urls")
    url = models.URLField(max_length=2000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "reviewer URL"
        constraints = [models.UniqueConstraint(fields=["claim", "url"], name="claimurl_unique_per_claim")]

    def __str__(self) -> str:
        return self.url
