"""``manage.py corroborate CLAIM_ID``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from claims.models import CorroborationRun, Evidence, RunStatus
from sources.models import Connector, ConnectorKind

pytestmark = pytest.mark.django_db


def test_it_runs_every_enabled_connector_and_prints_a_summary(harbour_claim, only_local_connector):
    only_local_connector()
    out = io.StringIO()

    call_command("corroborate", str(harbour_claim.id), stdout=out)

    text = out.getvalue()
    assert f"Claim {harbour_claim.id}: {harbour_claim.statement}" in text
    assert "local      succeeded       2     2" in text
    assert f"Evidence for the claim: {Evidence.objects.filter(claim=harbour_claim).count()} passages" in text
    assert CorroborationRun.objects.get(claim=harbour_claim).status == RunStatus.SUCCEEDED


def test_an_unknown_claim_id_is_a_clear_error():
    with pytest.raises(CommandError, match="No claim with id 987654"):
        call_command("corroborate", "987654")
    assert not CorroborationRun.objects.exists()


def test_a_failing_connector_makes_the_command_fail_after_the_summary(harbour_claim, only_local_connector):
    only_local_connector()
    Connector.objects.filter(kind=ConnectorKind.LOCAL).update(options={"path": "/nonexistent/collection"})
    out = io.StringIO()

    with pytest.raises(CommandError, match="At least one connector failed"):
        call_command("corroborate", str(harbour_claim.id), stdout=out)

    assert "local      failed          0     0         0  Local document collection failed:" in out.getvalue()


def test_it_refuses_when_no_connector_is_enabled(harbour_claim):
    Connector.objects.update(enabled=False)

    with pytest.raises(CommandError, match="No connector is enabled"):
        call_command("corroborate", str(harbour_claim.id))
    assert not CorroborationRun.objects.exists()
