"""Imported ClaimReviews: their own list (the claim page shows its matches, see claim.py)."""

from __future__ import annotations

from django.contrib import admin

from claims.models import ExternalReview


@admin.register(ExternalReview)
class ExternalReviewAdmin(admin.ModelAdmin):
    list_display = ["claim_text_short", "publisher_name", "rating_text", "review_date", "matched_claim", "similarity"]
    list_filter = ["source", "publisher_name", ("matched_claim", admin.EmptyFieldListFilter)]
    search_fields = ["claim_text", "publisher_name", "url"]
    list_select_related = ["matched_claim"]
    readonly_fields = [f.name for f in ExternalReview._meta.fields]

    @admin.display(description="Claim reviewed")
    def claim_text_short(self, obj: ExternalReview) -> str:
        return obj.claim_text[:100]

    def has_add_permission(self, request) -> bool:
        return False  # imported with manage.py import_claimreviews only
