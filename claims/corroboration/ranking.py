"""Ranking: upsert a claim's top passages as Evidence, flagging new evidence on a published verdict."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from claims.models import RANKING_HISTORY_REASON, Claim, Evidence, VerdictStatus
from claims.services.search_query import claim_search_query

RANKING_LOCK_NAMESPACE = 7301  # pg_advisory_xact_lock's first key: ClaimTrack's evidence rankings
# The fields a ranking writes; a reviewer's decision fields are never among them. A change of rank alone
# follows from other rows' scores and is not a history entry of its own.
MACHINE = ("score", "suggested_stance")


def claim_rank_evidence(*, claim: Claim) -> int:
    """Upsert the claim's top passages as Evidence (score, rank, suggested stance); return how many are new.

    The passages are ``evidence_find``'s (the same ranking as ``manage.py find_evidence``), searched
    within the claim's date window.
    Only machine fields are written: a reviewer's ``decision``, ``decided_by``, ``decided_at`` and
    ``note`` are never touched. Earlier evidence that dropped out of the top is kept, ranked after.
    New evidence on a claim with a published verdict sets ``new_evidence_since_verdict``.
    """
    from sources.services.evidence import evidence_find

    query = claim_search_query(claim=claim)
    found = evidence_find(
        claim=claim.statement, top=settings.CORROBORATION_EVIDENCE_LIMIT, since=query.since, until=query.until
    )
    top = [item["passage_id"] for item in found]
    with transaction.atomic():
        _one_ranking_at_a_time(claim_id=claim.pk)
        before = {row[0]: row[1:] for row in Evidence.objects.filter(claim=claim).values_list("passage_id", *MACHINE)}
        known = set(before)
        rows = [
            Evidence(
                claim=claim,
                passage_id=item["passage_id"],
                score=item["score"],
                rank=rank,
                suggested_stance=item["stance"],
            )
            for rank, item in enumerate(found, start=1)
        ]
        Evidence.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["claim", "passage"],
            update_fields=["score", "rank", "suggested_stance", "updated_at"],
        )
        _renumber(claim=claim, top=top)
        _record_history(claim=claim, before=before)
        created = len(set(top) - known)
        if created and claim.verdicts.filter(status=VerdictStatus.PUBLISHED).exists():
            _flag_new_evidence(claim_id=claim.id)
    return created


def _one_ranking_at_a_time(*, claim_id: int) -> None:
    """Wait for any other ranking of this claim to commit (runs of several connectors can finish together).

    Each then sees the evidence the previous one stored, so "new" and the history rows are exact. An
    advisory lock, held to the end of the transaction, rather than the claim's row lock: a reviewer's
    decision locks its evidence row and then the claim, and a ranking that took them the other way round
    could deadlock with it.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [RANKING_LOCK_NAMESPACE, claim_id & 0x7FFFFFFF])


def _flag_new_evidence(*, claim_id: int) -> None:
    """Set ``new_evidence_since_verdict``; only the update that flips it notifies (webhook + email)."""
    from claims.services.notifications import claim_new_evidence_notify

    flipped = Claim.objects.filter(id=claim_id, new_evidence_since_verdict=False).update(
        new_evidence_since_verdict=True, version=F("version") + 1
    )
    if not flipped:
        Claim.objects.filter(id=claim_id).update(version=F("version") + 1)
        return
    claim_new_evidence_notify(claim=Claim.objects.select_related("speaker", "assignee").get(id=claim_id))


def _renumber(*, claim: Claim, top: list[int]) -> None:
    """Evidence not in this ranking's ``top`` keeps its place after it, best score first."""
    rest = Evidence.objects.filter(claim=claim).exclude(passage_id__in=top).order_by("-score", "id")
    updates = [Evidence(id=row_id, rank=len(top) + i) for i, row_id in enumerate(rest.values_list("id", flat=True), 1)]
    Evidence.objects.bulk_update(updates, ["rank"])


def _record_history(*, claim: Claim, before: dict[int, tuple]) -> None:
    """One history row per evidence the ranking created (+) or re-scored (~: score or suggested stance).

    The upsert and renumbering are bulk statements, which write no history of their own.
    """
    created, changed = [], []
    for evidence in Evidence.objects.filter(claim=claim):
        old = before.get(evidence.passage_id)
        if old is None:
            created.append(evidence)
        elif old != tuple(getattr(evidence, field) for field in MACHINE):
            changed.append(evidence)
    Evidence.history.bulk_history_create(created, default_change_reason=RANKING_HISTORY_REASON)
    Evidence.history.bulk_history_create(changed, update=True, default_change_reason=RANKING_HISTORY_REASON)
