"""Claims: list, detail, and the workflow actions (accept, reject, assign, tags, corroborate, add a URL)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import selectors
from claims.apis.common import IF_MATCH, validated_input
from claims.corroboration import claim_corroborate, claim_url_add
from claims.filters import ClaimFilter
from claims.models import Claim, RunTrigger
from claims.serializers import (
    ClaimAssignInput,
    ClaimDetailSerializer,
    ClaimRejectInput,
    ClaimSerializer,
    ClaimTagsInput,
    ClaimURLInput,
    CorroborateInput,
    CorroborationRunSerializer,
)
from claims.services import workflow
from claimtrack.api import require_if_match, with_etag
from claimtrack.filtering import StrictFilterBackend, StrictOrderingFilter
from claimtrack.permissions import RolePermission


def _user_or_field_error(user_id: int | None, field: str):
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise serializers.ValidationError({field: ["No active user with this id."]})
    return user


class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Claims: list (filters, full-text search, ordering), detail with evidence, and workflow actions.

    Workflow actions need ``If-Match`` with the claim's ETag (its ``version``).
    """

    permission_classes = [RolePermission]
    view_perm = "claims.view_claim"
    action_perms = {
        "accept": "claims.change_claim",
        "reject": "claims.change_claim",
        "assign": "claims.change_claim",
        "tags": "claims.change_claim",
        "corroborate": "claims.add_corroborationrun",
        "add_url": "claims.add_claimurl",
    }
    filter_backends = [StrictFilterBackend, StrictOrderingFilter]
    filterset_class = ClaimFilter
    ordering_fields = ["created_at", "updated_at", "checkworthiness"]
    ordering = ("-created_at", "-id")
    serializer_class = ClaimSerializer

    def get_queryset(self):
        return selectors.claim_detail() if self.action == "retrieve" else selectors.claims_list()

    def get_serializer_class(self):
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer

    @extend_schema(responses=ClaimDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        claim = self.get_object()
        return with_etag(Response(ClaimDetailSerializer(claim).data), claim.version)

    def _changed(self, claim: Claim) -> Response:
        fresh = selectors.claims_list().get(pk=claim.pk)
        return with_etag(Response(ClaimSerializer(fresh).data), fresh.version)

    def _version(self) -> tuple[Claim, int]:
        claim = self.get_object()
        return claim, require_if_match(self.request, claim.version)

    @extend_schema(request=None, parameters=[IF_MATCH], responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept a candidate claim for checking."""
        claim, version = self._version()
        return self._changed(workflow.claim_accept(claim=claim.pk, user=request.user, expected_version=version))

    @extend_schema(request=ClaimRejectInput, parameters=[IF_MATCH], responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a claim (not check-worthy or out of scope), with a reason."""
        data = validated_input(ClaimRejectInput, request)
        claim, version = self._version()
        changed = workflow.claim_reject(
            claim=claim.pk, user=request.user, reason=data["reason"], expected_version=version
        )
        return self._changed(changed)

    @extend_schema(request=ClaimAssignInput, parameters=[IF_MATCH], responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign the claim to an active user with the reviewer role or above (it moves to in review)."""
        data = validated_input(ClaimAssignInput, request)
        assignee = _user_or_field_error(data["assignee"], "assignee")
        claim, version = self._version()
        changed = workflow.claim_assign(claim=claim.pk, user=request.user, assignee=assignee, expected_version=version)
        return self._changed(changed)

    @extend_schema(request=ClaimTagsInput, parameters=[IF_MATCH], responses=ClaimSerializer)
    @action(detail=True, methods=["put"])
    def tags(self, request, pk=None):
        """Replace the claim's tags (created when new)."""
        data = validated_input(ClaimTagsInput, request)
        claim, version = self._version()
        changed = workflow.claim_set_tags(
            claim=claim.pk, user=request.user, tags=data["tags"], expected_version=version
        )
        return self._changed(changed)

    @extend_schema(request=CorroborateInput, responses={202: CorroborationRunSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def corroborate(self, request, pk=None):
        """Search the connectors for this claim now: 202 with the queued runs (see /runs/?claim={id})."""
        data = validated_input(CorroborateInput, request)
        claim = self.get_object()
        runs = claim_corroborate(
            claim=claim, connectors=data.get("connectors"), trigger=RunTrigger.MANUAL, user=request.user
        )
        fresh = selectors.runs_list().filter(pk__in=[run.pk for run in runs]).order_by("connector")
        return Response(CorroborationRunSerializer(fresh, many=True).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=ClaimURLInput, responses={202: CorroborationRunSerializer})
    @action(detail=True, methods=["post"], url_path="urls")
    def add_url(self, request, pk=None):
        """Add a page to search for evidence: 202 with the URL connector's queued run."""
        data = validated_input(ClaimURLInput, request)
        run = claim_url_add(claim=self.get_object(), url=data["url"], user=request.user)
        fresh = selectors.runs_list().get(pk=run.pk)
        return Response(CorroborationRunSerializer(fresh).data, status=status.HTTP_202_ACCEPTED)
