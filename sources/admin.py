"""Admin pages of the sources app."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from sources.models import ArchiveRequest


@admin.register(ArchiveRequest)
class ArchiveRequestAdmin(admin.ModelAdmin):
    """Wayback captures are written by the archive job only; the admin shows how each went."""

    list_display = ["url", "status", "attempts", "archived_copy", "error", "updated_at"]
    list_filter = ["status"]
    search_fields = ["url", "job_id", "error"]
    list_select_related = ["article", "document"]
    readonly_fields = [f.name for f in ArchiveRequest._meta.fields]

    @admin.display(description="Archived copy")
    def archived_copy(self, obj: ArchiveRequest) -> str:
        if not obj.archive_url:
            return "—"
        return format_html('<a href="{}" rel="noopener" target="_blank">Wayback</a>', obj.archive_url)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
