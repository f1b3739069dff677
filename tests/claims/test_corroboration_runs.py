"""Corroboration runs: creation, the compare-and-swap claim of a run, execution, evidence upserts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.corroboration import (
    RunBusy,
    RunTransientError,
    claim_corroborate,
    claim_rank_evidence,
    run_acquire,
    run_execute,
)
from claims.models import CorroborationRun, Decision, Evidence, RunStatus, RunTrigger, VerdictStatus
from claims.selectors import claim_history
from claimtrack.exceptions import ApplicationError
from sources.models import Connector, ConnectorKind, Document, Feed, Passage
from tests.factories import ClaimFactory, UserFactory, VerdictFactory
from tests.support.fetch_support import MappingResolver, fetch_environment
from tests.support.pages import article_html

pytestmark = pytest.mark.django_db


def test_it_queues_one_run_per_enabled_connector(harbour_claim, django_capture_on_commit_callbacks):
    Connector.objects.filter(kind=ConnectorKind.GDELT).update(enabled=False)

    with django_capture_on_commit_callbacks() as callbacks:
        runs = claim_corroborate(claim=harbour_claim, trigger=RunTrigger.MANUAL)

    kinds = {run.connector for run in runs}
    assert kinds == set(ConnectorKind.values) - {ConnectorKind.GDELT}
    assert all(run.status == RunStatus.QUEUED and run.enqueued_at is None for run in runs)
    assert len(callbacks) == 1  # the jobs are sent only once the transaction commits


def test_it_reuses_a_claims_open_run_instead_of_duplicating_it(harbour_claim):
    first = claim_corroborate(claim=harbour_claim, connectors=["local"], trigger=RunTrigger.MANUAL, send=False)
    second = claim_corroborate(claim=harbour_claim, connectors=["local"], trigger=RunTrigger.SCHEDULE, send=False)

    assert [run.id for run in second] == [run.id for run in first]
    assert CorroborationRun.objects.filter(claim=harbour_claim).count() == 1


@pytest.mark.parametrize(
    ("connectors", "trigger", "code"),
    [
        (["nope"], RunTrigger.MANUAL, "unknown_connector"),
        (["local"], "whenever", "invalid_trigger"),
    ],
)
def test_it_rejects_bad_input_and_writes_nothing(harbour_claim, connectors, trigger, code):
    with pytest.raises(ApplicationError) as raised:
        claim_corroborate(claim=harbour_claim, connectors=connectors, trigger=trigger)

    assert raised.value.code == code
    assert not CorroborationRun.objects.exists()


def test_it_refuses_a_disabled_connector_and_a_rejected_claim(harbour_claim):
    Connector.objects.filter(kind=ConnectorKind.WIKIPEDIA).update(enabled=False)
    rejected = ClaimFactory(status="rejected", rejection_reason="Opinion, not a fact")

    with pytest.raises(ApplicationError, match="disabled: wikipedia"):
        claim_corroborate(claim=harbour_claim, connectors=["wikipedia"], trigger=RunTrigger.MANUAL)
    with pytest.raises(ApplicationError, match="rejected claim"):
        claim_corroborate(claim=rejected, trigger=RunTrigger.MANUAL)
    assert not CorroborationRun.objects.exists()


def test_only_one_worker_gets_a_queued_run(harbour_claim):
    run = CorroborationRun.objects.create(claim=harbour_claim, connector=ConnectorKind.LOCAL)

    acquired = run_acquire(run_id=run.id)
    with pytest.raises(RunBusy):
        run_acquire(run_id=run.id)  # the first worker's heartbeat is fresh

    assert acquired.status == RunStatus.RUNNING
    assert acquired.attempts == 1


def test_a_run_whose_worker_stopped_is_taken_over(harbour_claim, settings):
    stale = timezone.now() - timedelta(seconds=settings.CORROBORATION_RUN_LEASE + 1)
    run = CorroborationRun.objects.create(
        claim=harbour_claim, connector="local", status=RunStatus.RUNNING, attempts=1, heartbeat_at=stale
    )

    taken = run_acquire(run_id=run.id)

    assert taken.status == RunStatus.RUNNING
    assert taken.attempts == 2
    assert taken.heartbeat_at > stale


def test_a_finished_run_is_not_run_again(harbour_claim):
    run = CorroborationRun.objects.create(claim=harbour_claim, connector="local", status=RunStatus.SUCCEEDED)

    assert run_acquire(run_id=run.id) is None
    assert run_execute(run=run) is None


def test_a_run_that_keeps_losing_its_worker_fails_with_a_reason(harbour_claim, settings):
    stale = timezone.now() - timedelta(seconds=settings.CORROBORATION_RUN_LEASE + 1)
    run = CorroborationRun.objects.create(
        claim=harbour_claim,
        connector="local",
        status=RunStatus.RUNNING,
        attempts=settings.CORROBORATION_RUN_MAX_ATTEMPTS,
        heartbeat_at=stale,
    )

    assert run_acquire(run_id=run.id) is None

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == (
        f"Gave up after {settings.CORROBORATION_RUN_MAX_ATTEMPTS} attempts: the worker running it stopped each time"
    )


def test_a_run_stores_documents_and_ranks_evidence(harbour_claim, only_local_connector):
    only_local_connector()
    [run] = claim_corroborate(claim=harbour_claim, trigger=RunTrigger.MANUAL, send=False)

    finished = run_execute(run=run)

    assert finished.status == RunStatus.SUCCEEDED, finished.error
    assert (finished.documents_found, finished.documents_new) == (2, 2)  # the regatta story matches no term
    assert "entities: Alice Marsh" in finished.query
    evidence = list(Evidence.objects.filter(claim=harbour_claim).select_related("passage__document"))
    assert finished.evidence_created == len(evidence) > 0
    assert evidence[0].rank == 1
    assert evidence[0].passage.document.url == "https://wire.example.org/2025/03/harbour-bridge-budget"
    assert {e.suggested_stance for e in evidence} <= {"supports", "refutes", "context", "unknown"}


def test_running_again_creates_no_duplicates_and_keeps_reviewer_decisions(harbour_claim, only_local_connector):
    only_local_connector()
    reviewer = UserFactory(username="rita-reviewer")
    run_execute(run=claim_corroborate(claim=harbour_claim, trigger=RunTrigger.MANUAL, send=False)[0])
    decided_at = timezone.now()
    first = Evidence.objects.filter(claim=harbour_claim).order_by("rank").first()
    Evidence.objects.filter(id=first.id).update(
        decision=Decision.DISMISSED, decided_by=reviewer, decided_at=decided_at, note="Off topic"
    )
    counts = (Document.objects.count(), Passage.objects.count(), Evidence.objects.count())

    again = run_execute(run=claim_corroborate(claim=harbour_claim, trigger=RunTrigger.MANUAL, send=False)[0])

    assert again.status == RunStatus.SUCCEEDED
    assert (again.documents_new, again.evidence_created) == (0, 0)
    assert (Document.objects.count(), Passage.objects.count(), Evidence.objects.count()) == counts
    first.refresh_from_db()
    assert (first.decision, first.decided_by, first.decided_at, first.note) == (
        Decision.DISMISSED,
        reviewer,
        decided_at,
        "Off topic",
    )


def test_new_evidence_after_a_published_verdict_flags_the_claim(harbour_claim, only_local_connector):
    VerdictFactory(
        claim=harbour_claim,
        status=VerdictStatus.PUBLISHED,
        published_at=timezone.now(),
        approver=UserFactory(username="eddie-editor"),
    )
    assert claim_rank_evidence(claim=harbour_claim) == 0  # nothing indexed yet: no new evidence
    harbour_claim.refresh_from_db()
    assert not harbour_claim.new_evidence_since_verdict
    only_local_connector()

    run_execute(run=claim_corroborate(claim=harbour_claim, connectors=["local"], trigger="schedule", send=False)[0])

    harbour_claim.refresh_from_db()
    assert harbour_claim.new_evidence_since_verdict
    assert harbour_claim.version == 2


def test_a_hit_without_a_usable_url_is_skipped_and_the_run_goes_on(harbour_claim, fixture_server, settings):
    good = fixture_server.add("/report-1.html", body=article_html(1))
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Portwell Gazette</title>"
        "<link>https://example.org/</link><description>d</description>"
        "<item><title>Harbour Bridge: Alice Marsh answers critics</title><link>mailto:desk@example.org</link></item>"
        f"<item><title>Harbour Bridge audit: Alice Marsh's promise</title><link>{good}</link></item>"
        "</channel></rss>"
    )
    Feed.objects.create(url=fixture_server.add("/feed.xml", body=feed, content_type="application/rss+xml"))
    Connector.objects.exclude(kind=ConnectorKind.RSS).update(enabled=False)
    Connector.objects.update_or_create(kind=ConnectorKind.RSS, defaults={"enabled": True})
    [run] = claim_corroborate(claim=harbour_claim, connectors=["rss"], trigger=RunTrigger.MANUAL, send=False)

    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        finished = run_execute(run=run)

    assert (finished.status, finished.error) == (RunStatus.SUCCEEDED, "")
    assert list(Document.objects.values_list("url", flat=True)) == [good]


def test_a_permanent_connector_failure_is_recorded_on_the_run(harbour_claim):
    Connector.objects.filter(kind=ConnectorKind.LOCAL).update(options={})  # no collection path

    run = run_execute(run=claim_corroborate(claim=harbour_claim, connectors=["local"], trigger="manual", send=False)[0])

    assert run.status == RunStatus.FAILED
    assert run.error == "Local document collection failed: The local connector has no 'path' option set"
    assert not Document.objects.exists()


def test_a_transient_connector_failure_requeues_the_run_then_fails_it_on_the_last_attempt(
    harbour_claim, fixture_server, settings
):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_RETRIES = 0
    settings.FETCH_POLITENESS_DELAY = 0
    api = fixture_server.add("/w/api.php", body="overloaded", status=503, content_type="text/plain")
    Connector.objects.filter(kind=ConnectorKind.WIKIPEDIA).update(base_url=api, enabled=True)
    [run] = claim_corroborate(claim=harbour_claim, connectors=["wikipedia"], trigger=RunTrigger.MANUAL, send=False)

    with pytest.raises(RunTransientError):
        run_execute(run=run, final_attempt=False)
    requeued = CorroborationRun.objects.get(id=run.id)
    final = run_execute(run=run, final_attempt=True)

    assert requeued.status == RunStatus.QUEUED
    assert requeued.error.startswith("Transient failure, retrying:")
    assert "503" in requeued.error
    assert final.status == RunStatus.FAILED
    assert final.error.startswith("Wikipedia (MediaWiki search) failed:")
    assert final.attempts == 2
    assert not Document.objects.exists()


def test_each_change_a_ranking_makes_to_evidence_is_in_its_history(harbour_claim, only_local_connector):
    """New evidence gets a '+' row, a re-scored one a '~' row; a ranking that changes nothing adds none."""
    only_local_connector()

    def corroborate():
        run_execute(run=claim_corroborate(claim=harbour_claim, trigger=RunTrigger.MANUAL, send=False)[0])

    corroborate()
    evidence = list(Evidence.objects.filter(claim=harbour_claim).order_by("rank"))
    assert evidence
    for row in evidence:
        assert [(h.history_type, h.history_change_reason, h.score) for h in row.history.all()] == [
            ("+", "ranked by corroboration", row.score)
        ]

    corroborate()  # same documents, same scores
    assert sum(row.history.count() for row in evidence) == len(evidence)

    first = evidence[0]
    Evidence.objects.filter(id=first.id).update(score=first.score / 2, rank=99)  # an older ranking's values
    corroborate()
    latest = first.history.first()
    assert (latest.history_type, latest.score, latest.rank) == ("~", first.score, 1)
    assert first.history.count() == 2
    assert sum(row.history.count() for row in evidence) == len(evidence) + 1  # no other row was re-scored
    # The claim's timeline shows reviewers' decisions, not the machine's rankings.
    assert not [entry for entry in claim_history(claim=harbour_claim) if entry["what"].startswith("Evidence")]
