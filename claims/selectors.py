"""Read-side queries for the review screens and the API: fixed query counts however many rows there are."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Substr

from claims.models import (
    ACTIVE_VERDICT_STATUSES,
    RANKING_HISTORY_REASON,
    Appearance,
    Claim,
    ClaimStatus,
    CorroborationRun,
    Decision,
    Evidence,
    ExternalReview,
    Verdict,
    VerdictStatus,
)
from sources.models import Article

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
    appearances = claim.appearances.select_related("article__outlet", "speaker").order_by("appeared_at", "created_at")
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
    # Reviewers' decisions; the rankings' own rows (new and re-scored evidence) stay in each evidence's history.
    evidence = (
        Evidence.history.filter(claim_id=claim.pk)
        .exclude(history_change_reason=RANKING_HISTORY_REASON)
        .select_related("history_user")
    )
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


# --- The REST API's lists and details ---------------------------------------------------------------
DETAIL_EVIDENCE_LIMIT = 50  # the claim page shows the best 50; /claims/{id}/evidence/ pages through all
SEARCH_CONFIG = "english"  # the expression of the claim_statement_fts index
MATCH_MIN_SIMILARITY = 0.1
MATCH_CANDIDATES = 200
MATCH_MAX_WORDS = 32
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what the full-text parser keeps as words


def claims_list() -> QuerySet[Claim]:
    return Claim.objects.select_related("speaker", "assignee").prefetch_related("tags")


def evidence_list() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("passage__document", "decided_by")


def claim_detail() -> QuerySet[Claim]:
    """Claims with appearances (and their articles), the top evidence and every verdict."""
    top = evidence_list().order_by("rank", "id")[:DETAIL_EVIDENCE_LIMIT]
    verdicts = verdicts_list().order_by("-created_at", "-id")
    return claims_list().prefetch_related(
        Prefetch("appearances", queryset=Appearance.objects.select_related("article__outlet", "speaker")),
        Prefetch("evidence", queryset=top, to_attr="top_evidence"),
        Prefetch("verdicts", queryset=verdicts),
    )


def verdicts_list() -> QuerySet[Verdict]:
    return Verdict.objects.select_related("rating", "author", "approver").prefetch_related("cited_evidence")


def runs_list() -> QuerySet[CorroborationRun]:
    return CorroborationRun.objects.select_related("requested_by")


def articles_list() -> QuerySet[Article]:
    return Article.objects.select_related("outlet")


def article_detail() -> QuerySet[Article]:
    appearances = Appearance.objects.select_related("claim__speaker", "claim__assignee").prefetch_related("claim__tags")
    return articles_list().prefetch_related(Prefetch("appearances", queryset=appearances.order_by("start")))


def claims_matching(*, text: str, limit: int) -> list[Claim]:
    """Existing claims that resemble ``text``, best first: "has this been checked already?".

    Candidates: the ``MATCH_CANDIDATES`` claims with the best full-text rank for ANY of the text's words
    (through the GIN index on the statement's tsvector; rewordings share most words). Each candidate
    gets ``similarity`` (pg_trgm similarity of the two sentences) and ``rank`` (ts_rank, 0..1); the
    better of the two orders the results. A claim also carries ``published``: its published verdict, in
    a list of at most one. (Trigram search over the whole table was the first design; with common
    trigrams it rechecks most rows: seconds at 100k claims. See docs/benchmarks/api.md.)
    """
    words = _WORD.findall(text)[:MATCH_MAX_WORDS]
    if not words:
        return []
    any_word = reduce(operator.or_, [SearchQuery(word, search_type="plain", config=SEARCH_CONFIG) for word in words])
    vector = SearchVector("statement", config=SEARCH_CONFIG)
    candidates = (
        Claim.objects.annotate(fts=vector)
        .filter(fts=any_word)
        .annotate(rank=SearchRank(vector, any_word, normalization=32))
        .order_by("-rank")
        .values("id")[:MATCH_CANDIDATES]
    )
    published = verdicts_list().filter(status=VerdictStatus.PUBLISHED)
    return list(
        claims_list()
        .filter(id__in=candidates)
        .annotate(similarity=TrigramSimilarity("statement", text), rank=SearchRank(vector, any_word, normalization=32))
        .annotate(best=Greatest("similarity", "rank"))
        .filter(best__gte=MATCH_MIN_SIMILARITY)
        .prefetch_related(Prefetch("verdicts", queryset=published, to_attr="published"))
        .order_by("-best", "-id")[:limit]
    )
