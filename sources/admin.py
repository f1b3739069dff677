"""Admin pages for sources: articles and documents to read, connectors and feeds that editors manage.

Who may do what follows the model permissions the role groups hold (``claims/roles.py``): editors have
the change permission on connectors and feeds; passages are only ever written by the indexer.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from sources.models import ArchiveRequest, Article, Connector, Document, Feed, Outlet, Passage


@admin.display(description="Live / archived")
def source_links(obj: Article | Document) -> str:
    """The live link with the Wayback copy beside it, so a dead live page never hides the source."""
    if not obj.url:
        return "—"
    if not obj.archive_url:
        return format_html('<a href="{}" rel="noopener" target="_blank">live</a> · not archived yet', obj.url)
    link = '<a href="{}" rel="noopener" target="_blank">{}</a>'
    return format_html(f"{link} · {link}", obj.url, "live", obj.archive_url, "archived")


# A URL typed without a scheme ("example.org/feed") is read as https, as Django 6 will do by default.
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["id", "title", "outlet", "published_at", "fetch_status", source_links, "created_at"]
    list_filter = ["fetch_status", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url"]
    readonly_fields = [
        *["content_hash", "fetch_status", "fetch_error", "fetched_at"],
        *["archive_url", "archived_at", "raw_content"],
    ]
    show_full_result_count = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["id", "title", "publisher", "connector", "fetch_status", source_links, "indexed_at", "created_at"]
    list_filter = ["connector", "fetch_status"]
    search_fields = ["title", "url", "publisher"]
    readonly_fields = [
        *["content_hash", "fetch_error", "fetched_at", "indexed_at"],
        *["archive_url", "archived_at", "raw_content"],
    ]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text", "raw_content")


@admin.register(Passage)
class PassageAdmin(ReadOnlyAdmin):
    list_display = ["id", "document", "position", "start", "end"]
    list_select_related = ["document"]
    search_fields = ["text"]
    exclude = ["search_vector", "embedding"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("document__text", "document__raw_content")


class ConnectorForm(forms.ModelForm):
    """The API key is write-only: never sent back to the browser; leaving the field empty keeps it."""

    base_url = forms.URLField(assume_scheme="https", max_length=500, required=False)  # as HTTPS_BY_DEFAULT
    api_key = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to keep the current key. Type a single space to clear it and use the environment.",
    )

    class Meta:
        model = Connector
        fields = ["kind", "enabled", "base_url", "api_key", "max_results", "options"]

    def clean_api_key(self) -> str:
        typed = self.data.get("api_key", "")
        if typed == "":
            return self.instance.api_key if self.instance.pk else ""
        return typed.strip()


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    form = ConnectorForm
    list_display = ["kind", "enabled", "base_url", "max_results", "has_api_key", "updated_at"]
    list_editable = ["enabled"]

    @admin.display(description="API key set", boolean=True)
    def has_api_key(self, connector: Connector) -> bool:
        return bool(connector.api_key)

    def get_readonly_fields(self, request, obj=None):
        # The kind identifies the connector's code; editors configure it, they do not retype it.
        return ["kind"] if obj is not None else []


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["url", "title", "enabled", "last_polled_at", "last_error"]
    list_filter = ["enabled"]
    search_fields = ["url", "title"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "last_error"]


@admin.register(ArchiveRequest)
class ArchiveRequestAdmin(ReadOnlyAdmin):
    """Wayback captures are written by the archive job only; the admin shows how each went."""

    list_display = ["url", "status", "attempts", "archived_copy", "error", "updated_at"]
    list_filter = ["status"]
    search_fields = ["url", "job_id", "error"]

    @admin.display(description="Archived copy")
    def archived_copy(self, obj: ArchiveRequest) -> str:
        if not obj.archive_url:
            return "—"
        return format_html('<a href="{}" rel="noopener" target="_blank">Wayback</a>', obj.archive_url)
