"""Data migrations that fill new columns from what is already stored, run against a real database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Appearance, Verdict
from tests.claims.workflow_support import proposed_verdict
from tests.factories import AppearanceFactory, ArticleFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_rows")]

BEFORE = ("claims", "0008_reviewer_urls")


def migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def latest_claims_migration() -> tuple[str, str]:
    executor = MigrationExecutor(connection)
    return next(node for node in executor.loader.graph.leaf_nodes() if node[0] == "claims")


def test_upgrading_keeps_the_citations_of_each_verdict_and_the_speaker_of_each_first_appearance(reviewer):
    verdict = proposed_verdict(reviewer)
    cited = sorted(verdict.cited_evidence.values_list("pk", flat=True))
    first = Appearance.objects.get(claim=verdict.claim)
    repeated = AppearanceFactory(claim=verdict.claim, article=ArticleFactory(), speaker=None)
    head = latest_claims_migration()

    migrate([BEFORE])  # a database as it was before these columns existed
    try:
        migrate([head])
    finally:
        migrate([head])

    latest = Verdict.objects.get(pk=verdict.pk).history.order_by("-history_date", "-history_id").first()
    assert sorted(row.evidence_id for row in latest.cited_evidence.all()) == cited
    assert Appearance.objects.get(pk=first.pk).speaker_id == verdict.claim.speaker_id
    assert Appearance.objects.get(pk=repeated.pk).speaker_id is None  # who said it there was never recorded
