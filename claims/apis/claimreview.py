"""The public ClaimReview feed: published verdicts as schema.org JSON-LD."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from claims.services import claimreview
from claimtrack.filtering import StrictFilterBackend

CLAIM_REVIEW = inline_serializer(
    "ClaimReview",
    {
        "@context": serializers.CharField(),
        "@type": serializers.CharField(),
        "url": serializers.CharField(),
        "claimReviewed": serializers.CharField(),
        "datePublished": serializers.CharField(),
        "author": serializers.DictField(),
        "reviewRating": serializers.DictField(),
        "reviewBody": serializers.CharField(required=False),
        "itemReviewed": serializers.DictField(),
    },
)


class ClaimReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The public feed of published reviews as schema.org ClaimReview JSON-LD. No authentication."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    filter_backends = [StrictFilterBackend]
    filterset_class = None
    serializer_class = None
    ordering = ("-published_at", "-id")

    def get_queryset(self):
        return claimreview.verdicts_published()

    @extend_schema(responses=CLAIM_REVIEW)
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        scale = claimreview.rating_scale_bounds()
        return self.get_paginated_response([claimreview.claimreview_build(verdict=v, scale=scale) for v in page])

    @extend_schema(responses=CLAIM_REVIEW)
    def retrieve(self, request, *args, **kwargs):
        verdict = self.get_object()
        return Response(claimreview.claimreview_build(verdict=verdict))
