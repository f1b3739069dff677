"""API representations of sources: outlets, articles, documents, passages, connectors, feeds.

Output serializers only shape data; input serializers only validate it. The views call services.
"""

from __future__ import annotations

from django.core.validators import URLValidator
from rest_framework import serializers

from claimtrack.api import StrictModelSerializer, StrictSerializer
from sources.models import Article, Connector, ConnectorKind, Document, Feed, Outlet, Passage


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain"]


def _optional_url(**kwargs) -> serializers.CharField:
    """A URL that may be empty: a string in the schema (format "uri" would refuse the empty string)."""
    return serializers.CharField(help_text="An http(s) URL, or empty", **kwargs)


class ArticleSerializer(serializers.ModelSerializer):
    outlet = OutletSerializer(read_only=True, allow_null=True)
    url = _optional_url(read_only=True)
    submitted_url = _optional_url(read_only=True)
    archive_url = _optional_url(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "submitted_url",
            "title",
            "outlet",
            "authors",
            "published_at",
            "language",
            "fetch_status",
            "fetch_error",
            "fetched_at",
            "archive_url",
            "created_at",
        ]
        read_only_fields = fields


class ArticleSubmitSerializer(StrictSerializer):
    """Either a URL to fetch or the text itself (with an optional title); exactly one of url / text."""

    url = serializers.URLField(max_length=2000, required=False)
    text = serializers.CharField(max_length=200_000, required=False, trim_whitespace=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, attrs):
        if bool(attrs.get("url")) == bool(attrs.get("text")):
            message = "Give exactly one of url or text."
            raise serializers.ValidationError({"url": [message], "text": [message]})
        return attrs


class DocumentSubmitInput(StrictSerializer):
    url = serializers.URLField(max_length=2000, validators=[URLValidator(schemes=["http", "https"])])


class DocumentSerializer(serializers.ModelSerializer):
    archive_url = _optional_url(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "published_at",
            "language",
            "connector",
            "fetch_status",
            "fetch_error",
            "fetched_at",
            "indexed_at",
            "archive_url",
            "created_at",
        ]
        read_only_fields = fields


class DocumentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "url", "title", "publisher", "published_at"]
        read_only_fields = fields


class PassageSerializer(serializers.ModelSerializer):
    document = DocumentBriefSerializer(read_only=True)

    class Meta:
        model = Passage
        fields = ["id", "document", "position", "start", "end", "text"]
        read_only_fields = fields


class ConnectorSerializer(StrictModelSerializer):
    """``api_key`` can be set but is never shown; ``has_api_key`` says whether one is stored."""

    api_key = serializers.CharField(max_length=200, write_only=True, required=False, allow_blank=True)
    base_url = _optional_url(max_length=500, required=False, allow_blank=True, validators=[URLValidator()])
    has_api_key = serializers.SerializerMethodField()

    class Meta:
        model = Connector
        fields = ["id", "kind", "enabled", "base_url", "api_key", "has_api_key", "max_results", "options", "updated_at"]
        read_only_fields = ["id", "kind", "updated_at"]
        extra_kwargs = {"max_results": {"min_value": 1, "max_value": 250}}

    def get_has_api_key(self, connector: Connector) -> bool:
        return bool(connector.api_key)

    def validate_options(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Must be a JSON object.")
        return value


class FeedSerializer(StrictModelSerializer):
    class Meta:
        model = Feed
        fields = ["id", "url", "title", "enabled", "last_polled_at", "last_error", "created_at"]
        read_only_fields = ["id", "last_polled_at", "last_error", "created_at"]


class PassageSearchQuerySerializer(StrictSerializer):
    q = serializers.CharField(max_length=1000, trim_whitespace=True)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
    connector = serializers.ChoiceField(choices=ConnectorKind.choices, required=False)


class PassageHitSerializer(serializers.Serializer):
    """One search result (``sources.search.PassageHit``); every score is in [0, 1]."""

    passage_id = serializers.IntegerField()
    document_id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    score = serializers.FloatField()
    lexical = serializers.FloatField()
    coverage = serializers.FloatField()
    trigram = serializers.FloatField()
    semantic = serializers.FloatField()
