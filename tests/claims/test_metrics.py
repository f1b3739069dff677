"""The admin metrics dashboard: aggregates over claims, verdicts, reviewers and connector runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.metrics import dashboard_metrics
from claims.models import Claim, ClaimStatus, CorroborationRun, RunStatus, Verdict
from tests.claims.workflow_support import published_verdict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def run(claim, connector: str, status: str, seconds: float | None) -> CorroborationRun:
    started = timezone.now() - timedelta(minutes=5)
    return CorroborationRun.objects.create(
        claim=claim,
        connector=connector,
        status=status,
        error="boom" if status == RunStatus.FAILED else "",
        started_at=started if seconds is not None else None,
        finished_at=started + timedelta(seconds=seconds) if seconds is not None else None,
    )


@pytest.fixture
def activity(reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    # Make the candidate-to-publication time known: created exactly two hours before publication.
    Claim.objects.filter(pk=verdict.claim_id).update(created_at=verdict.published_at - timedelta(hours=2))
    ClaimFactory(new_evidence_since_verdict=True, statement="Exports doubled since 2020.")
    ClaimFactory(status=ClaimStatus.REJECTED, rejection_reason="opinion")
    claim = ClaimFactory()
    run(claim, "wikipedia", RunStatus.SUCCEEDED, 2)
    run(claim, "gdelt", RunStatus.SUCCEEDED, 4)
    run(ClaimFactory(), "gdelt", RunStatus.FAILED, 6)
    run(ClaimFactory(), "gdelt", RunStatus.RUNNING, None)
    return verdict


def test_the_metrics_count_claims_ratings_reviewers_and_connectors(activity, reviewer, editor):
    metrics = dashboard_metrics(days=30)

    by_status = {row["status"]: row["count"] for row in metrics["claims_by_status"]}
    assert by_status["Published"] == 1
    assert by_status["Rejected"] == 1
    assert by_status["Candidate"] == Claim.objects.filter(status=ClaimStatus.CANDIDATE).count()
    assert metrics["published_by_rating"] == [{"label": "False", "value": 1, "count": 1}]

    timing = metrics["time_to_publish"]
    assert timing["count"] == 1
    assert timing["median"] == pytest.approx(7200, abs=1)
    assert timing["p90"] == pytest.approx(7200, abs=1)

    people = {row["user"]: row for row in metrics["reviewer_throughput"]}
    assert people[reviewer.username] == {"user": reviewer.username, "decisions": 1, "proposed": 1, "published": 0}
    assert people[editor.username]["published"] == 1

    connectors = {row["connector"]: row for row in metrics["connector_health"]}
    assert connectors["gdelt"]["runs"] == 3
    assert connectors["gdelt"]["finished"] == 2
    assert connectors["gdelt"]["success_rate"] == pytest.approx(0.5)
    assert connectors["gdelt"]["latency_mean"] == pytest.approx(5.0)
    assert connectors["wikipedia"]["success_rate"] == pytest.approx(1.0)

    assert metrics["new_evidence"]["count"] == 1
    assert metrics["new_evidence"]["latest"][0]["statement"] == "Exports doubled since 2020."


def test_the_dashboard_takes_a_fixed_number_of_queries(activity, django_assert_num_queries):
    # One per table: statuses, ratings, timing, 3 x throughput + their names, connectors, 2 x new evidence.
    with django_assert_num_queries(10):
        dashboard_metrics(days=30)
    for _ in range(5):
        ClaimFactory(new_evidence_since_verdict=True)
        run(ClaimFactory(), "local", RunStatus.SUCCEEDED, 1)
    with django_assert_num_queries(10):
        dashboard_metrics(days=30)


def test_the_dashboard_page_shows_the_metrics_to_staff_only(client, activity, viewer, outsider):
    client.force_login(viewer)
    page = client.get("/admin/metrics/")
    assert page.status_code == 200
    body = page.content.decode()
    for section in ["claims-by-status", "published-by-rating", "time-to-publish", "reviewer-throughput"]:
        assert f'id="{section}"' in body
    assert "Exports doubled since 2020." in body
    assert "50 %" in body  # gdelt success rate

    assert client.get("/admin/metrics/?days=12").status_code == 400
    assert client.get("/admin/metrics/?days=abc").status_code == 400

    client.force_login(outsider)  # not staff: the admin sends them to its login page
    assert client.get("/admin/metrics/").status_code == 302


def test_the_dashboard_works_on_an_empty_database(client, viewer):
    Verdict.objects.all().delete()
    client.force_login(viewer)
    body = client.get("/admin/metrics/").content.decode()
    assert "No published verdicts yet." in body
    assert "No corroboration runs in this window." in body
