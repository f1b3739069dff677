"""The schedule's corroboration sweeps: open claims again, and claims whose verdict is published."""

from __future__ import annotations

import logging

from claims.corroboration import OPEN_STATUSES, claim_corroborate
from claims.models import Claim, RunTrigger, VerdictStatus
from claimtrack.exceptions import ApplicationError

logger = logging.getLogger(__name__)


def claims_corroborate_open() -> int:
    """Queue runs (every enabled connector) for each open claim; return how many claims were queued."""
    return _corroborate_each(Claim.objects.filter(status__in=OPEN_STATUSES))


def claims_recheck_published() -> int:
    """Queue runs for each claim with a published verdict; return how many claims were queued.

    Ranking the new documents flags the claim ``new_evidence_since_verdict`` when evidence appears
    that was not there before (``claim_rank_evidence``).
    """
    return _corroborate_each(Claim.objects.filter(verdicts__status=VerdictStatus.PUBLISHED).distinct())


def _corroborate_each(claims) -> int:
    queued = 0
    for claim in claims.order_by("id").iterator():
        try:
            claim_corroborate(claim=claim, trigger=RunTrigger.SCHEDULE)
        except ApplicationError as exc:  # e.g. every connector switched off: nothing to do for any claim
            logger.warning("scheduled corroboration of claim %s skipped: %s", claim.id, exc.message)
            return queued
        queued += 1
    return queued
