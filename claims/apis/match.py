"""Match: claims resembling a text ("has this been checked?"), with their published verdicts."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.apis.common import validated_input
from claims.serializers import MatchQueryInput, MatchSerializer
from claimtrack.permissions import RolePermission


class MatchView(APIView):
    """ "Has this been checked?": existing claims and their published verdicts that resemble a text."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_claim"

    @extend_schema(parameters=[MatchQueryInput], responses=MatchSerializer(many=True))
    def get(self, request):
        data = validated_input(MatchQueryInput, request, data=request.query_params.dict())
        claims = selectors.claims_matching(text=data["q"], limit=data["limit"])
        rows = [
            {
                "claim": claim,
                "similarity": round(claim.similarity, 4),
                "rank": round(claim.rank, 4),
                "published_verdict": claim.published[0] if claim.published else None,
            }
            for claim in claims
        ]
        return Response(MatchSerializer(rows, many=True).data)
