from django.urls import path

from claims import views

urlpatterns = [
    path("claim-reviews/feed.jsonld", views.claimreview_feed, name="claimreview-feed"),
    path("claim-reviews/<int:pk>/", views.claimreview_detail, name="claimreview-detail"),
    path("claim-reviews/<int:pk>.jsonld", views.claimreview_jsonld, name="claimreview-jsonld"),
]
