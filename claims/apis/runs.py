"""Corroboration runs (read only)."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from claims import selectors
from claims.filters import RunFilter
from claims.serializers import CorroborationRunSerializer
from claimtrack.filtering import StrictFilterBackend
from claimtrack.permissions import RolePermission


class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Corroboration runs with their status, counts and errors."""

    permission_classes = [RolePermission]
    view_perm = "claims.view_corroborationrun"
    filter_backends = [StrictFilterBackend]
    filterset_class = RunFilter
    serializer_class = CorroborationRunSerializer
    queryset = selectors.runs_list()
    ordering = ("-created_at", "-id")
