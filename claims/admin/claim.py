"""The claim list and the claim page, where reviewers and editors do the review work.

Every change goes through ``claims.services.workflow``; the admin only collects input, calls the service
and shows its error message when the service refuses (forbidden transition, missing permission, stale
version). Buttons are shown by role for convenience; the services enforce the rules either way.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify

from claims.admin import workflow_actions
from claims.admin.filters import CheckworthinessFilter, OutletFilter, QueueFilter, RatingFilter
from claims.admin.history import HistoryAdmin
from claims.models import Claim, ClaimStatus, Decision, RatingLabel, VerdictStatus
from claims.selectors import (
    claim_appearances_highlighted,
    claim_evidence_in_context,
    claim_history,
    claims_for_review_list,
    external_reviews_for_claim,
)
from claims.services import workflow as wf
from claims.workflow import claim_actions_from
from claimtrack.exceptions import ApplicationError


def assignable_users():
    """Active users who may be assigned claims (reviewer role or above), for the assign menus."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    return [user for user in users.prefetch_related("groups") if user.has_perm("claims.change_claim")]


class ClaimForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    tag_names = forms.CharField(required=False, label="Tags", help_text="Comma-separated")

    class Meta:
        model = Claim
        fields = ["statement", "speaker"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin):
    form = ClaimForm
    change_form_template = "admin/claims/claim/change_form.html"
    list_display = [
        "id",
        "short_statement",
        "status",
        "speaker",
        "outlet",
        "checkworthiness",
        "assignee",
        "rating",
        "evidence",
        "new_evidence_since_verdict",
        "updated_at",
    ]
    list_display_links = ["id", "short_statement"]
    list_filter = [
        QueueFilter,
        "status",
        RatingFilter,
        OutletFilter,
        ("speaker", admin.RelatedOnlyFieldListFilter),
        ("assignee", admin.RelatedOnlyFieldListFilter),
        CheckworthinessFilter,
        "new_evidence_since_verdict",
    ]
    search_fields = ["statement", "speaker__name", "appearances__quote"]
    list_per_page = 100
    show_full_result_count = False  # a COUNT(*) over every claim on each page load is not worth it
    autocomplete_fields = ["speaker"]
    readonly_fields = [
        "status",
        "assignee",
        "checkworthiness",
        "rejection_reason",
        "new_evidence_since_verdict",
        "version",
        "created_at",
        "updated_at",
    ]
    actions = ["bulk_accept", "bulk_reject", "bulk_assign"]

    def get_queryset(self, request):
        return claims_for_review_list(super().get_queryset(request))

    @admin.display(description="Statement", ordering="statement")
    def short_statement(self, claim: Claim) -> str:
        return claim.statement if len(claim.statement) <= 120 else claim.statement[:119] + "…"

    @admin.display(description="Outlet", ordering="outlet_name")
    def outlet(self, claim: Claim) -> str:
        return claim.outlet_name or "—"

    @admin.display(description="Rating", ordering="rating_label")
    def rating(self, claim: Claim) -> str:
        if not claim.rating_label:
            return "—"
        return f"{claim.rating_label} ({claim.verdict_status})"

    @admin.display(description="Evidence (accepted / all)")
    def evidence(self, claim: Claim) -> str:
        return f"{claim.evidence_accepted} / {claim.evidence_total}"

    # --- saving through the services --------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:  # claims come from extraction; creating one by hand is an admin-only shortcut
            return super().save_model(request, obj, form, change)
        version = form.cleaned_data.get("expected_version")
        wf.claim_update(
            claim=obj.pk,
            user=request.user,
            statement=form.cleaned_data["statement"],
            speaker=form.cleaned_data["speaker"],
            expected_version=version,
        )
        tags = [t.strip() for t in form.cleaned_data.get("tag_names", "").split(",") if t.strip()]
        if sorted(slugify(t) for t in tags) != sorted(t.name for t in Claim.objects.get(pk=obj.pk).tags.all()):
            wf.claim_set_tags(claim=obj.pk, user=request.user, tags=tags)
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as error:  # raised inside the admin's transaction, which rolled back
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):  # noqa: PLR0917
        if obj is not None:
            context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, request: HttpRequest, claim: Claim) -> dict:
        user = request.user
        verdict = claim.verdicts.exclude(status=VerdictStatus.RETRACTED).select_related("rating", "author", "approver")
        active = verdict.first()
        evidence = claim_evidence_in_context(claim=claim)
        return {
            "claim": claim,
            "claim_actions": claim_actions_from(claim.status),
            "appearances": claim_appearances_highlighted(claim=claim),
            "evidence_items": evidence,
            "accepted_evidence": [e for e, _ in evidence if e.decision == Decision.ACCEPTED],
            "verdict": active,
            "verdict_cited": set(active.cited_evidence.values_list("pk", flat=True)) if active else set(),
            "retracted_verdicts": claim.verdicts.filter(status=VerdictStatus.RETRACTED).select_related("rating"),
            "ratings": RatingLabel.objects.filter(is_active=True),
            "assignable_users": assignable_users() if user.has_perm("claims.change_claim") else [],
            "history": claim_history(claim=claim),
            "external_reviews": external_reviews_for_claim(claim=claim),
            "can": {
                "change_claim": user.has_perm("claims.change_claim"),
                "decide_evidence": user.has_perm("claims.change_evidence"),
                "propose": user.has_perm("claims.add_verdict") and claim.status == ClaimStatus.IN_REVIEW,
                "edit_verdict": bool(active and active.author_id == user.pk and active.status == "proposed"),
                "approve": user.has_perm("claims.approve_verdict"),
                "publish": user.has_perm("claims.publish_verdict"),
                "retract": user.has_perm("claims.retract_verdict"),
                "corroborate": user.has_perm("claims.add_corroborationrun"),
                "add_url": user.has_perm("claims.add_claimurl"),
                "is_author": bool(active and active.author_id == user.pk),
            },
            "statuses": ClaimStatus,
            "urls": {
                action.replace("-", "_"): reverse("admin:claims_claim_workflow", args=[claim.pk, action])
                for action in workflow_actions.HANDLERS
            },
        }

    # --- workflow buttons on the claim page -----------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(self.workflow_view)
        extra = [path("<int:pk>/workflow/<slug:action>/", view, name="claims_claim_workflow")]
        return extra + super().get_urls()

    def workflow_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """POST-only: run one workflow action from the claim page, report the outcome, go back to the page."""
        if request.method != "POST":
            return HttpResponse("Use the buttons on the claim page.", status=405, headers={"Allow": "POST"})
        claim = get_object_or_404(Claim, pk=pk)
        if not self.has_view_permission(request, claim):
            raise PermissionDenied
        handler = workflow_actions.HANDLERS.get(action)
        if handler is None:
            return HttpResponse(f"Unknown action {action!r}.", status=404)
        try:
            done = handler(request=request, claim=claim, data=request.POST)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))

    # --- bulk actions -----------------------------------------------------------------------------

    def _bulk(self, request, queryset, call, done: str) -> None:
        try:
            changed = call(claim_ids=list(queryset.values_list("pk", flat=True)))
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, f"{len(changed)} claims {done}.", messages.SUCCESS)

    @admin.action(description="Accept selected claims for checking", permissions=["change"])
    def bulk_accept(self, request, queryset):
        self._bulk(request, queryset, lambda **kw: wf.claims_bulk_accept(user=request.user, **kw), "accepted")

    @admin.action(description="Reject selected claims (asks for a reason)", permissions=["change"])
    def bulk_reject(self, request, queryset):
        if "apply" not in request.POST:
            return self._bulk_form(request, queryset, "bulk_reject", "Reject claims", needs_reason=True)
        reason = request.POST.get("reason", "")
        call = lambda **kw: wf.claims_bulk_reject(user=request.user, reason=reason, **kw)  # noqa: E731
        return self._bulk(request, queryset, call, "rejected")

    @admin.action(description="Assign selected claims (asks to whom)", permissions=["change"])
    def bulk_assign(self, request, queryset):
        if "apply" not in request.POST:
            return self._bulk_form(request, queryset, "bulk_assign", "Assign claims", needs_assignee=True)
        assignee = (
            get_user_model().objects.filter(pk=workflow_actions.int_or_none(request.POST.get("assignee"))).first()
        )
        call = lambda **kw: wf.claims_bulk_assign(user=request.user, assignee=assignee, **kw)  # noqa: E731
        return self._bulk(request, queryset, call, f"assigned to {assignee}")

    def _bulk_form(self, request, queryset, action: str, title: str, **flags) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "action": action,
            "claims": queryset.select_related("speaker")[:500],
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "assignable_users": assignable_users() if flags.get("needs_assignee") else [],
            "opts": self.model._meta,
            **flags,
        }
        return TemplateResponse(request, "admin/claims/claim/bulk_action.html", context)
