"""API for the extras: imported ClaimReviews (read), webhook subscriptions (editors) and deliveries (read)."""

from __future__ import annotations

import django_filters
from rest_framework import mixins, serializers, viewsets

from claims.models import ExternalReview, WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription
from claimtrack.api import StrictModelSerializer
from claimtrack.filtering import IdFilter, StrictBooleanFilter, StrictFilterBackend
from claimtrack.permissions import RolePermission


class ExternalReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalReview
        fields = [
            "id", "source", "publisher_name", "publisher_site", "url", "title", "claim_text", "claimant",
            "claim_date", "rating_text", "language", "review_date", "matched_claim", "similarity", "imported_at",
        ]  # fmt: skip


class ExternalReviewFilter(django_filters.FilterSet):
    matched_claim = IdFilter(field_name="matched_claim_id")
    matched = StrictBooleanFilter(field_name="matched_claim", lookup_expr="isnull", exclude=True)

    class Meta:
        model = ExternalReview
        fields = []


class ExternalReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Other fact-checkers' reviews ("already checked by ..."); ``?matched_claim=<id>`` for one claim's."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_externalreview"
    filter_backends = [StrictFilterBackend]
    filterset_class = ExternalReviewFilter
    serializer_class = ExternalReviewSerializer
    queryset = ExternalReview.objects.all()
    ordering = ("-imported_at", "-id")


class WebhookSubscriptionSerializer(StrictModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False, max_length=10
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "events", "active", "description", "secret", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"secret": {"write_only": True, "required": False}}

    def validate_url(self, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise serializers.ValidationError("Must start with http:// or https://.")
        return value

    def validate_events(self, value: list[str]) -> list[str]:
        return sorted(set(value))


class WebhookSubscriptionViewSet(viewsets.ModelViewSet):
    """Editors manage webhook subscriptions. The secret is write-only; the create response shows it once."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_webhooksubscription"
    action_perms = {
        "create": "claims.add_webhooksubscription",
        "update": "claims.change_webhooksubscription",
        "partial_update": "claims.change_webhooksubscription",
        "destroy": "claims.delete_webhooksubscription",
    }
    serializer_class = WebhookSubscriptionSerializer
    queryset = WebhookSubscription.objects.all()
    filter_backends = [StrictFilterBackend]  # no filters: any query parameter is an error
    ordering = ("-created_at", "-id")

    def perform_create(self, serializer) -> None:
        serializer.save(created_by=self.request.user)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data["secret"] = WebhookSubscription.objects.get(pk=response.data["id"]).secret
        return response


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "attempted_at", "succeeded", "response_code", "response_excerpt", "error", "duration_ms"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "subscription", "event", "event_id", "payload", "status", "attempts", "response_code",
            "response_excerpt", "error", "next_attempt_at", "delivered_at", "created_at", "attempt_log",
        ]  # fmt: skip


class WebhookDeliveryFilter(django_filters.FilterSet):
    subscription = IdFilter(field_name="subscription_id")
    status = django_filters.ChoiceFilter(choices=WebhookDelivery._meta.get_field("status").choices)

    class Meta:
        model = WebhookDelivery
        fields = []


class WebhookDeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every delivery with each of its attempts (status code, response excerpt, error)."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_webhookdelivery"
    filter_backends = [StrictFilterBackend]
    filterset_class = WebhookDeliveryFilter
    serializer_class = WebhookDeliverySerializer
    queryset = WebhookDelivery.objects.prefetch_related("attempt_log")
    ordering = ("-created_at", "-id")
