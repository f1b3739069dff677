"""The claim and verdict life cycles: every allowed status change, in one place.

Services in ``claims/services/workflow/`` call :func:`claim_transition_check` /
:func:`verdict_transition_check` before they write; the admin and the API only ever go through
those services, so a transition that is not listed here cannot happen anywhere.

Claim::

    candidate -> accepted -> in_review (assigned) -> verdict_proposed -> approved -> published
    candidate | accepted | in_review -> rejected            (with a reason)
    verdict_proposed | approved -> in_review                (the verdict is sent back to its author)
    published -> in_review                                  (the verdict is retracted or reopened)

A published verdict is never edited: retracting marks it ``retracted`` (it leaves the public feed);
reopening retracts it and starts a new draft from it, so what was published stays in the record.
"""

from __future__ import annotations

from claims.models import ClaimStatus, VerdictStatus
from claimtrack.exceptions import ApplicationError

# action -> (statuses it may start from, status it leads to)
CLAIM_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({ClaimStatus.CANDIDATE}), ClaimStatus.ACCEPTED),
    "reject": (
        frozenset({ClaimStatus.CANDIDATE, ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW}),
        ClaimStatus.REJECTED,
    ),
    "assign": (frozenset({ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW}), ClaimStatus.IN_REVIEW),
    "propose": (frozenset({ClaimStatus.IN_REVIEW}), ClaimStatus.VERDICT_PROPOSED),
    "approve": (frozenset({ClaimStatus.VERDICT_PROPOSED}), ClaimStatus.APPROVED),
    "publish": (frozenset({ClaimStatus.APPROVED}), ClaimStatus.PUBLISHED),
    "send_back": (frozenset({ClaimStatus.VERDICT_PROPOSED, ClaimStatus.APPROVED}), ClaimStatus.IN_REVIEW),
    "retract": (frozenset({ClaimStatus.PUBLISHED}), ClaimStatus.IN_REVIEW),
    "reopen": (frozenset({ClaimStatus.PUBLISHED}), ClaimStatus.IN_REVIEW),
}

VERDICT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({VerdictStatus.PROPOSED}), VerdictStatus.APPROVED),
    "publish": (frozenset({VerdictStatus.APPROVED}), VerdictStatus.PUBLISHED),
    "send_back": (frozenset({VerdictStatus.PROPOSED, VerdictStatus.APPROVED}), VerdictStatus.DRAFT),
    "retract": (frozenset({VerdictStatus.PUBLISHED}), VerdictStatus.RETRACTED),
    "reopen": (frozenset({VerdictStatus.PUBLISHED}), VerdictStatus.RETRACTED),
}

# Only the author edits a verdict, and only before anyone approved it.
VERDICT_EDITABLE_STATUSES = frozenset({VerdictStatus.DRAFT, VerdictStatus.PROPOSED})

# Claims whose wording is frozen: an approved or published review quotes it.
CLAIM_STATUSES_LOCKED_FOR_EDITS = frozenset({ClaimStatus.APPROVED, ClaimStatus.PUBLISHED})

# Claims whose evidence decisions are frozen: the verdict that cites them has been approved or published.
CLAIM_STATUSES_WITH_FROZEN_EVIDENCE = frozenset({ClaimStatus.APPROVED, ClaimStatus.REJECTED})


def claim_actions_from(status: str) -> list[str]:
    """The claim actions allowed from ``status`` (used to show only the buttons that can work)."""
    return [action for action, (sources, _) in CLAIM_TRANSITIONS.items() if status in sources]


def claim_transition_check(*, action: str, status: str) -> str:
    """Return the claim status ``action`` leads to from ``status``; raise ApplicationError if forbidden."""
    return _check(CLAIM_TRANSITIONS, action=action, status=status, thing="claim", labels=ClaimStatus)


def verdict_transition_check(*, action: str, status: str) -> str:
    """Return the verdict status ``action`` leads to from ``status``; raise ApplicationError if forbidden."""
    return _check(VERDICT_TRANSITIONS, action=action, status=status, thing="verdict", labels=VerdictStatus)


def _check(table: dict, *, action: str, status: str, thing: str, labels) -> str:
    sources, target = table[action]
    if status not in sources:
        allowed = ", ".join(sorted(labels(s).label for s in sources))
        raise ApplicationError(
            f"Cannot {action.replace('_', ' ')} a {thing} that is {labels(status).label.lower()} "
            f"(allowed from: {allowed}).",
            code="forbidden_transition",
            extra={"status": status, "action": action},
            status=409,
        )
    return target
