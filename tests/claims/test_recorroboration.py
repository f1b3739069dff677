"""The schedule's sweeps: open claims are corroborated again, and so are claims with a published verdict."""

from __future__ import annotations

import pytest
from django.utils import timezone

from claims.models import CorroborationRun, RunTrigger, VerdictStatus
from claims.services.recorroboration import claims_corroborate_open, claims_recheck_published
from sources.models import Connector, ConnectorKind
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_connectors():
    Connector.objects.exclude(kind__in=[ConnectorKind.LOCAL, ConnectorKind.WIKIPEDIA]).update(enabled=False)


def test_open_claims_get_a_scheduled_run_per_enabled_connector():
    open_claims = [ClaimFactory(status=s) for s in ("accepted", "in_review", "verdict_proposed")]
    ClaimFactory(status="candidate")
    ClaimFactory(status="rejected", rejection_reason="Not checkable")

    assert claims_corroborate_open() == 3

    runs = CorroborationRun.objects.all()
    assert {run.claim_id for run in runs} == {claim.id for claim in open_claims}
    assert runs.count() == 6
    assert {run.trigger for run in runs} == {RunTrigger.SCHEDULE}


def test_claims_with_a_published_verdict_are_checked_again():
    published = ClaimFactory(status="published")
    VerdictFactory(
        claim=published,
        status=VerdictStatus.PUBLISHED,
        published_at=timezone.now(),
        approver=UserFactory(username="eddie-editor"),
    )
    ClaimFactory(status="accepted")

    assert claims_recheck_published() == 1
    assert set(CorroborationRun.objects.values_list("claim_id", flat=True)) == {published.id}


def test_the_sweep_queues_nothing_when_every_connector_is_off():
    ClaimFactory(status="accepted")
    Connector.objects.update(enabled=False)

    assert claims_corroborate_open() == 0
    assert not CorroborationRun.objects.exists()
