"""Claims, who made them, where they appeared, the evidence for them and the verdicts on them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from sources.models import Article, ConnectorKind, Passage


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
    history = HistoricalRecords(excluded_fields=["updated_at"])

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
