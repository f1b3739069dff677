from django.contrib import admin
from django.urls import include, path

from claims.admin.metrics import metrics_view
from claimtrack.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/metrics/", admin.site.admin_view(metrics_view), name="admin-metrics"),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
