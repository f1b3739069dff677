"""Reviewers' decisions on evidence (accepted, dismissed, pending), frozen once the claim's verdict is
approved and kept accepted while a verdict cites it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.models import Decision, Evidence, VerdictStatus
from claims.services.workflow.guards import _save, permission_require
from claims.workflow import CLAIM_STATUSES_WITH_FROZEN_EVIDENCE
from claimtrack.exceptions import ApplicationError

# Verdict states in which the evidence a verdict cites must stay accepted.
_CITING_STATUSES = [VerdictStatus.PROPOSED, VerdictStatus.APPROVED, VerdictStatus.PUBLISHED]


@transaction.atomic
def evidence_decide(*, evidence: Evidence | int, decision: str, user, note: str = "") -> Evidence:
    """Record a reviewer's decision (accepted, dismissed, or back to pending) on one piece of evidence.

    Refused on rejected claims and on claims whose verdict is approved (the approval covered that
    evidence), and refused when it would un-accept evidence that a proposed or published verdict cites.
    """
    permission_require(user=user, perm="claims.change_evidence", action="decide on evidence")
    if decision not in Decision.values:
        raise ApplicationError(
            f"{decision!r} is not a decision; use one of {', '.join(Decision.values)}.",
            code="invalid_decision",
            extra={"decision": f"must be one of {Decision.values}"},
        )
    evidence_id = evidence.pk if isinstance(evidence, Evidence) else evidence
    evidence = Evidence.objects.select_for_update().select_related("claim").filter(pk=evidence_id).first()
    if evidence is None:
        raise ApplicationError(f"Evidence {evidence_id} does not exist.", code="not_found", status=404)
    _evidence_change_check(evidence, decision)
    evidence.decision = decision
    evidence.note = note.strip()
    evidence.decided_by = None if decision == Decision.PENDING else user
    evidence.decided_at = None if decision == Decision.PENDING else timezone.now()
    _save(evidence, user=user, reason=f"evidence {decision}")
    return evidence


def _evidence_change_check(evidence: Evidence, decision: str) -> None:
    if evidence.claim.status in CLAIM_STATUSES_WITH_FROZEN_EVIDENCE:
        raise ApplicationError(
            f"Evidence of a claim that is {evidence.claim.get_status_display().lower()} cannot be changed.",
            code="evidence_frozen",
            status=409,
        )
    cited = evidence.cited_by.filter(status__in=_CITING_STATUSES).exists()
    if cited and decision != Decision.ACCEPTED:
        raise ApplicationError(
            "This evidence is cited by a proposed or published verdict; it must stay accepted.",
            code="evidence_cited",
            status=409,
        )
