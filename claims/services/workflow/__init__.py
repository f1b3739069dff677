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

This package re-exports every public function; import them from here. Modules:
``guards`` (permission check, row locks and version check, versioned save with history, required
reasons, two-person rule), ``claim_actions`` (accept, reject, edit, assign, tag, the all-or-nothing bulk
actions, corroboration on request), ``evidence`` (decisions on evidence), ``verdicts`` (propose, edit,
approve, send back) and ``publishing`` (publish, retract, reopen).
"""

from claims.services.workflow.claim_actions import (
    claim_accept,
    claim_assign,
    claim_corroboration_request,
    claim_reject,
    claim_set_tags,
    claim_update,
    claims_bulk_accept,
    claims_bulk_assign,
    claims_bulk_reject,
)
from claims.services.workflow.evidence import evidence_decide
from claims.services.workflow.guards import permission_require
from claims.services.workflow.publishing import verdict_publish, verdict_reopen, verdict_retract
from claims.services.workflow.verdicts import verdict_approve, verdict_propose, verdict_send_back, verdict_update

__all__ = [
    "claim_accept",
    "claim_assign",
    "claim_corroboration_request",
    "claim_reject",
    "claim_set_tags",
    "claim_update",
    "claims_bulk_accept",
    "claims_bulk_assign",
    "claims_bulk_reject",
    "evidence_decide",
    "permission_require",
    "verdict_approve",
    "verdict_propose",
    "verdict_publish",
    "verdict_reopen",
    "verdict_retract",
    "verdict_send_back",
    "verdict_update",
]
