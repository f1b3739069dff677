"""Evidence: one claim's evidence, evidence across claims, and a reviewer's decision on one."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims import selectors
from claims.apis.common import validated_input
from claims.filters import EvidenceFilter
from claims.models import Claim
from claims.serializers import EvidenceDecideInput, EvidenceSerializer
from claims.services import workflow
from claimtrack.filtering import StrictFilterBackend
from claimtrack.permissions import RolePermission


class ClaimEvidenceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """``/claims/{id}/evidence/``: every piece of evidence of one claim, best rank first."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_evidence"
    filter_backends = [StrictFilterBackend]
    filterset_class = EvidenceFilter
    serializer_class = EvidenceSerializer
    ordering = ("rank", "id")

    def get_queryset(self):
        if not self.request.user.has_perm("claims.view_claim"):
            return selectors.evidence_list().none()
        claim = get_object_or_404(Claim.objects.only("pk"), pk=self.kwargs["claim_pk"])
        return selectors.evidence_list().filter(claim=claim)


class EvidenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Evidence across claims; a reviewer accepts or dismisses one with ``decide``."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_evidence"
    action_perms = {"decide": "claims.change_evidence"}
    filter_backends = [StrictFilterBackend]
    filterset_class = EvidenceFilter
    serializer_class = EvidenceSerializer
    queryset = selectors.evidence_list()
    ordering = ("-created_at", "-id")

    @extend_schema(request=EvidenceDecideInput, responses=EvidenceSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Accept or dismiss this evidence (with an optional note)."""
        data = validated_input(EvidenceDecideInput, request)
        evidence = self.get_object()
        workflow.evidence_decide(evidence=evidence.pk, decision=data["decision"], user=request.user, note=data["note"])
        return Response(EvidenceSerializer(selectors.evidence_list().get(pk=evidence.pk)).data)
