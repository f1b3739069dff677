"""Admin registrations of the claims app."""

from __future__ import annotations

from django.contrib import admin

from claims.admin_extras import ExternalReviewAdmin
from claims.models import ExternalReview

admin.site.register(ExternalReview, ExternalReviewAdmin)
