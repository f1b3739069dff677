"""Claim statuses, evidence decisions and verdicts: the review workflow's write operations.

Every function is keyword-only, checks the acting user's permission (``user.has_perm`` on the
permissions that ``claims.roles`` gives each role), asks ``claims.workflow`` whether the status change
is allowed, and raises :class:`ApplicationError` with a stable ``code`` otherwise. The admin and the API
call these functions and nothing else, so both enforce the same rules.

Optimistic concurrency: functions that change a claim or a verdict take ``expected_version``. The row
is locked with ``SELECT ... FOR UPDATE`` and its ``version`` compared; when it moved on, the call fails
with code ``stale_version`` (HTTP 412). Of two saves made from the same version the second one is
refused, never silently applied. Every write bumps ``version`` and saves through the model so that
django-simple-history records who did it and why (``_history_user`` / ``_change_reason``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from claims.models import (
    Claim,
    Decision,
    Evidence,
    RatingLabel,
    RunTrigger,
    Speaker,
    Tag,
    Verdict,
    VerdictStatus,
)
from claims.services import archiving, notifications
from claims.workflow import (
    CLAIM_STATUSES_LOCKED_FOR_EDITS,
    CLAIM_STATUSES_WITH_FROZEN_EVIDENCE,
    VERDICT_EDITABLE_STATUSES,
    claim_transition_check,
    verdict_transition_check,
)
from claimtrack.exceptions import ApplicationError

# Verdict states in which the evidence a verdict cites must stay accepted.
_CITING_STATUSES = [VerdictStatus.PROPOSED, VerdictStatus.APPROVED, VerdictStatus.PUBLISHED]


# --- helpers --------------------------------------------------------------------------------------


def permission_require(*, user: AbstractBaseUser | None, perm: str, action: str) -> None:
    """Raise ``permission_denied`` (403) unless ``user`` is active and has ``perm``."""
    if user is None or not user.is_authenticated or not user.is_active or not user.has_perm(perm):
        raise ApplicationError(f"You are not allowed to {action}.", code="permission_denied", status=403)


def _version_check(obj: Claim | Verdict, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise ApplicationError(
            f"This {obj._meta.verbose_name} was changed by someone else (you edited version {expected_version}, "
            f"it is now at version {obj.version}). Reload it and try again.",
            code="stale_version",
            extra={"expected_version": expected_version, "current_version": obj.version},
            status=412,
        )


def _claim_lock(claim: Claim | int, expected_version: int | None = None) -> Claim:
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    try:
        locked = Claim.objects.select_for_update().get(pk=claim_id)
    except Claim.DoesNotExist:
        raise ApplicationError(f"Claim {claim_id} does not exist.", code="not_found", status=404) from None
    _version_check(locked, expected_version)
    return locked


def _verdict_lock(verdict: Verdict | int, expected_version: int | None = None) -> Verdict:
    verdict_id = verdict.pk if isinstance(verdict, Verdict) else verdict
    try:
        locked = Verdict.objects.select_for_update().get(pk=verdict_id)
    except Verdict.DoesNotExist:
        raise ApplicationError(f"Verdict {verdict_id} does not exist.", code="not_found", status=404) from None
    _version_check(locked, expected_version)
    return locked


def _save(obj: Claim | Verdict | Evidence, *, user, reason: str) -> None:
    """Save with a new version (claims, verdicts) and a history record naming the user and the action."""
    if hasattr(obj, "version"):
        obj.version += 1
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _reason_require(reason: str, *, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(f"A reason is required to {what}.", code="reason_required", extra={"reason": "required"})
    return reason


def _author_differs(verdict: Verdict, user, *, action: str) -> None:
    if verdict.author_id == user.pk:
        raise ApplicationError(
            f"Two-person rule: the author of a verdict cannot {action} it; another editor must.",
            code="two_person_rule",
            status=403,
        )


# --- claims ---------------------------------------------------------------------------------------


@transaction.atomic
def claim_accept(*, claim: Claim | int, user, expected_version: int | None = None) -> Claim:
    """Accept a candidate claim for checking (candidate -> accepted)."""
    permission_require(user=user, perm="claims.change_claim", action="accept claims")
    claim = _claim_lock(claim, expected_version)
    claim.status = claim_transition_check(action="accept", status=claim.status)
    _save(claim, user=user, reason="accepted")
    return claim


@transaction.atomic
def claim_reject(*, claim: Claim | int, user, reason: str, expected_version: int | None = None) -> Claim:
    """Reject a claim as not check-worthy or out of scope; ``reason`` is required and kept on the claim."""
    permission_require(user=user, perm="claims.change_claim", action="reject claims")
    reason = _reason_require(reason, what="reject a claim")
    claim = _claim_lock(claim, expected_version)
    claim.status = claim_transition_check(action="reject", status=claim.status)
    claim.rejection_reason = reason
    _save(claim, user=user, reason=f"rejected: {reason}")
    return claim


@transaction.atomic
def claim_update(
    *, claim: Claim | int, user, statement: str, speaker: Speaker | None, expected_version: int | None = None
) -> Claim:
    """Edit a claim's wording or speaker (never its status). Refused once a verdict on it was approved,
    because the approved or published review quotes exactly this statement."""
    permission_require(user=user, perm="claims.change_claim", action="edit claims")
    statement = (statement or "").strip()
    if not statement:
        raise ApplicationError("A claim needs a statement.", code="statement_required", extra={"statement": "required"})
    claim = _claim_lock(claim, expected_version)
    if (claim.statement, claim.speaker_id) == (statement, speaker.pk if speaker else None):
        return claim
    if claim.status in CLAIM_STATUSES_LOCKED_FOR_EDITS:
        raise ApplicationError(
            f"A claim that is {claim.get_status_display().lower()} cannot be edited; reopen its verdict first.",
            code="claim_locked",
            status=409,
        )
    claim.statement, claim.speaker = statement, speaker
    _save(claim, user=user, reason="edited")
    return claim


def _assignee_check(assignee) -> None:
    if assignee is None or not assignee.is_active or not assignee.has_perm("claims.change_claim"):
        name = getattr(assignee, "username", None)
        raise ApplicationError(
            f"{name or 'Nobody'} cannot be assigned claims: assignees must be active reviewers or editors.",
            code="invalid_assignee",
            extra={"assignee": "must be an active user with the reviewer role or above"},
        )


@transaction.atomic
def claim_assign(*, claim: Claim | int, user, assignee, expected_version: int | None = None) -> Claim:
    """Assign an accepted (or already assigned) claim to a reviewer; it is then in review."""
    permission_require(user=user, perm="claims.change_claim", action="assign claims")
    _assignee_check(assignee)
    claim = _claim_lock(claim, expected_version)
    claim.status = claim_transition_check(action="assign", status=claim.status)
    claim.assignee = assignee
    _save(claim, user=user, reason=f"assigned to {assignee.get_username()}")
    notifications.claim_assigned_notify(claim=claim)
    return claim


@transaction.atomic
def claim_set_tags(*, claim: Claim | int, user, tags: Iterable[str], expected_version: int | None = None) -> Claim:
    """Replace a claim's tags with ``tags`` (slugs; unknown ones are created). Allowed in any status."""
    permission_require(user=user, perm="claims.change_claim", action="tag claims")
    slugs = []
    for raw in tags:
        slug = slugify(str(raw))[:64]
        if not slug:
            raise ApplicationError(f"{raw!r} is not a valid tag.", code="invalid_tag", extra={"tags": str(raw)})
        slugs.append(slug)
    claim = _claim_lock(claim, expected_version)
    Tag.objects.bulk_create([Tag(name=slug) for slug in set(slugs)], ignore_conflicts=True)
    claim.tags.set(Tag.objects.filter(name__in=slugs))
    _save(claim, user=user, reason="tags: " + ", ".join(sorted(set(slugs))))
    return claim


