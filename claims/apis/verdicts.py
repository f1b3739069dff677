"""Verdicts: propose, update, approve, publish, send back, retract, reopen."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import selectors
from claims.apis.common import IF_MATCH, validated_input
from claims.filters import VerdictFilter
from claims.models import Claim, RatingLabel, Verdict
from claims.serializers import VerdictProposeInput, VerdictReasonInput, VerdictSerializer, VerdictUpdateInput
from claims.services import workflow
from claimtrack.api import require_if_match, with_etag
from claimtrack.filtering import StrictFilterBackend
from claimtrack.permissions import RolePermission


def _rating_or_field_error(slug: str | None) -> RatingLabel | None:
    if slug is None:
        return None
    rating = RatingLabel.objects.filter(slug=slug, is_active=True).first()
    if rating is None:
        raise serializers.ValidationError({"rating": ["Not an active rating label."]})
    return rating


class VerdictViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Verdicts: propose, update, approve, publish, send back, retract, reopen (the admin's rules).

    Changes need ``If-Match`` with the verdict's ETag; proposing needs the claim's version in the body.
    """

    permission_classes = [RolePermission]
    view_perm = "claims.view_verdict"
    action_perms = {
        "create": "claims.add_verdict",
        "partial_update": "claims.change_verdict",
        "approve": "claims.approve_verdict",
        "publish": "claims.publish_verdict",
        "send_back": "claims.approve_verdict",
        "retract": "claims.retract_verdict",
        "reopen": "claims.retract_verdict",
    }
    filter_backends = [StrictFilterBackend]
    filterset_class = VerdictFilter
    serializer_class = VerdictSerializer
    queryset = selectors.verdicts_list()
    ordering = ("-created_at", "-id")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _answer(self, verdict: Verdict, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.verdicts_list().get(pk=verdict.pk)
        return with_etag(Response(VerdictSerializer(fresh).data, status=code), fresh.version)

    def _version(self) -> tuple[Verdict, int]:
        verdict = self.get_object()
        return verdict, require_if_match(self.request, verdict.version)

    def retrieve(self, request, *args, **kwargs):
        verdict = self.get_object()
        return with_etag(Response(VerdictSerializer(verdict).data), verdict.version)

    @extend_schema(request=VerdictProposeInput, responses={201: VerdictSerializer})
    def create(self, request):
        """Propose a verdict on a claim in review; ``claim_version`` is the claim's ETag you read."""
        data = validated_input(VerdictProposeInput, request)
        rating = _rating_or_field_error(data["rating"])
        if not Claim.objects.filter(pk=data["claim"]).exists():
            raise serializers.ValidationError({"claim": ["No claim with this id."]})
        verdict = workflow.verdict_propose(
            claim=data["claim"],
            rating=rating,
            rationale=data["rationale"],
            evidence_ids=data["cited_evidence"],
            user=request.user,
            expected_version=data["claim_version"],
        )
        return self._answer(verdict, status.HTTP_201_CREATED)

    @extend_schema(request=VerdictUpdateInput, parameters=[IF_MATCH], responses=VerdictSerializer)
    def partial_update(self, request, pk=None):
        """Change the rating, rationale or cited evidence of a draft or proposed verdict (its author only)."""
        data = validated_input(VerdictUpdateInput, request)
        rating = _rating_or_field_error(data.get("rating"))
        verdict, version = self._version()
        changed = workflow.verdict_update(
            verdict=verdict.pk,
            user=request.user,
            rating=rating,
            rationale=data.get("rationale"),
            evidence_ids=data.get("cited_evidence"),
            expected_version=version,
        )
        return self._answer(changed)

    @extend_schema(request=None, parameters=[IF_MATCH], responses=VerdictSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a proposed verdict (an editor other than its author)."""
        verdict, version = self._version()
        return self._answer(workflow.verdict_approve(verdict=verdict.pk, user=request.user, expected_version=version))

    @extend_schema(request=None, parameters=[IF_MATCH], responses=VerdictSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish an approved verdict (needs accepted evidence and a rationale)."""
        verdict, version = self._version()
        return self._answer(workflow.verdict_publish(verdict=verdict.pk, user=request.user, expected_version=version))

    def _with_reason(self, service) -> Response:
        data = validated_input(VerdictReasonInput, self.request)
        verdict, version = self._version()
        return self._answer(
            service(verdict=verdict.pk, user=self.request.user, reason=data["reason"], expected_version=version)
        )

    @extend_schema(request=VerdictReasonInput, parameters=[IF_MATCH], responses=VerdictSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """Send a proposed or approved verdict back to its author as a draft, with a reason."""
        return self._with_reason(workflow.verdict_send_back)

    @extend_schema(request=VerdictReasonInput, parameters=[IF_MATCH], responses=VerdictSerializer)
    @action(detail=True, methods=["post"])
    def retract(self, request, pk=None):
        """Retract a published verdict, with a reason."""
        return self._with_reason(workflow.verdict_retract)

    @extend_schema(request=VerdictReasonInput, parameters=[IF_MATCH], responses=VerdictSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a published verdict for revision, with a reason."""
        return self._with_reason(workflow.verdict_reopen)
