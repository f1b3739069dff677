"""Two reviewers saving the same claim or verdict from the same version at the same time: one wins."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from claims.models import Claim, ClaimStatus, Speaker, Verdict
from claims.services import workflow as wf
from claims.services.speakers import speaker_resolve
from claimtrack.exceptions import ApplicationError
from tests.claims.workflow_support import proposed_verdict
from tests.factories import ClaimFactory

# Committed rows, for the threads' own connections; the role groups made again after earlier flushes.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_rows")]


def race(*calls) -> list[object]:
    """Run ``calls`` in threads released together; return each call's result or the error it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        except ApplicationError as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_the_second_of_two_concurrent_assignments_is_refused(reviewer, second_reviewer):
    claim = ClaimFactory(status=ClaimStatus.ACCEPTED)
    outcomes = race(
        lambda: wf.claim_assign(claim=claim.pk, user=reviewer, assignee=reviewer, expected_version=1),
        lambda: wf.claim_assign(claim=claim.pk, user=second_reviewer, assignee=second_reviewer, expected_version=1),
    )
    errors = [o for o in outcomes if isinstance(o, ApplicationError)]
    winners = [o for o in outcomes if isinstance(o, Claim)]
    assert [e.code for e in errors] == ["stale_version"]
    assert len(winners) == 1
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.version, stored.assignee_id) == (2, winners[0].assignee_id)


def test_the_second_of_two_concurrent_verdict_edits_is_refused(reviewer):
    verdict = proposed_verdict(reviewer)
    version = verdict.version
    outcomes = race(
        lambda: wf.verdict_update(verdict=verdict.pk, user=reviewer, rationale="Edit A.", expected_version=version),
        lambda: wf.verdict_update(verdict=verdict.pk, user=reviewer, rationale="Edit B.", expected_version=version),
    )
    errors = [o for o in outcomes if isinstance(o, ApplicationError)]
    winner = next(o for o in outcomes if isinstance(o, Verdict))
    assert [e.code for e in errors] == ["stale_version"]
    stored = Verdict.objects.get(pk=verdict.pk)
    assert (stored.rationale, stored.version) == (winner.rationale, version + 1)


def test_two_rankings_of_one_claim_at_once_count_each_new_evidence_once(harbour_claim, only_local_connector):
    """Runs of two connectors finishing together: one ranking waits for the other, so no passage is new twice."""
    from claims.corroboration import claim_corroborate, claim_rank_evidence, run_execute
    from claims.models import Evidence, RunTrigger

    only_local_connector()
    run_execute(run=claim_corroborate(claim=harbour_claim, trigger=RunTrigger.MANUAL, send=False)[0])
    Evidence.history.all().delete()
    Evidence.objects.all().delete()  # the documents stay indexed; the evidence is to be found again

    created = race(lambda: claim_rank_evidence(claim=harbour_claim), lambda: claim_rank_evidence(claim=harbour_claim))

    evidence = list(Evidence.objects.filter(claim=harbour_claim))
    assert evidence
    assert sorted(created) == [0, len(evidence)]
    assert [row.history.filter(history_type="+").count() for row in evidence] == [1] * len(evidence)


def wait_until_another_query_waits_for_a_lock(limit: float = 30.0) -> bool:
    """Poll PostgreSQL until another session of this database is blocked on a lock; False after ``limit`` s."""
    deadline = time.monotonic() + limit
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                " AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_a_speaker_renamed_by_one_ingestion_is_not_written_back_by_another_at_the_same_time():
    speaker_resolve(name="DMV", mention="DMV", is_person=False)
    renamed = threading.Event()

    def rename():  # an article that names the California Department of Motor Vehicles, then "the DMV"
        with transaction.atomic():
            speaker_resolve(name="California Department of Motor Vehicles", mention="the DMV", is_person=False)
            renamed.set()
            wait_until_another_query_waits_for_a_lock()

    def resolve_again():  # another article that only writes "DMV", while the first is not committed yet
        renamed.wait(timeout=30)
        speaker_resolve(name="DMV", mention="DMV", is_person=False)

    race(rename, resolve_again)

    assert list(Speaker.objects.values_list("name", "aliases")) == [
        ("California Department of Motor Vehicles", ["DMV"])
    ]


def test_a_claim_edit_that_waited_on_a_proposal_is_refused_not_left_unseen_by_the_approver(reviewer, second_reviewer):
    """The edit reads "no proposed verdict", then waits for the claim while a proposal holds it: once the
    proposal commits, the edit must not reword the claim under a verdict whose version it did not bump."""
    from claims.models import RatingLabel
    from tests.claims.workflow_support import claim_in_review

    claim, evidence = claim_in_review(reviewer)
    proposal_holds_the_claim = threading.Event()
    edit_waits = threading.Event()
    outcome: list[object] = []

    def propose_until_the_edit_waits():
        try:
            with transaction.atomic():
                wf.verdict_propose(
                    claim=claim.pk,
                    rating=RatingLabel.objects.get(slug="false"),
                    rationale="Official statistics show a different figure.",
                    evidence_ids=[evidence.pk],
                    user=reviewer,
                )
                proposal_holds_the_claim.set()
                edit_waits.wait(30)  # commit only once the edit is blocked on the claim
        finally:
            connection.close()

    def reword():
        proposal_holds_the_claim.wait(10)
        try:
            outcome.append(wf.claim_update(claim=claim.pk, user=second_reviewer, statement="Reworded.", speaker=None))
        except ApplicationError as error:
            outcome.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose_until_the_edit_waits), threading.Thread(target=reword)]
    for thread in threads:
        thread.start()
    proposal_holds_the_claim.wait(10)
    edit_is_waiting = wait_until_another_query_waits_for_a_lock()
    edit_waits.set()
    for thread in threads:
        thread.join()

    assert edit_is_waiting
    [result] = outcome
    verdict = Verdict.objects.get(claim_id=claim.pk)
    stored = Claim.objects.get(pk=claim.pk)
    assert isinstance(result, ApplicationError) and result.code == "stale_version"
    assert (stored.statement, verdict.version) == (claim.statement, 1)
