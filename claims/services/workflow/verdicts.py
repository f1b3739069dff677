"""Verdicts before publication: propose one on a claim in review, edit it (its author), approve it or
send it back to draft (an editor; approval by someone other than the author)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from claims.models import Claim, Decision, Evidence, RatingLabel, Verdict, VerdictStatus
from claims.services.workflow.guards import (
    _author_differs,
    _claim_lock,
    _claim_move,
    _reason_require,
    _save,
    _save_citing,
    _verdict_lock,
    permission_require,
)
from claims.workflow import VERDICT_EDITABLE_STATUSES, claim_transition_check, verdict_transition_check
from claimtrack.exceptions import ApplicationError


def _rating_check(rating: RatingLabel | int) -> RatingLabel:
    rating_id = rating.pk if isinstance(rating, RatingLabel) else rating
    label = RatingLabel.objects.filter(pk=rating_id, is_active=True).first()
    if label is None:
        raise ApplicationError(
            "Choose a rating from the active rating scale.", code="invalid_rating", extra={"rating": "unknown"}
        )
    return label


def _rationale_check(rationale: str) -> str:
    rationale = (rationale or "").strip()
    if not rationale:
        raise ApplicationError(
            "A verdict needs a rationale.", code="rationale_required", extra={"rationale": "required"}
        )
    return rationale


def _cited_evidence_check(claim: Claim, evidence_ids: Iterable[int]) -> list[Evidence]:
    ids = {int(pk) for pk in evidence_ids}
    if not ids:
        raise ApplicationError(
            "Cite at least one piece of accepted evidence.", code="evidence_required", extra={"evidence_ids": "empty"}
        )
    found = list(Evidence.objects.filter(pk__in=ids, claim=claim, decision=Decision.ACCEPTED))
    bad = sorted(ids - {e.pk for e in found})
    if bad:
        raise ApplicationError(
            f"Evidence {bad} is not accepted evidence of this claim.",
            code="evidence_invalid",
            extra={"evidence_ids": bad},
        )
    return found


@transaction.atomic
def verdict_propose(
    *,
    claim: Claim | int,
    rating: RatingLabel | int,
    rationale: str,
    evidence_ids: Iterable[int],
    user,
    expected_version: int | None = None,
) -> Verdict:
    """Propose a verdict on a claim in review (claim -> verdict proposed).

    ``expected_version`` is the claim's. A draft left by a send-back or a reopen is reused (and its
    author becomes ``user``); otherwise a new verdict is created.
    """
    permission_require(user=user, perm="claims.add_verdict", action="propose verdicts")
    claim = _claim_lock(claim, expected_version)
    claim_status = claim_transition_check(action="propose", status=claim.status)
    label, rationale = _rating_check(rating), _rationale_check(rationale)
    cited = _cited_evidence_check(claim, evidence_ids)
    verdict = Verdict.objects.select_for_update().filter(claim=claim, status=VerdictStatus.DRAFT).first()
    if verdict is None:
        verdict = Verdict(claim=claim, author=user, version=0)
    verdict.rating, verdict.rationale, verdict.author = label, rationale, user
    verdict.status = VerdictStatus.PROPOSED
    _save_citing(verdict, cited, user=user, reason="proposed")
    claim.status, claim.new_evidence_since_verdict = claim_status, False
    _save(claim, user=user, reason="verdict proposed")
    return verdict


@transaction.atomic
def verdict_update(
    *,
    verdict: Verdict | int,
    user,
    rating: RatingLabel | int | None = None,
    rationale: str | None = None,
    evidence_ids: Iterable[int] | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Change a draft or proposed verdict; only its author may. ``None`` leaves a field as it is."""
    permission_require(user=user, perm="claims.change_verdict", action="edit verdicts")
    verdict = _verdict_lock(verdict, expected_version)
    if verdict.status not in VERDICT_EDITABLE_STATUSES:
        raise ApplicationError(
            f"A verdict that is {verdict.get_status_display().lower()} cannot be edited"
            + (" — retract or reopen it instead." if verdict.status == VerdictStatus.PUBLISHED else "."),
            code="verdict_locked",
            status=409,
        )
    if verdict.author_id != user.pk:
        raise ApplicationError("Only the author of a verdict can edit it.", code="not_author", status=403)
    if rating is not None:
        verdict.rating = _rating_check(rating)
    if rationale is not None:
        verdict.rationale = _rationale_check(rationale)
    if evidence_ids is None:
        _save(verdict, user=user, reason="edited")
    else:
        _save_citing(verdict, _cited_evidence_check(verdict.claim, evidence_ids), user=user, reason="edited")
    return verdict


@transaction.atomic
def verdict_approve(*, verdict: Verdict | int, user, expected_version: int | None = None) -> Verdict:
    """Approve a proposed verdict: an editor who is not its author (claim -> approved)."""
    permission_require(user=user, perm="claims.approve_verdict", action="approve verdicts")
    verdict = _verdict_lock(verdict, expected_version)
    _author_differs(verdict, user, action="approve")
    verdict.status = verdict_transition_check(action="approve", status=verdict.status)
    verdict.approver = user
    _save(verdict, user=user, reason="approved")
    _claim_move(verdict.claim_id, action="approve", user=user, reason="verdict approved")
    return verdict


@transaction.atomic
def verdict_send_back(*, verdict: Verdict | int, user, reason: str, expected_version: int | None = None) -> Verdict:
    """An editor returns a proposed or approved (not yet published) verdict to draft for revision."""
    permission_require(user=user, perm="claims.approve_verdict", action="send verdicts back")
    reason = _reason_require(reason, what="send a verdict back")
    verdict = _verdict_lock(verdict, expected_version)
    verdict.status = verdict_transition_check(action="send_back", status=verdict.status)
    verdict.approver = None
    _save(verdict, user=user, reason=f"sent back: {reason}")
    _claim_move(verdict.claim_id, action="send_back", user=user, reason=f"verdict sent back: {reason}")
    return verdict
