"""The reviewers' web admin. Importing the modules registers their ModelAdmins."""

from claims.admin import claim, external_reviews, reference, webhooks  # noqa: F401
