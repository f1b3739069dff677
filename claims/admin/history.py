"""History pages for the admin: who changed what and when, read-only.

django-simple-history's page for one past version is also a form that saves ("revert"). It checks only
the view permission and saves with a plain ``save()``, which would let a read-only user rewrite a
published verdict or an evidence decision, skipping the workflow services and the two-person rule. Here
past versions are shown, never saved: a change to a claim is made on the claim page, through the services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """The history list and each past version, viewable; reverting to a past version is refused."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in {"GET", "HEAD"}:
            raise PermissionDenied("Past versions are read-only; change the claim on its page.")
        return super().history_form_view(request, object_id, version_id, extra_context)
