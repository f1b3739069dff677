"""Filter backends shared by the API: invalid or unknown query parameters are a 400, never ignored."""

from __future__ import annotations

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter

# Query parameters that are not filters but are understood by every list.
COMMON_PARAMS = {"cursor", "page_size", "ordering", "format"}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus: a query parameter no filter knows is an error naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(COMMON_PARAMS)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError({name: ["Unknown query parameter."] for name in unknown})
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=`` with only the view's ``ordering_fields``; anything else is a 400.

    ``id`` breaks ties so that cursor pagination never skips or repeats rows with equal sort keys.
    """

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in raw.split(",")]
        valid = self.remove_invalid_fields(queryset, terms, view, request)
        if not terms or len(valid) != len(terms) or len(terms) > 1:
            allowed = ", ".join(sorted(item[0] for item in self.get_valid_fields(queryset, view, {})))
            message = f"Order by one of: {allowed} (prefix - for descending)."
            raise exceptions.ValidationError({self.ordering_param: [message]})
        direction = "-" if terms[0].startswith("-") else ""
        return (terms[0], f"{direction}id")


class StrictBooleanField(forms.Field):
    """true/false/1/0/yes/no; anything else is an error (Django's NullBooleanField would read it as "any")."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in {"true", "1", "yes"}:
            return True
        if lowered in {"false", "0", "no"}:
            return False
        raise forms.ValidationError("Must be true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number of at least 1 (NumberFilter reads "1.5" as a decimal and matches id 1)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)
