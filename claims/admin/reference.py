"""Admin pages for everything around a claim: evidence, verdicts, the rating scale, speakers, runs.

Evidence and verdicts are read-only here: their changes are workflow steps made on the claim page,
through the services. Their history (who changed what and when) is on each object's History page.
"""

from __future__ import annotations

from django.contrib import admin

from claims.admin.history import HistoryAdmin
from claims.models import Appearance, CorroborationRun, Evidence, RatingLabel, Speaker, Tag, Verdict


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by anyone with the view permission; never changed through a form."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ["id", "claim_id", "document", "score", "rank", "machine_stance", "decision", "decided_by"]
    list_filter = ["decision", "suggested_stance"]
    list_select_related = ["passage__document", "decided_by"]
    search_fields = ["claim__statement", "passage__text"]
    raw_id_fields = ["claim", "passage"]

    @admin.display(description="Document")
    def document(self, evidence: Evidence) -> str:
        return str(evidence.passage.document)

    @admin.display(description="Suggested stance (machine suggestion)", ordering="suggested_stance")
    def machine_stance(self, evidence: Evidence) -> str:
        return evidence.get_suggested_stance_display()


@admin.register(Verdict)
class VerdictAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ["id", "claim_id", "rating", "status", "author", "approver", "published_at"]
    list_filter = ["status", "rating"]
    list_select_related = ["rating", "author", "approver"]
    search_fields = ["claim__statement", "rationale"]
    raw_id_fields = ["claim", "cited_evidence"]


@admin.register(RatingLabel)
class RatingLabelAdmin(admin.ModelAdmin):
    """The published rating scale: the admin role edits it (the change permission), others only see it."""

    list_display = ["label", "slug", "rating_value", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organisation", "is_organisation", "wikidata_id"]
    search_fields = ["name", "aliases", "organisation"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Appearance)
class AppearanceAdmin(ReadOnlyAdmin):
    list_display = ["id", "claim_id", "article", "start", "end", "appeared_at"]
    list_select_related = ["article"]
    raw_id_fields = ["claim", "article"]


@admin.register(CorroborationRun)
class CorroborationRunAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "claim_id",
        "connector",
        "status",
        "trigger",
        "documents_found",
        "documents_new",
        "evidence_created",
        "attempts",
        "error",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "connector", "trigger"]
    search_fields = ["error", "query"]
    raw_id_fields = ["claim"]