def _bulk_apply(*, claim_ids: Iterable[int], user, action: str, change: dict, reason: str) -> list[Claim]:
    """Apply ``action`` to every claim or to none: locks all rows, checks all, then one bulk update."""
    ids = sorted({int(pk) for pk in claim_ids})
    if not ids:
        raise ApplicationError("Select at least one claim.", code="empty_selection")
    claims = list(Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    missing = set(ids) - {c.pk for c in claims}
    if missing:
        raise ApplicationError(f"Claims {sorted(missing)} do not exist.", code="not_found", status=404)
    refused, target = {}, None
    for claim in claims:
        try:
            target = claim_transition_check(action=action, status=claim.status)
        except ApplicationError as error:
            refused[claim.pk] = error.message
    if refused:
        listed = ", ".join(f"#{pk}" for pk in refused)
        raise ApplicationError(
            f"Nothing was changed: {len(refused)} of the {len(claims)} selected claims cannot be {reason} ({listed}).",
            code="forbidden_transition",
            extra={"claims": refused},
            status=409,
        )
    change, now = {**change, "status": target}, timezone.now()
    for claim in claims:
        for field, value in change.items():
            setattr(claim, field, value)
        claim.version, claim.updated_at = claim.version + 1, now
    fields = [*change.keys(), "version", "updated_at"]
    bulk_update_with_history(claims, Claim, fields, default_user=user, default_change_reason=f"bulk {reason}")
    return claims


@transaction.atomic
def claims_bulk_accept(*, claim_ids: Iterable[int], user) -> list[Claim]:
    """Accept every selected claim, or none of them if any cannot be accepted."""
    permission_require(user=user, perm="claims.change_claim", action="accept claims")
    return _bulk_apply(claim_ids=claim_ids, user=user, action="accept", change={}, reason="accepted")


@transaction.atomic
def claims_bulk_reject(*, claim_ids: Iterable[int], user, reason: str) -> list[Claim]:
    """Reject every selected claim with ``reason``, or none of them if any cannot be rejected."""
    permission_require(user=user, perm="claims.change_claim", action="reject claims")
    reason = _reason_require(reason, what="reject claims")
    change = {"rejection_reason": reason}
    return _bulk_apply(claim_ids=claim_ids, user=user, action="reject", change=change, reason="rejected")


@transaction.atomic
def claims_bulk_assign(*, claim_ids: Iterable[int], user, assignee) -> list[Claim]:
    """Assign every selected claim to ``assignee``, or none of them if any cannot be assigned."""
    permission_require(user=user, perm="claims.change_claim", action="assign claims")
    _assignee_check(assignee)
    change = {"assignee": assignee}
    claims = _bulk_apply(claim_ids=claim_ids, user=user, action="assign", change=change, reason="assigned")
    for claim in claims:
        notifications.claim_assigned_notify(claim=claim)
    return claims


# --- evidence -------------------------------------------------------------------------------------


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


# --- verdicts -------------------------------------------------------------------------------------


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
    _save(verdict, user=user, reason="proposed")
    verdict.cited_evidence.set(cited)
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
    if evidence_ids is not None:
        verdict.cited_evidence.set(_cited_evidence_check(verdict.claim, evidence_ids))
    _save(verdict, user=user, reason="edited")
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
    _save(draft, user=user, reason=f"draft from reopened verdict {verdict.pk}")
    draft.cited_evidence.set(verdict.cited_evidence.all())
    _claim_move(verdict.claim_id, action="reopen", user=user, reason=f"verdict reopened: {reason}")
    notifications.verdict_changed_notify(verdict=verdict, change="reopened")
    return draft


def _claim_move(claim_id: int, *, action: str, user, reason: str) -> Claim:
    claim = _claim_lock(claim_id)
    claim.status = claim_transition_check(action=action, status=claim.status)
    _save(claim, user=user, reason=reason)
    return claim


# --- corroboration ---------------------------------------------------------------------------------


def claim_corroboration_request(*, claim: Claim, user) -> list:
    """Ask for corroboration of ``claim`` now ("run corroboration now" in the admin and the API)."""
    from claims.corroboration import claim_corroborate

    permission_require(user=user, perm="claims.add_corroborationrun", action="run corroboration")
    return claim_corroborate(claim=claim, user=user, trigger=RunTrigger.MANUAL)
