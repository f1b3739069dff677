"""Publishing verdicts and taking them back: publish an approved verdict (notified, its sources
archived), retract a published one, or reopen it as a new draft copy."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.models import Decision, Verdict, VerdictStatus
from claims.services import archiving, notifications
from claims.services.workflow.guards import (
    _author_differs,
    _claim_move,
    _reason_require,
    _save,
    _save_citing,
    _verdict_lock,
    permission_require,
)
from claims.services.workflow.verdicts import _rationale_check
from claims.workflow import verdict_transition_check
from claimtrack.exceptions import ApplicationError


@transaction.atomic
def verdict_publish(*, verdict: Verdict | int, user, expected_version: int | None = None) -> Verdict:
    """Publish an approved verdict: an editor who is not its author; needs a rationale and accepted evidence."""
    permission_require(user=user, perm="claims.publish_verdict", action="publish verdicts")
    verdict = _verdict_lock(verdict, expected_version)
    _author_differs(verdict, user, action="publish")
    status = verdict_transition_check(action="publish", status=verdict.status)
    _rationale_check(verdict.rationale)
    if not verdict.cited_evidence.filter(decision=Decision.ACCEPTED).exists():
        raise ApplicationError(
            "A verdict cannot be published without at least one accepted piece of evidence.",
            code="evidence_required",
            status=409,
        )
    verdict.status, verdict.published_at = status, timezone.now()
    _save(verdict, user=user, reason="published")
    _claim_move(verdict.claim_id, action="publish", user=user, reason="verdict published")
    notifications.verdict_published_notify(verdict=verdict)
    archiving.verdict_sources_archive(verdict=verdict)  # the page must outlive the sources it cites
    return verdict


@transaction.atomic
def verdict_retract(*, verdict: Verdict | int, user, reason: str, expected_version: int | None = None) -> Verdict:
    """Retract a published verdict (it leaves the public feed; the claim goes back to review)."""
    permission_require(user=user, perm="claims.retract_verdict", action="retract verdicts")
    reason = _reason_require(reason, what="retract a verdict")
    verdict = _verdict_lock(verdict, expected_version)
    verdict.status = verdict_transition_check(action="retract", status=verdict.status)
    verdict.retracted_at, verdict.retraction_reason = timezone.now(), reason
    _save(verdict, user=user, reason=f"retracted: {reason}")
    _claim_move(verdict.claim_id, action="retract", user=user, reason=f"verdict retracted: {reason}")
    notifications.verdict_changed_notify(verdict=verdict, change="retracted")
    return verdict


@transaction.atomic
def verdict_reopen(*, verdict: Verdict | int, user, reason: str, expected_version: int | None = None) -> Verdict:
    """Reopen a published verdict: it is retracted as published, and a new draft copy is returned for revision.

    The published text is never edited in place; the draft starts from it (same rating, rationale and
    cited evidence, same author) and goes through proposal, approval and publication again.
    """
    permission_require(user=user, perm="claims.retract_verdict", action="reopen verdicts")
    reason = _reason_require(reason, what="reopen a verdict")
    verdict = _verdict_lock(verdict, expected_version)
    verdict.status = verdict_transition_check(action="reopen", status=verdict.status)
    verdict.retracted_at, verdict.retraction_reason = timezone.now(), f"Reopened: {reason}"
    _save(verdict, user=user, reason=f"reopened: {reason}")
    draft = Verdict(
        claim_id=verdict.claim_id,
        rating=verdict.rating,
        rationale=verdict.rationale,
        author=verdict.author,
        status=VerdictStatus.DRAFT,
        version=0,
    )
    _save_citing(
        draft, list(verdict.cited_evidence.all()), user=user, reason=f"draft from reopened verdict {verdict.pk}"
    )
    _claim_move(verdict.claim_id, action="reopen", user=user, reason=f"verdict reopened: {reason}")
    notifications.verdict_changed_notify(verdict=verdict, change="reopened")
    return draft
