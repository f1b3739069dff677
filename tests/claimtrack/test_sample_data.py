"""The sample data set that the README's first command loads."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from claims.models import Claim
from sources.models import Article, Connector, Document

pytestmark = pytest.mark.django_db


def test_sample_data_loads_an_article_with_claims_documents_and_demo_accounts_once():
    call_command("load_sample_data")
    call_command("load_sample_data")
    assert Article.objects.count() == 1
    assert Document.objects.count() == 4
    claims = Claim.objects.all()
    assert claims.count() >= 5
    assert claims.filter(speaker__name="Elena Lind").exists()
    reviewer = authenticate(username="demo-reviewer", password="claimtrack-demo-reviewer")
    editor = authenticate(username="demo-editor", password="claimtrack-demo-editor")
    assert reviewer.groups.filter(name="reviewer").exists() and reviewer.is_staff
    assert editor.has_perm("claims.publish_verdict")
    assert Connector.objects.get(kind="local").options["path"].endswith("sample_data/documents")
