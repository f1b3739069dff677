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


def _row_lock(model, row, expected_version: int | None):
    """``row`` (an instance or a primary key) re-read with FOR UPDATE, its version checked; 404 if gone."""
    row_id = row.pk if isinstance(row, model) else row
    try:
        locked = model.objects.select_for_update().get(pk=row_id)
    except model.DoesNotExist:
        name = model._meta.verbose_name.capitalize()
        raise ApplicationError(f"{name} {row_id} does not exist.", code="not_found", status=404) from None
    _version_check(locked, expected_version)
    return locked


def _claim_lock(claim: Claim | int, expected_version: int | None = None) -> Claim:
    return _row_lock(Claim, claim, expected_version)


def _verdict_lock(verdict: Verdict | int, expected_version: int | None = None) -> Verdict:
    return _row_lock(Verdict, verdict, expected_version)


def _save(obj: Claim | Verdict | Evidence, *, user, reason: str) -> None:
    """Save with a new version (claims, verdicts) and a history record naming the user and the action."""
    if hasattr(obj, "version"):
        obj.version += 1
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _save_citing(verdict: Verdict, cited, *, user, reason: str) -> None:
    """``_save`` a verdict together with the evidence it cites, in one history record that holds both
    (the cited evidence is a tracked many-to-many field: each record keeps the list it had)."""
    created = verdict.pk is None
    verdict.skip_history_when_saving = True  # no record of its own for the save or the set below
    try:
        if created:
            verdict.save()
        verdict.cited_evidence.set(cited)
    finally:
        del verdict.skip_history_when_saving
    _save(verdict, user=user, reason=reason)
    if created:  # the one record of a new verdict says so ("+"), as a plain first save's would
        verdict.history.filter(history_id=verdict.history.latest().history_id).update(history_type="+")


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
