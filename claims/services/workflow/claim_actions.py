"""What reviewers do to claims: accept, reject, edit, assign and tag one claim, accept, reject or assign
a selection all or nothing, and ask for corroboration now."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from claims.models import Claim, ClaimStatus, RunTrigger, Speaker, Tag, Verdict, VerdictStatus
from claims.services import notifications
from claims.services.workflow.guards import _claim_lock, _reason_require, _save, permission_require
from claims.workflow import CLAIM_STATUSES_LOCKED_FOR_EDITS, claim_transition_check
from claimtrack.exceptions import ApplicationError


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
    because the approved or published review quotes exactly this statement. While a verdict is proposed,
    an edit also gives that verdict a new version, so an editor who read it before the edit cannot
    approve it without reading it again (the two-person rule covers the wording the verdict rates)."""
    permission_require(user=user, perm="claims.change_claim", action="edit claims")
    statement = (statement or "").strip()
    if not statement:
        raise ApplicationError("A claim needs a statement.", code="statement_required", extra={"statement": "required"})
    # A proposed verdict is locked before the claim, in the order verdict_approve locks them.
    proposed = list(
        Verdict.objects.select_for_update().filter(
            claim_id=claim.pk if isinstance(claim, Claim) else claim, status=VerdictStatus.PROPOSED
        )
    )
    claim = _claim_lock(claim, expected_version)
    speaker_id = speaker.pk if speaker else None
    if (claim.statement, claim.speaker_id) == (statement, speaker_id):
        return claim
    if claim.status == ClaimStatus.VERDICT_PROPOSED and not proposed:
        # A verdict was proposed while this edit waited for the claim; locking it now would take the
        # locks in the other order than verdict_approve does. The editor reloads and sees the verdict.
        raise ApplicationError(
            "A verdict was proposed on this claim meanwhile. Reload it and try again.",
            code="stale_version",
            extra={"expected_version": expected_version, "current_version": claim.version},
            status=412,
        )
    if claim.status in CLAIM_STATUSES_LOCKED_FOR_EDITS:
        step = "reopen its verdict" if claim.status == ClaimStatus.PUBLISHED else "send its verdict back"
        raise ApplicationError(
            f"A claim that is {claim.get_status_display().lower()} cannot be edited; {step} first.",
            code="claim_locked",
            status=409,
        )
    if claim.speaker_id not in (None, speaker_id):
        # A corrected speaker: the appearances that carried the wrong attribution carry the right one
        # (appearances where nobody was named stay so).
        claim.appearances.filter(speaker_id=claim.speaker_id).update(speaker=speaker)
    claim.statement, claim.speaker = statement, speaker
    _save(claim, user=user, reason="edited")
    for verdict in proposed:
        _save(verdict, user=user, reason="claim edited while proposed")
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


def claim_corroboration_request(*, claim: Claim, user) -> list:
    """Ask for corroboration of ``claim`` now ("run corroboration now" in the admin and the API)."""
    from claims.corroboration import claim_corroborate

    permission_require(user=user, perm="claims.add_corroborationrun", action="run corroboration")
    return claim_corroborate(claim=claim, user=user, trigger=RunTrigger.MANUAL)
