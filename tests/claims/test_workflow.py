"""The review workflow services: transitions, the two-person rule, publish preconditions, history."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimStatus, Decision, RatingLabel, Verdict, VerdictStatus
from claims.services import workflow as wf
from claims.workflow import CLAIM_TRANSITIONS, claim_actions_from, claim_transition_check
from claimtrack.exceptions import ApplicationError
from tests.claims.workflow_support import (
    approved_verdict,
    claim_in_review,
    claim_with_evidence,
    proposed_verdict,
    published_verdict,
)
from tests.factories import ClaimFactory, EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def refused(code: str, call, *args, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def test_the_happy_path_goes_from_candidate_to_published(reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    verdict.refresh_from_db()
    assert verdict.status == VerdictStatus.PUBLISHED
    assert verdict.published_at is not None
    assert verdict.approver == editor
    assert Claim.objects.get(pk=verdict.claim_id).status == ClaimStatus.PUBLISHED


def test_every_transition_not_in_the_table_is_refused():
    for action, (sources, _target) in CLAIM_TRANSITIONS.items():
        for status in set(ClaimStatus.values) - sources:
            error = refused("forbidden_transition", claim_transition_check, action=action, status=status)
            assert error.status == 409
            assert action.replace("_", " ") in error.message


def test_actions_offered_for_a_candidate_are_accept_and_reject():
    assert claim_actions_from(ClaimStatus.CANDIDATE) == ["accept", "reject"]
    assert claim_actions_from(ClaimStatus.PUBLISHED) == ["retract", "reopen"]


def test_it_refuses_to_assign_a_candidate_that_was_not_accepted(reviewer):
    claim, _ = claim_with_evidence()
    error = refused("forbidden_transition", wf.claim_assign, claim=claim, user=reviewer, assignee=reviewer)
    assert error.message.startswith("Cannot assign a claim that is candidate (allowed from:")
    claim.refresh_from_db()
    assert (claim.status, claim.assignee, claim.version) == (ClaimStatus.CANDIDATE, None, 1)


def test_rejecting_needs_a_reason_and_keeps_it(reviewer):
    claim = ClaimFactory()
    refused("reason_required", wf.claim_reject, claim=claim, user=reviewer, reason="   ")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CANDIDATE
    wf.claim_reject(claim=claim, user=reviewer, reason="Opinion, not a factual claim")
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == (ClaimStatus.REJECTED, "Opinion, not a factual claim")


def test_a_rejected_claim_cannot_be_accepted(reviewer):
    claim = ClaimFactory(status=ClaimStatus.REJECTED, rejection_reason="Out of scope")
    refused("forbidden_transition", wf.claim_accept, claim=claim, user=reviewer)


def test_claims_are_assigned_only_to_reviewers(reviewer, viewer, outsider):
    claim = ClaimFactory(status=ClaimStatus.ACCEPTED)
    for nobody in (viewer, outsider, None):
        refused("invalid_assignee", wf.claim_assign, claim=claim, user=reviewer, assignee=nobody)
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_tags_are_replaced_and_created_as_slugs(reviewer):
    claim = ClaimFactory()
    wf.claim_set_tags(claim=claim, user=reviewer, tags=["Economy", "jobs", "jobs"])
    assert sorted(claim.tags.values_list("name", flat=True)) == ["economy", "jobs"]
    wf.claim_set_tags(claim=claim, user=reviewer, tags=["health"])
    assert list(claim.tags.values_list("name", flat=True)) == ["health"]
    refused("invalid_tag", wf.claim_set_tags, claim=claim, user=reviewer, tags=["!!!"])
    assert list(claim.tags.values_list("name", flat=True)) == ["health"]


def test_bulk_accept_changes_all_or_nothing(reviewer):
    candidates = ClaimFactory.create_batch(3)
    rejected = ClaimFactory(status=ClaimStatus.REJECTED, rejection_reason="Opinion")
    error = refused(
        "forbidden_transition", wf.claims_bulk_accept, claim_ids=[c.pk for c in [*candidates, rejected]], user=reviewer
    )
    assert list(error.extra["claims"]) == [rejected.pk]
    assert set(Claim.objects.filter(pk__in=[c.pk for c in candidates]).values_list("status", flat=True)) == {
        ClaimStatus.CANDIDATE
    }
    wf.claims_bulk_accept(claim_ids=[c.pk for c in candidates], user=reviewer)
    rows = Claim.objects.filter(pk__in=[c.pk for c in candidates])
    assert set(rows.values_list("status", "version")) == {(ClaimStatus.ACCEPTED, 2)}


def test_bulk_assign_and_reject_record_history_with_the_user(reviewer, second_reviewer):
    claims = ClaimFactory.create_batch(2, status=ClaimStatus.ACCEPTED)
    wf.claims_bulk_assign(claim_ids=[c.pk for c in claims], user=reviewer, assignee=second_reviewer)
    assert set(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("assignee", flat=True)) == {
        second_reviewer.pk
    }
    wf.claims_bulk_reject(claim_ids=[c.pk for c in claims], user=reviewer, reason="Duplicate")
    latest = claims[0].history.latest()
    assert (latest.history_user, latest.status, latest.history_change_reason) == (
        reviewer,
        ClaimStatus.REJECTED,
        "bulk rejected",
    )
    refused("empty_selection", wf.claims_bulk_accept, claim_ids=[], user=reviewer)
    refused("reason_required", wf.claims_bulk_reject, claim_ids=[claims[0].pk], user=reviewer, reason="")


def test_evidence_decisions_record_who_and_when(reviewer):
    _, evidence = claim_with_evidence()
    wf.evidence_decide(evidence=evidence, decision=Decision.DISMISSED, user=reviewer, note=" off topic ")
    evidence.refresh_from_db()
    assert (evidence.decision, evidence.decided_by, evidence.note) == (Decision.DISMISSED, reviewer, "off topic")
    assert evidence.decided_at is not None
    assert evidence.history.latest().history_user == reviewer
    refused("invalid_decision", wf.evidence_decide, evidence=evidence, decision="maybe", user=reviewer)
    wf.evidence_decide(evidence=evidence, decision=Decision.PENDING, user=reviewer)
    evidence.refresh_from_db()
    assert (evidence.decision, evidence.decided_by, evidence.decided_at) == (Decision.PENDING, None, None)


def test_evidence_cited_by_a_proposed_verdict_stays_accepted(reviewer):
    verdict = proposed_verdict(reviewer)
    cited = verdict.cited_evidence.get()
    refused("evidence_cited", wf.evidence_decide, evidence=cited, decision=Decision.DISMISSED, user=reviewer)
    assert Verdict.objects.get(pk=verdict.pk).cited_evidence.get().decision == Decision.ACCEPTED


def test_evidence_of_an_approved_claim_is_frozen(reviewer, editor):
    verdict = approved_verdict(reviewer, editor)
    other = EvidenceFactory(claim=verdict.claim, rank=2)
    refused("evidence_frozen", wf.evidence_decide, evidence=other, decision=Decision.ACCEPTED, user=reviewer)


def test_proposing_needs_a_rationale_and_accepted_evidence_of_the_claim(reviewer):
    claim, evidence = claim_in_review(reviewer)
    false = RatingLabel.objects.get(slug="false")
    foreign = EvidenceFactory(decision=Decision.ACCEPTED, decided_at=claim.created_at)
    propose = wf.verdict_propose
    refused(
        "rationale_required",
        propose,
        claim=claim,
        rating=false,
        rationale=" ",
        evidence_ids=[evidence.pk],
        user=reviewer,
    )
    refused(
        "evidence_required", propose, claim=claim, rating=false, rationale="Because.", evidence_ids=[], user=reviewer
    )
    refused(
        "evidence_invalid",
        propose,
        claim=claim,
        rating=false,
        rationale="Because.",
        evidence_ids=[foreign.pk],
        user=reviewer,
    )
    inactive = RatingLabel.objects.create(slug="pants", label="Pants on fire", rating_value=0, is_active=False)
    refused(
        "invalid_rating",
        propose,
        claim=claim,
        rating=inactive,
        rationale="Because.",
        evidence_ids=[evidence.pk],
        user=reviewer,
    )
    assert not Verdict.objects.filter(claim=claim).exists()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_REVIEW


def test_two_person_rule_the_author_cannot_approve_or_publish(editor, second_editor):
    verdict = proposed_verdict(editor)
    error = refused("two_person_rule", wf.verdict_approve, verdict=verdict, user=editor)
    assert error.status == 403
    wf.verdict_approve(verdict=verdict, user=second_editor)
    refused("two_person_rule", wf.verdict_publish, verdict=verdict, user=editor)
    assert Verdict.objects.get(pk=verdict.pk).status == VerdictStatus.APPROVED
    wf.verdict_publish(verdict=verdict, user=second_editor)
    assert Verdict.objects.get(pk=verdict.pk).status == VerdictStatus.PUBLISHED


def test_a_reviewer_cannot_approve_or_publish(reviewer, second_reviewer, editor):
    verdict = proposed_verdict(reviewer)
    refused("permission_denied", wf.verdict_approve, verdict=verdict, user=second_reviewer)
    wf.verdict_approve(verdict=verdict, user=editor)
    refused("permission_denied", wf.verdict_publish, verdict=verdict, user=second_reviewer)


def test_a_proposed_verdict_cannot_be_published_before_approval(reviewer, editor):
    verdict = proposed_verdict(reviewer)
    refused("forbidden_transition", wf.verdict_publish, verdict=verdict, user=editor)


def test_it_rejects_publishing_without_a_rationale(reviewer, editor):
    claim, evidence = claim_in_review(reviewer)
    claim.status = ClaimStatus.APPROVED
    claim.save()
    verdict = VerdictFactory(claim=claim, author=reviewer, approver=editor, status=VerdictStatus.APPROVED, rationale="")
    verdict.cited_evidence.add(evidence)
    refused("rationale_required", wf.verdict_publish, verdict=verdict, user=editor)
    verdict.refresh_from_db()
    assert (verdict.status, verdict.published_at) == (VerdictStatus.APPROVED, None)


def test_it_rejects_publishing_without_accepted_evidence(reviewer, editor):
    claim, _ = claim_with_evidence(status=ClaimStatus.APPROVED)
    verdict = VerdictFactory(claim=claim, author=reviewer, approver=editor, status=VerdictStatus.APPROVED)
    error = refused("evidence_required", wf.verdict_publish, verdict=verdict, user=editor)
    assert "accepted piece of evidence" in error.message
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED


def test_only_the_author_edits_a_verdict_and_only_before_approval(reviewer, second_reviewer, editor):
    verdict = proposed_verdict(reviewer)
    refused("not_author", wf.verdict_update, verdict=verdict, user=second_reviewer, rationale="Mine now.")
    wf.verdict_update(verdict=verdict, user=reviewer, rationale="Sharper rationale.")
    assert Verdict.objects.get(pk=verdict.pk).rationale == "Sharper rationale."
    wf.verdict_approve(verdict=verdict, user=editor)
    refused("verdict_locked", wf.verdict_update, verdict=verdict, user=reviewer, rationale="Too late.")


def test_a_published_verdict_is_never_edited_only_retracted(reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    error = refused("verdict_locked", wf.verdict_update, verdict=verdict, user=reviewer, rationale="Quiet fix")
    assert "retract or reopen" in error.message
    refused("reason_required", wf.verdict_retract, verdict=verdict, user=editor, reason="")
    refused("permission_denied", wf.verdict_retract, verdict=verdict, user=reviewer, reason="Wrong figure")
    wf.verdict_retract(verdict=verdict, user=editor, reason="Wrong figure")
    verdict.refresh_from_db()
    assert (verdict.status, verdict.retraction_reason) == (VerdictStatus.RETRACTED, "Wrong figure")
    assert verdict.rationale == "Official statistics show a different figure."
    assert Claim.objects.get(pk=verdict.claim_id).status == ClaimStatus.IN_REVIEW


def test_reopening_retracts_the_published_verdict_and_starts_a_draft_copy(reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    draft = wf.verdict_reopen(verdict=verdict, user=editor, reason="New official figures")
    verdict.refresh_from_db()
    assert verdict.status == VerdictStatus.RETRACTED
    assert (draft.status, draft.rating_id, draft.author) == (VerdictStatus.DRAFT, verdict.rating_id, reviewer)
    assert list(draft.cited_evidence.all()) == list(verdict.cited_evidence.all())
    claim = Claim.objects.get(pk=verdict.claim_id)
    assert claim.status == ClaimStatus.IN_REVIEW
    again = wf.verdict_propose(
        claim=claim,
        rating=draft.rating,
        rationale="Revised.",
        evidence_ids=[e.pk for e in draft.cited_evidence.all()],
        user=reviewer,
    )
    assert again.pk == draft.pk
    assert again.status == VerdictStatus.PROPOSED


def test_an_editor_sends_a_proposed_verdict_back_to_its_author(reviewer, editor):
    verdict = proposed_verdict(reviewer)
    wf.verdict_send_back(verdict=verdict, user=editor, reason="Cite the ministry's table")
    verdict.refresh_from_db()
    assert (verdict.status, verdict.approver) == (VerdictStatus.DRAFT, None)
    assert Claim.objects.get(pk=verdict.claim_id).status == ClaimStatus.IN_REVIEW
    assert verdict.history.latest().history_change_reason == "sent back: Cite the ministry's table"


def test_history_records_each_step_with_its_user(reviewer, editor, second_editor):
    verdict = published_verdict(reviewer, editor)
    claim_steps = [
        (h.status, h.history_user) for h in Claim.objects.get(pk=verdict.claim_id).history.order_by("history_date")
    ]
    assert claim_steps[-5:] == [
        (ClaimStatus.ACCEPTED, reviewer),
        (ClaimStatus.IN_REVIEW, reviewer),
        (ClaimStatus.VERDICT_PROPOSED, reviewer),
        (ClaimStatus.APPROVED, editor),
        (ClaimStatus.PUBLISHED, editor),
    ]
    verdict_steps = [
        (h.status, h.history_user, h.history_change_reason) for h in verdict.history.order_by("history_date")
    ]
    assert verdict_steps == [
        (VerdictStatus.PROPOSED, reviewer, "proposed"),
        (VerdictStatus.APPROVED, editor, "approved"),
        (VerdictStatus.PUBLISHED, editor, "published"),
    ]


def cited_in_each_record(verdict) -> list[tuple[str, list[int]]]:
    records = verdict.history.order_by("history_date")
    return [(h.history_change_reason, sorted(row.evidence_id for row in h.cited_evidence.all())) for h in records]


def test_the_history_keeps_which_evidence_each_version_of_a_verdict_cited(reviewer, editor):
    verdict = proposed_verdict(reviewer)
    [first] = verdict.cited_evidence.all()
    other = EvidenceFactory(claim=verdict.claim)
    wf.evidence_decide(evidence=other, decision=Decision.ACCEPTED, user=reviewer)
    wf.verdict_update(verdict=verdict.pk, user=reviewer, evidence_ids=[other.pk])
    wf.verdict_update(verdict=verdict.pk, user=reviewer, rationale="Official statistics show 4.9%, not 3.9%.")
    wf.verdict_send_back(verdict=verdict.pk, user=editor, reason="Cite both")
    reopened_from = published_verdict(reviewer, editor)
    draft = wf.verdict_reopen(verdict=reopened_from.pk, user=editor, reason="New figures")

    assert [h.history_type for h in Verdict.objects.get(pk=verdict.pk).history.order_by("history_date")] == [
        "+",
        "~",
        "~",
        "~",
    ]
    assert draft.history.get().history_type == "+"
    assert cited_in_each_record(Verdict.objects.get(pk=verdict.pk)) == [
        ("proposed", [first.pk]),
        ("edited", [other.pk]),
        ("edited", [other.pk]),
        ("sent back: Cite both", [other.pk]),
    ]
    latest = Verdict.objects.get(pk=verdict.pk).history.order_by("history_date")[1]
    assert "cited_evidence" in latest.diff_against(latest.prev_record).changed_fields
    cited = sorted(reopened_from.cited_evidence.values_list("pk", flat=True))
    assert cited_in_each_record(draft) == [(f"draft from reopened verdict {reopened_from.pk}", cited)]


def test_a_stale_version_is_refused_with_412(reviewer, second_reviewer):
    claim = ClaimFactory(status=ClaimStatus.ACCEPTED)
    wf.claim_assign(claim=claim, user=reviewer, assignee=reviewer, expected_version=1)
    error = refused(
        "stale_version",
        wf.claim_assign,
        claim=claim,
        user=second_reviewer,
        assignee=second_reviewer,
        expected_version=1,
    )
    assert (error.status, error.extra) == (412, {"expected_version": 1, "current_version": 2})
    claim.refresh_from_db()
    assert (claim.assignee, claim.version) == (reviewer, 2)


def test_a_stale_verdict_edit_is_refused(reviewer, editor):
    verdict = proposed_verdict(reviewer)
    version = verdict.version
    wf.verdict_update(verdict=verdict, user=reviewer, rationale="First edit.", expected_version=version)
    refused(
        "stale_version",
        wf.verdict_update,
        verdict=verdict,
        user=reviewer,
        rationale="Second edit.",
        expected_version=version,
    )
    refused("stale_version", wf.verdict_approve, verdict=verdict, user=editor, expected_version=version)
    assert Verdict.objects.get(pk=verdict.pk).rationale == "First edit."


def test_corroboration_request_needs_the_reviewer_role(viewer):
    claim = ClaimFactory()
    refused("permission_denied", wf.claim_corroboration_request, claim=claim, user=viewer)


def test_editing_a_claim_changes_wording_and_speaker_until_a_verdict_is_approved(reviewer, editor):
    verdict = proposed_verdict(reviewer)
    claim = verdict.claim
    wf.claim_update(claim=claim, user=reviewer, statement=" Reworded. ", speaker=None, expected_version=claim.version)
    claim.refresh_from_db()
    assert (claim.statement, claim.speaker) == ("Reworded.", None)
    refused("statement_required", wf.claim_update, claim=claim, user=reviewer, statement="  ", speaker=None)
    wf.verdict_approve(verdict=verdict, user=editor)
    error = refused("claim_locked", wf.claim_update, claim=claim, user=reviewer, statement="Other.", speaker=None)
    assert "send its verdict back first" in error.message
    assert Claim.objects.get(pk=claim.pk).statement == "Reworded."
    wf.verdict_publish(verdict=verdict, user=editor)
    error = refused("claim_locked", wf.claim_update, claim=claim, user=reviewer, statement="Other.", speaker=None)
    assert "reopen its verdict first" in error.message


def test_saving_an_unchanged_claim_does_not_bump_its_version(reviewer):
    claim = ClaimFactory()
    wf.claim_update(claim=claim, user=reviewer, statement=claim.statement, speaker=claim.speaker)
    assert Claim.objects.get(pk=claim.pk).version == 1
