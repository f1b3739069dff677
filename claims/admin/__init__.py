"""The reviewers' web admin. Importing the modules registers their ModelAdmins."""

from claims.admin import claim, reference  # noqa: F401
