"""What exists without any claim: outlets, articles, connectors, feeds, documents and passages."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from pgvector.django import HnswIndex, VectorField

from sources.validators import validate_storable_json

EMBEDDING_DIMENSIONS = 384  # all-MiniLM-L6-v2


class FetchStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    FETCHING = "fetching", "Fetching"
    FETCHED = "fetched", "Fetched"
    FAILED = "failed", "Failed"


class Outlet(models.Model):
    """A publisher of articles (a newspaper, an agency, a broadcaster)."""

    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """An article that claims come from. Its text is what claim offsets point into."""

    url = models.URLField(max_length=2000, blank=True, help_text="Canonical URL, tracking parameters stripped")
    submitted_url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    authors = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True)
    raw_content = models.TextField(blank=True, help_text="The response body as fetched, for the record")
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the normalised text")
    fetch_status = models.CharField(max_length=16, choices=FetchStatus.choices, default=FetchStatus.PENDING)
    fetch_error = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the ingestion job reached the broker (empty: in the outbox)"
    )
    archive_url = models.URLField(max_length=2000, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_unique_url"),
            models.UniqueConstraint(
                fields=["content_hash"], condition=~Q(content_hash=""), name="article_unique_content_hash"
            ),
            models.CheckConstraint(condition=Q(fetch_status__in=FetchStatus.values), name="article_fetch_status_valid"),
            models.CheckConstraint(
                condition=~Q(fetch_status=FetchStatus.FETCHED) | ~Q(text=""),
                name="article_fetched_has_text",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"


class ConnectorKind(models.TextChoices):
    RSS = "rss", "RSS / Atom feeds"
    URL = "url", "URL added by a reviewer"
    WIKIPEDIA = "wikipedia", "Wikipedia (MediaWiki search)"
    GDELT = "gdelt", "GDELT news search"
    FACTCHECK = "factcheck", "Google Fact Check Tools"
    LOCAL = "local", "Local document collection"


class Connector(models.Model):
    """Configuration of one connector: editors switch it on and off and set its endpoint and limits."""

    kind = models.CharField(max_length=32, choices=ConnectorKind.choices, unique=True)
    enabled = models.BooleanField(default=True)
    base_url = models.URLField(max_length=500, blank=True)
    api_key = models.CharField(max_length=200, blank=True, help_text="Leave empty to use the environment")
    max_results = models.PositiveIntegerField(default=10)
    options = models.JSONField(default=dict, blank=True, validators=[validate_storable_json])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ConnectorKind.values), name="connector_kind_valid"),
            models.CheckConstraint(
                condition=Q(max_results__gte=1) & Q(max_results__lte=250), name="connector_max_results_range"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Feed(models.Model):
    """An RSS or Atom feed that editors manage; polled on a schedule."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    enabled = models.BooleanField(default=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url


class Document(models.Model):
    """A corroborating document found by a connector; its passages are ranked as evidence."""

    url = models.URLField(max_length=2000, unique=True, help_text="Canonical URL")
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True)
    raw_content = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    connector = models.CharField(max_length=32, choices=ConnectorKind.choices)
    fetch_status = models.CharField(max_length=16, choices=FetchStatus.choices, default=FetchStatus.PENDING)
    fetch_error = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the fetch job reached the broker (empty: none sent, or in the outbox)"
    )
    archive_url = models.URLField(max_length=2000, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [  # the outbox sweep reads only the documents that still wait for text or an index
            models.Index(
                fields=["updated_at"],
                condition=Q(fetch_status__in=["pending", "fetching"]) | Q(indexed_at__isnull=True),
                name="document_unfinished",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"], condition=~Q(content_hash=""), name="document_unique_content_hash"
            ),
            models.CheckConstraint(
                condition=Q(fetch_status__in=FetchStatus.values), name="document_fetch_status_valid"
            ),
            models.CheckConstraint(condition=Q(connector__in=ConnectorKind.values), name="document_connector_valid"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Passage(models.Model):
    """A span of a document's text, indexed for full-text, trigram and vector search."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField(help_text="Order of the passage within its document")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    search_vector = SearchVectorField(null=True, editable=False)
    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="passage_unique_position"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="passage_span_nonempty"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="passage_search_gin"),
            GinIndex(fields=["text"], name="passage_text_trgm", opclasses=["gin_trgm_ops"]),
            HnswIndex(
                name="passage_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.start}-{self.end}"


class ArchiveStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be submitted"
    SUBMITTED = "submitted", "Submitted, polling the capture job"
    SUCCEEDED = "succeeded", "Archived"
    FAILED = "failed", "Failed"


class ArchiveRequest(models.Model):
    """One Wayback Machine "Save Page Now" request for an article or a document, and how it went.

    Exactly one of ``article`` / ``document`` is set. On success the target's ``archive_url`` and
    ``archived_at`` are filled in; a failure keeps the Wayback error code and message in ``error``.
    """

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="archive_requests"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="archive_requests"
    )
    url = models.URLField(max_length=2000, help_text="The live URL submitted for capture")
    status = models.CharField(max_length=16, choices=ArchiveStatus.choices, default=ArchiveStatus.PENDING)
    job_id = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Capture submissions made")
    polls = models.PositiveSmallIntegerField(default=0, help_text="Status polls for the current job")
    archive_url = models.URLField(max_length=2000, blank=True)
    last_response = models.JSONField(default=dict, blank=True, help_text="The last Wayback response, verbatim")
    error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ArchiveStatus.values), name="archive_status_valid"),
            models.CheckConstraint(
                condition=Q(article__isnull=True) ^ Q(document__isnull=True),
                name="archive_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArchiveStatus.FAILED) | ~Q(error=""), name="archive_failed_has_error"
            ),
            models.CheckConstraint(
                condition=~Q(status=ArchiveStatus.SUCCEEDED) | ~Q(archive_url=""),
                name="archive_succeeded_has_url",
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(status__in=[ArchiveStatus.PENDING, ArchiveStatus.SUBMITTED]),
                name="archive_one_open_per_article",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=[ArchiveStatus.PENDING, ArchiveStatus.SUBMITTED]),
                name="archive_one_open_per_document",
            ),
        ]

    def __str__(self) -> str:
        return f"Archive {self.url} ({self.status})"

    @property
    def target(self) -> Article | Document:
        return self.article if self.article_id else self.document
