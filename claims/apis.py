"""The claims side of the REST API: articles, claims, evidence, verdicts, runs, match, ClaimReview feed.

Each action is: validate the input -> call a service (writes) or a selector (reads) -> serialize.
The workflow rules and the role checks of writes live in ``claims/services/workflow/``, shared with
the admin; ``RolePermission`` refuses early with the same permissions so that the answer is 403/404
before any work is done.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.corroboration import claim_corroborate, claim_url_add
from claims.filters import ClaimFilter, EvidenceFilter, RunFilter, VerdictFilter
from claims.models import Claim, RatingLabel, RunTrigger, Verdict
from claims.serializers import (
    ArticleDetailSerializer,
    ClaimAssignInput,
    ClaimDetailSerializer,
    ClaimRejectInput,
    ClaimSerializer,
    ClaimTagsInput,
    ClaimURLInput,
    CorroborateInput,
    CorroborationRunSerializer,
    EvidenceDecideInput,
    EvidenceSerializer,
    MatchQueryInput,
    MatchSerializer,
    VerdictProposeInput,
    VerdictReasonInput,
    VerdictSerializer,
    VerdictUpdateInput,
)
from claims.services import claimreview, workflow
from claims.services.ingestion import article_submit
from claimtrack.api import require_if_match, with_etag
from claimtrack.filtering import StrictFilterBackend, StrictOrderingFilter
from claimtrack.permissions import RolePermission
from sources.serializers import ArticleSerializer, ArticleSubmitSerializer

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the version you read, e.g. "3". Missing -> 428, stale -> 412.',
)


def _input(serializer_class, request, *, data=None) -> dict:
    serializer = serializer_class(data=request.data if data is None else data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _user_or_field_error(user_id: int | None, field: str):
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise serializers.ValidationError({field: ["No active user with this id."]})
    return user


def _rating_or_field_error(slug: str | None) -> RatingLabel | None:
    if slug is None:
        return None
    rating = RatingLabel.objects.filter(slug=slug, is_active=True).first()
    if rating is None:
        raise serializers.ValidationError({"rating": ["Not an active rating label."]})
    return rating


# --- Claims --------------------------------------------------------------------------------------
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
        data = _input(ClaimRejectInput, request)
        claim, version = self._version()
        changed = workflow.claim_reject(
            claim=claim.pk, user=request.user, reason=data["reason"], expected_version=version
        )
        return self._changed(changed)

    @extend_schema(request=ClaimAssignInput, parameters=[IF_MATCH], responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign the claim to a reviewer (null unassigns)."""
        data = _input(ClaimAssignInput, request)
        assignee = _user_or_field_error(data["assignee"], "assignee")
        claim, version = self._version()
        changed = workflow.claim_assign(claim=claim.pk, user=request.user, assignee=assignee, expected_version=version)
        return self._changed(changed)

    @extend_schema(request=ClaimTagsInput, parameters=[IF_MATCH], responses=ClaimSerializer)
    @action(detail=True, methods=["put"])
    def tags(self, request, pk=None):
        """Replace the claim's tags (created when new)."""
        data = _input(ClaimTagsInput, request)
        claim, version = self._version()
        changed = workflow.claim_set_tags(
            claim=claim.pk, user=request.user, tags=data["tags"], expected_version=version
        )
        return self._changed(changed)

    @extend_schema(request=CorroborateInput, responses={202: CorroborationRunSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def corroborate(self, request, pk=None):
        """Search the connectors for this claim now: 202 with the queued runs (see /runs/?claim={id})."""
        data = _input(CorroborateInput, request)
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
        data = _input(ClaimURLInput, request)
        run = claim_url_add(claim=self.get_object(), url=data["url"], user=request.user)
        fresh = selectors.runs_list().get(pk=run.pk)
        return Response(CorroborationRunSerializer(fresh).data, status=status.HTTP_202_ACCEPTED)


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
        data = _input(EvidenceDecideInput, request)
        evidence = self.get_object()
        workflow.evidence_decide(evidence=evidence.pk, decision=data["decision"], user=request.user, note=data["note"])
        return Response(EvidenceSerializer(selectors.evidence_list().get(pk=evidence.pk)).data)


# --- Verdicts ------------------------------------------------------------------------------------
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
        data = _input(VerdictProposeInput, request)
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
        data = _input(VerdictUpdateInput, request)
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
        data = _input(VerdictReasonInput, self.request)
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


# --- Runs ----------------------------------------------------------------------------------------
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Corroboration runs with their status, counts and errors."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_corroborationrun"
    filter_backends = [StrictFilterBackend]
    filterset_class = RunFilter
    serializer_class = CorroborationRunSerializer
    queryset = selectors.runs_list()
    ordering = ("-created_at", "-id")


# --- Articles ------------------------------------------------------------------------------------
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
        data = _input(ArticleSubmitSerializer, request)
        article, created = article_submit(
            url=data.get("url", ""), text=data.get("text", ""), title=data.get("title", "")
        )
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        response = Response(ArticleSerializer(article).data, status=code)
        response["Location"] = f"/api/v1/articles/{article.pk}/"
        return response


# --- Match ---------------------------------------------------------------------------------------
class MatchView(APIView):
    """ "Has this been checked?": existing claims and their published verdicts that resemble a text."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_claim"

    @extend_schema(parameters=[MatchQueryInput], responses=MatchSerializer(many=True))
    def get(self, request):
        data = _input(MatchQueryInput, request, data=request.query_params.dict())
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


# --- ClaimReview ---------------------------------------------------------------------------------
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
