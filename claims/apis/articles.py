"""Articles: list, detail with the claims found in them, and submission by URL or text."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from claims import selectors
from claims.apis.common import validated_input
from claims.serializers import ArticleDetailSerializer
from claims.services.ingestion import article_submit
from claimtrack.filtering import StrictFilterBackend
from claimtrack.permissions import RolePermission
from sources.serializers import ArticleSerializer, ArticleSubmitSerializer


class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Articles: list, detail with the claims found in them; submit one by URL or text."""

    permission_classes = [RolePermission]
    view_perm = "sources.view_article"
    action_perms = {"create": "sources.add_article"}
    filter_backends = [StrictFilterBackend]
    filterset_fields = {"fetch_status": ["exact"], "outlet": ["exact"]}
    ordering = ("-created_at", "-id")

    def get_queryset(self):
        return selectors.article_detail() if self.action == "retrieve" else selectors.articles_list()

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    @extend_schema(request=ArticleSubmitSerializer, responses={202: ArticleSerializer, 200: ArticleSerializer})
    def create(self, request):
        """Submit a URL or a text; 202 with the pending article, whose ``fetch_status`` tells how it goes.

        An article already stored under the same canonical URL or content hash is answered with 200 and
        that article; nothing is queued again.
        """
        data = validated_input(ArticleSubmitSerializer, request)
        article, created = article_submit(
            url=data.get("url", ""), text=data.get("text", ""), title=data.get("title", "")
        )
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        response = Response(ArticleSerializer(article).data, status=code)
        response["Location"] = f"/api/v1/articles/{article.pk}/"
        return response
