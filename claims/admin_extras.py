"""Admin pieces for imported ClaimReviews, webhooks and the metrics dashboard (registered from admin.py)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from claims.models import ExternalReview


class ExternalReviewInline(admin.TabularInline):
    """ "Already checked by ...": other fact-checkers' reviews matched to the claim (read-only)."""

    model = ExternalReview
    fk_name = "matched_claim"
    extra = 0
    can_delete = False
    fields = ["publisher_name", "rating_text", "review_link", "review_date", "similarity"]
    readonly_fields = fields
    ordering = ["-similarity"]
    verbose_name = "already checked by"
    verbose_name_plural = "already checked by (imported ClaimReviews; never our verdict)"

    @admin.display(description="Review")
    def review_link(self, obj: ExternalReview) -> str:
        return format_html('<a href="{}" rel="noopener" target="_blank">{}</a>', obj.url, obj.title or obj.url)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


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
