"""Who may see imported ClaimReviews and archive requests."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_every_role_can_view_imported_reviews_and_archive_requests(viewer, reviewer, editor):
    for user in (viewer, reviewer, editor):
        assert user.has_perm("claims.view_externalreview")
        assert user.has_perm("sources.view_archiverequest")


@pytest.mark.django_db
def test_nobody_but_admins_may_change_imported_reviews(editor, outsider):
    assert not editor.has_perm("claims.change_externalreview")
    assert not outsider.has_perm("claims.view_externalreview")
