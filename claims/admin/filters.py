"""List filters of the claim list: my queue, rating, outlet, check-worthiness."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from claims.models import ACTIVE_VERDICT_STATUSES, ClaimStatus, RatingLabel, VerdictStatus
from claims.selectors import OPEN_CLAIM_STATUSES
from sources.models import Outlet


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", "My queue (assigned to me, open)"),
            ("unassigned", "Accepted, nobody assigned"),
            ("awaiting_approval", "Awaiting approval by me (not mine)"),
            ("awaiting_publication", "Approved, awaiting publication"),
        ]

    def queryset(self, request, queryset):
        user = request.user
        if self.value() == "mine":
            return queryset.filter(assignee=user, status__in=OPEN_CLAIM_STATUSES)
        if self.value() == "unassigned":
            return queryset.filter(status=ClaimStatus.ACCEPTED, assignee__isnull=True)
        if self.value() == "awaiting_approval":
            return queryset.filter(status=ClaimStatus.VERDICT_PROPOSED).exclude(
                verdicts__status=VerdictStatus.PROPOSED, verdicts__author=user
            )
        if self.value() == "awaiting_publication":
            return queryset.filter(status=ClaimStatus.APPROVED)
        return queryset


class RatingFilter(admin.SimpleListFilter):
    title = "rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [(str(label.pk), label.label) for label in RatingLabel.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                verdicts__rating_id=self.value(), verdicts__status__in=ACTIVE_VERDICT_STATUSES
            ).distinct()
        return queryset


class OutletFilter(admin.SimpleListFilter):
    title = "outlet"
    parameter_name = "outlet"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Outlet.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(appearances__article__outlet_id=self.value()).distinct()
        return queryset


class CheckworthinessFilter(admin.SimpleListFilter):
    title = "check-worthiness"
    parameter_name = "checkworthiness"
    RANGES = {
        "high": ("High (0.8 and above)", Q(checkworthiness__gte=0.8)),
        "medium": ("Medium (0.5 to 0.8)", Q(checkworthiness__gte=0.5, checkworthiness__lt=0.8)),
        "low": ("Low (below 0.5)", Q(checkworthiness__lt=0.5)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.RANGES.items()]

    def queryset(self, request, queryset):
        if self.value() in self.RANGES:
            return queryset.filter(self.RANGES[self.value()][1])
        return queryset
