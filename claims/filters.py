"""Filters of the claim list: status, speaker, outlet, assignee, tag, check-worthiness, new evidence, search."""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef

from claims.models import (
    Appearance,
    Claim,
    ClaimStatus,
    CorroborationRun,
    Decision,
    Evidence,
    RunStatus,
    Verdict,
    VerdictStatus,
)
from claimtrack.filtering import IdFilter, StrictBooleanFilter
from sources.models import ConnectorKind

SEARCH_CONFIG = "english"  # must match the expression of the claim_statement_fts index


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices, help_text="Repeat for several")
    speaker = IdFilter(field_name="speaker_id")
    outlet = IdFilter(method="filter_outlet", help_text="Outlet id")
    assignee = IdFilter(field_name="assignee_id")
    unassigned = StrictBooleanFilter(field_name="assignee", lookup_expr="isnull")
    mine = StrictBooleanFilter(method="filter_mine", help_text="Only claims assigned to me")
    tag = django_filters.CharFilter(method="filter_tag", max_length=64, help_text="Tag name")
    checkworthiness_min = django_filters.NumberFilter(field_name="checkworthiness", lookup_expr="gte")
    checkworthiness_max = django_filters.NumberFilter(field_name="checkworthiness", lookup_expr="lte")
    new_evidence_since_verdict = StrictBooleanFilter()
    search = django_filters.CharFilter(method="filter_search", max_length=500, help_text="Full-text search")

    class Meta:
        model = Claim
        fields = []

    def filter_outlet(self, queryset, name, value):
        # EXISTS rather than a join: a claim in several articles of the outlet is listed once.
        appearances = Appearance.objects.filter(claim=OuterRef("pk"), article__outlet_id=value)
        return queryset.filter(Exists(appearances))

    def filter_mine(self, queryset, name, value):
        user = self.request.user if self.request else None
        if value is None or user is None:
            return queryset
        return queryset.filter(assignee_id=user.pk) if value else queryset.exclude(assignee_id=user.pk)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(Exists(Claim.tags.through.objects.filter(claim=OuterRef("pk"), tag__name=value)))

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.annotate(fts=SearchVector("statement", config=SEARCH_CONFIG)).filter(fts=query)


class EvidenceFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    decision = django_filters.MultipleChoiceFilter(choices=Decision.choices)
    score_min = django_filters.NumberFilter(field_name="score", lookup_expr="gte")

    class Meta:
        model = Evidence
        fields = []


class RunFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    status = django_filters.MultipleChoiceFilter(choices=RunStatus.choices)
    connector = django_filters.ChoiceFilter(choices=ConnectorKind.choices)

    class Meta:
        model = CorroborationRun
        fields = []


class VerdictFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    status = django_filters.MultipleChoiceFilter(choices=VerdictStatus.choices)

    class Meta:
        model = Verdict
        fields = []
