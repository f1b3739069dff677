"""Shared checks of the workflow services: the permission check, the row locks of optimistic concurrency
(``expected_version`` against ``version``), saving with a new version and a history record, required
reasons, the two-person rule, and moving a claim along when its verdict moves."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from claims.models import Claim, Evidence, Verdict
from claims.workflow import claim_transition_check
from claimtrack.exceptions import ApplicationError


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


def _claim_move(claim_id: int, *, action: str, user, reason: str) -> Claim:
    claim = _claim_lock(claim_id)
    claim.status = claim_transition_check(action=action, status=claim.status)
    _save(claim, user=user, reason=reason)
    return claim
