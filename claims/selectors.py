"""Read-side queries for the review screens: fixed query counts however many rows there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Substr

from claims.models import (
    ACTIVE_VERDICT_STATUSES,
    Appearance,
    Claim,
    ClaimStatus,
    Decision,
    Evidence,
    ExternalReview,
    Verdict,
)

CONTEXT_CHARS = 300  # characters of document text shown around an evidence passage

OPEN_CLAIM_STATUSES = [ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW, ClaimStatus.VERDICT_PROPOSED]


def claims_for_review_list(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate a claim list with what the list page shows, as subqueries: no query per row."""
    active_verdict = Verdict.objects.filter(claim=OuterRef("pk"), status__in=ACTIVE_VERDICT_STATUSES)
    first_appearance = Appearance.objects.filter(claim=OuterRef("pk")).order_by("appeared_at", "created_at")
    evidence = (
        Evidence.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(decision=Decision.ACCEPTED)))
    )
    return queryset.select_related("speaker", "assignee").annotate(
        rating_label=Subquery(active_verdict.values("rating__label")[:1]),
        verdict_status=Subquery(active_verdict.values("status")[:1]),
        outlet_name=Subquery(first_appearance.values("article__outlet__name")[:1]),
        evidence_total=Coalesce(Subquery(evidence.values("n")[:1], output_field=IntegerField()), Value(0)),
        evidence_accepted=Coalesce(Subquery(evidence.values("accepted")[:1], output_field=IntegerField()), Value(0)),
    )


@dataclass(frozen=True)
class Highlighted:
    """Text split around a highlighted span: ``before`` + ``mark`` + ``after``."""

    before: str
    mark: str
    after: str


def claim_appearances_highlighted(*, claim: Claim) -> list[tuple[Appearance, Highlighted]]:
    """Each appearance with its article's text split around the claim's sentence (the Appearance span)."""
    appearances = claim.appearances.select_related("article__outlet").order_by("appeared_at", "created_at")
    result = []
    for appearance in appearances:
        text = appearance.article.text
        start, end = min(appearance.start, len(text)), min(appearance.end, len(text))
        # An article with no text (or a span past its end) still shows the stored sentence itself.
        mark = text[start:end] or appearance.sentence
        result.append((appearance, Highlighted(text[:start], mark, text[end:])))
    return result


def claim_evidence_in_context(*, claim: Claim) -> list[tuple[Evidence, Highlighted]]:
    """The claim's evidence by rank, each passage with up to CONTEXT_CHARS of its document on either side.

    Only the context window is read from the database (``substr``), never whole document texts.
    """
    window_start = Greatest(F("passage__start") - CONTEXT_CHARS, 0)
    rows = (
        Evidence.objects.filter(claim=claim)
        .select_related("passage__document", "decided_by")
        .defer(
            "passage__document__text",
            "passage__document__raw_content",
            "passage__embedding",
            "passage__search_vector",
        )
        .annotate(
            context_before=Substr("passage__document__text", window_start + 1, F("passage__start") - window_start),
            context_after=Substr("passage__document__text", F("passage__end") + 1, CONTEXT_CHARS),
        )
        .order_by("rank", "pk")
    )
    return [(e, Highlighted(e.context_before or "", e.passage.text, e.context_after or "")) for e in rows]


def claim_history(*, claim: Claim, limit: int = 50) -> list[dict]:
    """Who changed what and when on a claim, its evidence decisions and its verdicts, newest first."""
    entries = []
    for record in claim.history.select_related("history_user").order_by("-history_date")[:limit]:
        entries.append(_history_entry(record, "Claim", f"status {record.status}"))
    evidence = Evidence.history.filter(claim_id=claim.pk).select_related("history_user")
    for record in evidence.order_by("-history_date")[:limit]:
        entries.append(_history_entry(record, f"Evidence #{record.id}", f"decision {record.decision}"))
    verdicts = Verdict.history.filter(claim_id=claim.pk).select_related("history_user")
    for record in verdicts.order_by("-history_date")[:limit]:
        entries.append(_history_entry(record, f"Verdict #{record.id}", f"status {record.status}"))
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries[:limit]


def _history_entry(record, what: str, state: str) -> dict:
    return {
        "date": record.history_date,
        "user": record.history_user,
        "what": what,
        "kind": record.get_history_type_display(),
        "reason": record.history_change_reason or "",
        "state": state,
    }


def external_reviews_for_claim(*, claim: Claim) -> list[ExternalReview]:
    """Other fact-checkers' reviews matched to ``claim``, closest first ("already checked by ...")."""
    return list(ExternalReview.objects.filter(matched_claim=claim).order_by("-similarity", "-review_date", "id"))
