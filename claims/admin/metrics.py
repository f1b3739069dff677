"""The metrics dashboard: one admin page over the aggregates of claims/metrics.py."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from claims.metrics import dashboard_metrics

WINDOWS = (7, 30, 90, 365)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Everyone who may view claims may see the dashboard; ``?days=`` picks the window (7/30/90/365)."""
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 0
    if days not in WINDOWS:
        return HttpResponse(
            f"days must be one of {', '.join(map(str, WINDOWS))}", status=400, content_type="text/plain"
        )
    context = {
        **admin.site.each_context(request),
        "title": "Metrics",
        "metrics": dashboard_metrics(days=days),
        "windows": WINDOWS,
    }
    return TemplateResponse(request, "admin/claims/metrics.html", context)
