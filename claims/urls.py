from django.urls import path

from claims import views

urlpatterns = [
    path("claim-reviews/feed.jsonld", views.claimreview_feed, name="claimreview-feed"),
    path("claim-reviews/feed.jsonl", views.claimreview_feed_jsonl, name="claimreview-feed-jsonl"),
    path("claim-reviews/feed.csv", views.claimreview_feed_csv, name="claimreview-feed-csv"),
    path("claim-reviews/<int:pk>/", views.claimreview_detail, name="claimreview-detail"),
    path("claim-reviews/<int:pk>.jsonld", views.claimreview_jsonld, name="claimreview-jsonld"),
]
