from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from claims import apis as claims_apis
from claims.admin.metrics import metrics_view
from claims.apis import extras as claims_extras_apis
from claimtrack.apis import TokenObtainView
from claimtrack.health import healthz
from sources import apis as sources_apis

router = SimpleRouter()
router.register("articles", claims_apis.ArticleViewSet, basename="article")
router.register("claims", claims_apis.ClaimViewSet, basename="claim")
router.register("evidence", claims_apis.EvidenceViewSet, basename="evidence")
router.register("verdicts", claims_apis.VerdictViewSet, basename="verdict")
router.register("runs", claims_apis.RunViewSet, basename="run")
router.register("claim-reviews", claims_apis.ClaimReviewViewSet, basename="api-claimreview")
router.register("external-reviews", claims_extras_apis.ExternalReviewViewSet, basename="external-review")
router.register("webhook-subscriptions", claims_extras_apis.WebhookSubscriptionViewSet, basename="webhook-subscription")
router.register("webhook-deliveries", claims_extras_apis.WebhookDeliveryViewSet, basename="webhook-delivery")
router.register("documents", sources_apis.DocumentViewSet, basename="document")
router.register("connectors", sources_apis.ConnectorViewSet, basename="connector")
router.register("feeds", sources_apis.FeedViewSet, basename="feed")

api_v1 = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("match/", claims_apis.MatchView.as_view(), name="match"),
    path(
        "claims/<int:claim_pk>/evidence/",
        claims_apis.ClaimEvidenceViewSet.as_view({"get": "list"}),
        name="claim-evidence",
    ),
    *router.urls,
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/metrics/", admin.site.admin_view(metrics_view), name="admin-metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("claims.urls")),
]

# Errors raised outside DRF views (unknown /api/ paths, oversized form bodies, crashes in middleware)
# answer /api/ clients in the API's error format; other paths keep Django's pages.
handler400 = "claimtrack.api.handler400"
handler403 = "claimtrack.api.handler403"
handler404 = "claimtrack.api.handler404"
handler500 = "claimtrack.api.handler500"
