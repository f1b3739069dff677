"""Read-side queries of the API: each returns rows with everything its serializer touches prefetched.

A list costs the same fixed number of queries whatever its page size (tests assert it).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest

from claims.models import Appearance, Claim, CorroborationRun, Evidence, Verdict, VerdictStatus
from sources.models import Article

DETAIL_EVIDENCE_LIMIT = 50  # the claim page shows the best 50; /claims/{id}/evidence/ pages through all
SEARCH_CONFIG = "english"  # the expression of the claim_statement_fts index
MATCH_MIN_SIMILARITY = 0.1
_WORD = re.compile(r"\w+", re.UNICODE)


def claims_list() -> QuerySet[Claim]:
    return Claim.objects.select_related("speaker", "assignee").prefetch_related("tags")


def evidence_list() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("passage__document", "decided_by")


def claim_detail() -> QuerySet[Claim]:
    """Claims with appearances (and their articles), the top evidence and every verdict."""
    top = evidence_list().order_by("rank", "id")[:DETAIL_EVIDENCE_LIMIT]
    verdicts = verdicts_list().order_by("-created_at", "-id")
    return claims_list().prefetch_related(
        Prefetch("appearances", queryset=Appearance.objects.select_related("article__outlet")),
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
    appearances = Appearance.objects.select_related("claim__speaker", "claim__assignee").prefetch_related(
        "claim__tags"
    )
    return articles_list().prefetch_related(Prefetch("appearances", queryset=appearances.order_by("start")))


def claims_matching(*, text: str, limit: int) -> list[Claim]:
    """Existing claims that resemble ``text``, best first: "has this been checked already?".

    Candidates come from the two indexes on ``statement``: pg_trgm similarity (catches rewordings of the
    same sentence) and full-text search over the text's words OR-ed together (catches the same facts in
    another order). Each claim carries ``similarity``, ``rank`` and ``published`` (its published
    verdicts, at most one).
    """
    words = _WORD.findall(text.lower())[:64]
    trigram = TrigramSimilarity("statement", text)
    condition = Q(statement__trigram_similar=text)
    rank = None
    if words:
        query = SearchQuery(" | ".join(words), search_type="raw", config=SEARCH_CONFIG)
        vector = SearchVector("statement", config=SEARCH_CONFIG)
        condition |= Q(fts=query)
        rank = SearchRank(vector, query, normalization=32)
    published = verdicts_list().filter(status=VerdictStatus.PUBLISHED)
    queryset = claims_list().annotate(similarity=trigram)
    if rank is not None:
        queryset = queryset.annotate(fts=SearchVector("statement", config=SEARCH_CONFIG), rank=rank)
    else:
        queryset = queryset.annotate(rank=F("checkworthiness") * 0)
    return list(
        queryset.filter(condition)
        .annotate(best=Greatest("similarity", "rank"))
        .filter(best__gte=MATCH_MIN_SIMILARITY)
        .prefetch_related(Prefetch("verdicts", queryset=published, to_attr="published"))
        .order_by("-best", "-id")[:limit]
    )
