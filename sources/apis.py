"""The sources side of the REST API: documents (and passage search), connectors, feeds.

Everyone with a role reads them; editors change connectors and manage feeds (``claims/roles.py``).
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claimtrack.filtering import StrictBooleanFilter, StrictFilterBackend
from claimtrack.permissions import RolePermission
from sources.models import Connector, Document, Feed
from sources.search import search_passages
from sources.serializers import (
    ConnectorSerializer,
    DocumentSerializer,
    DocumentSubmitInput,
    FeedSerializer,
    PassageHitSerializer,
    PassageSearchQuerySerializer,
)
from sources.services.documents import document_submit


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Documents found by connectors; ``search`` ranks their passages for a text."""

    permission_classes = [RolePermission]
    view_perm = "sources.view_document"
    action_perms = {"search": "sources.view_passage", "create": "sources.add_document"}
    filter_backends = [StrictFilterBackend]
    filterset_fields = {"connector": ["exact"], "fetch_status": ["exact"]}
    serializer_class = DocumentSerializer
    ordering = ("-created_at", "-id")

    def get_queryset(self):
        return Document.objects.defer("text", "raw_content")

    @extend_schema(request=DocumentSubmitInput, responses={202: DocumentSerializer, 200: DocumentSerializer})
    def create(self, request):
        """Editors add a page: 202 with the pending document (a job fetches and indexes it); 200 if known."""
        data = DocumentSubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        document, created = document_submit(url=data.validated_data["url"])
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        return Response(DocumentSerializer(document).data, status=code)

    @extend_schema(parameters=[PassageSearchQuerySerializer], responses=PassageHitSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def search(self, request):
        """The best passages for a text (full-text, coverage, trigram and, when on, semantic scores)."""
        query = PassageSearchQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        hits = search_passages(query=data["q"], limit=data["limit"], connector=data.get("connector"))
        return Response([hit.as_dict() for hit in hits])


class ConnectorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Connector settings; editors switch them on and off and set endpoint, key and limits."""

    permission_classes = [RolePermission]
    view_perm = "sources.view_connector"
    action_perms = {"partial_update": "sources.change_connector"}
    serializer_class = ConnectorSerializer
    queryset = Connector.objects.all()
    ordering = ("kind", "id")
    pagination_class = None  # one row per connector kind: a handful
    filter_backends = [StrictFilterBackend]
    http_method_names = ["get", "patch", "head", "options"]


class FeedFilter(django_filters.FilterSet):
    enabled = StrictBooleanFilter()

    class Meta:
        model = Feed
        fields = []


class FeedViewSet(viewsets.ModelViewSet):
    """RSS/Atom feeds polled on a schedule; editors add, change and remove them."""

    permission_classes = [RolePermission]
    view_perm = "sources.view_feed"
    action_perms = {
        "create": "sources.add_feed",
        "partial_update": "sources.change_feed",
        "destroy": "sources.delete_feed",
    }
    serializer_class = FeedSerializer
    queryset = Feed.objects.all()
    ordering = ("-created_at", "-id")
    filter_backends = [StrictFilterBackend]
    filterset_class = FeedFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
