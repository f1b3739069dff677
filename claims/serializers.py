"""API representations of claims, evidence, verdicts and runs, and the validated inputs of each action.

No business logic here: output serializers shape rows the selectors loaded (with their prefetches);
input serializers check types and ranges. Rules of the workflow live in ``claims/services/workflow/``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from rest_framework import serializers

from claims.models import (
    Appearance,
    Claim,
    CorroborationRun,
    Decision,
    Evidence,
    RatingLabel,
    Speaker,
    Verdict,
)
from claimtrack.api import StrictSerializer
from sources.models import ConnectorKind
from sources.serializers import ArticleSerializer, PassageSerializer

MAX_TAGS = 50


class UserBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]
        read_only_fields = fields


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "role", "organisation", "wikidata_id"]
        read_only_fields = fields


class RatingLabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingLabel
        fields = ["slug", "label", "rating_value"]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    rating = RatingLabelSerializer(read_only=True)
    author = UserBriefSerializer(read_only=True)
    approver = UserBriefSerializer(read_only=True, allow_null=True)
    cited_evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "rating",
            "rationale",
            "cited_evidence",
            "author",
            "approver",
            "status",
            "published_at",
            "retracted_at",
            "retraction_reason",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    """A claim in lists: what a reviewer needs to triage it, with no per-row queries."""

    speaker = SpeakerSerializer(read_only=True, allow_null=True)
    assignee = UserBriefSerializer(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Claim
        fields = [
            "id",
            "statement",
            "speaker",
            "checkworthiness",
            "status",
            "rejection_reason",
            "assignee",
            "tags",
            "new_evidence_since_verdict",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AppearanceSerializer(serializers.ModelSerializer):
    article = ArticleSerializer(read_only=True)
    speaker = SpeakerSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Appearance
        fields = ["id", "article", "start", "end", "sentence", "quote", "speaker", "appeared_at"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    passage = PassageSerializer(read_only=True)
    decided_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "passage",
            "score",
            "rank",
            "suggested_stance",
            "decision",
            "decided_by",
            "decided_at",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with where it appeared, its top evidence and its verdicts (prefetched by the selector)."""

    appearances = AppearanceSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True, source="top_evidence")
    verdicts = VerdictSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "appearances", "evidence", "verdicts"]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    text = serializers.CharField(read_only=True)
    claims = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "claims"]
        read_only_fields = fields

    def get_claims(self, article) -> list[dict]:
        return ArticleClaimSerializer(article.appearances.all(), many=True).data


class ArticleClaimSerializer(serializers.ModelSerializer):
    claim = ClaimSerializer(read_only=True)

    class Meta:
        model = Appearance
        fields = ["id", "claim", "start", "end", "sentence", "quote"]
        read_only_fields = fields


class CorroborationRunSerializer(serializers.ModelSerializer):
    requested_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = CorroborationRun
        fields = [
            "id",
            "claim",
            "connector",
            "status",
            "trigger",
            "requested_by",
            "query",
            "documents_found",
            "documents_new",
            "evidence_created",
            "error",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class MatchSerializer(serializers.Serializer):
    """One existing claim that resembles the submitted text, with its published verdict if any."""

    claim = ClaimSerializer()
    similarity = serializers.FloatField(help_text="pg_trgm similarity of the statements, 0..1")
    rank = serializers.FloatField(help_text="Full-text rank of the statement for the text's words")
    published_verdict = VerdictSerializer(allow_null=True)


# --- Inputs --------------------------------------------------------------------------------------
class ClaimRejectInput(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class ClaimAssignInput(StrictSerializer):
    assignee = serializers.IntegerField(min_value=1, help_text="User id of a reviewer or editor")


class ClaimTagsInput(StrictSerializer):
    tags = serializers.ListField(child=serializers.SlugField(max_length=64), max_length=MAX_TAGS, allow_empty=True)


class EvidenceDecideInput(StrictSerializer):
    decision = serializers.ChoiceField(choices=[Decision.ACCEPTED, Decision.DISMISSED])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EvidenceAddUrlInput(StrictSerializer):
    url = serializers.URLField(max_length=2000)


class CorroborateInput(StrictSerializer):
    connectors = serializers.ListField(
        child=serializers.ChoiceField(choices=ConnectorKind.choices),
        required=False,
        allow_empty=False,
        max_length=len(ConnectorKind.values),
        help_text="Connectors to run; all enabled connectors when omitted",
    )


class ClaimURLInput(StrictSerializer):
    url = serializers.URLField(
        max_length=2000,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="An http(s) page to search for evidence on this claim",
    )


class VerdictProposeInput(StrictSerializer):
    claim = serializers.IntegerField(min_value=1)
    claim_version = serializers.IntegerField(min_value=1, help_text="The claim's version (ETag) you read")
    rating = serializers.SlugField(max_length=64, help_text="Slug of a rating label, e.g. mostly-false")
    rationale = serializers.CharField(max_length=20_000, allow_blank=True, default="")
    cited_evidence = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=200, default=list)


class VerdictUpdateInput(StrictSerializer):
    rating = serializers.SlugField(max_length=64, required=False)
    rationale = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    cited_evidence = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=200, required=False)


class VerdictReasonInput(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class MatchQueryInput(StrictSerializer):
    q = serializers.CharField(max_length=1000, help_text="The claim to look up, in free text")
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)
