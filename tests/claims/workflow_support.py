"""Builders for claims at each step of the review workflow, made through the real services."""

from __future__ import annotations

from claims.models import Claim, Decision, RatingLabel, Verdict
from claims.services import workflow as wf
from tests.factories import AppearanceFactory, EvidenceFactory


def claim_with_evidence(**claim_fields) -> tuple[Claim, object]:
    """A candidate claim with one appearance and one pending piece of evidence."""
    appearance = AppearanceFactory(**{f"claim__{k}": v for k, v in claim_fields.items()})
    evidence = EvidenceFactory(claim=appearance.claim)
    return appearance.claim, evidence


def claim_in_review(reviewer) -> tuple[Claim, object]:
    claim, evidence = claim_with_evidence()
    wf.claim_accept(claim=claim, user=reviewer)
    wf.claim_assign(claim=claim, user=reviewer, assignee=reviewer)
    wf.evidence_decide(evidence=evidence, decision=Decision.ACCEPTED, user=reviewer)
    claim.refresh_from_db()
    return claim, evidence


def proposed_verdict(reviewer) -> Verdict:
    claim, evidence = claim_in_review(reviewer)
    return wf.verdict_propose(
        claim=claim,
        rating=RatingLabel.objects.get(slug="false"),
        rationale="Official statistics show a different figure.",
        evidence_ids=[evidence.pk],
        user=reviewer,
    )


def approved_verdict(reviewer, editor) -> Verdict:
    return wf.verdict_approve(verdict=proposed_verdict(reviewer), user=editor)


def published_verdict(reviewer, editor) -> Verdict:
    return wf.verdict_publish(verdict=approved_verdict(reviewer, editor), user=editor)
