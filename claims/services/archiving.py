"""Which sources of a claim or a verdict get preserved in the Wayback Machine.

The workflow calls these; the archiving itself is ``sources.services.archive`` (a Celery job per source,
enqueued after the caller's transaction commits).
"""

from __future__ import annotations

from claims.models import Claim, Evidence, Verdict
from sources.models import ArchiveRequest
from sources.services.archive import archive_articles, archive_documents


def claim_sources_archive(*, claim: Claim) -> list[ArchiveRequest]:
    """Archive every article the claim appeared in (call when claims are extracted from an article)."""
    article_ids = list(claim.appearances.values_list("article_id", flat=True).distinct())
    return archive_articles(article_ids=article_ids)


def verdict_sources_archive(*, verdict: Verdict) -> list[ArchiveRequest]:
    """Archive the claim's articles and every document the verdict cites (call on publish)."""
    document_ids = list(
        Evidence.objects.filter(cited_by=verdict).values_list("passage__document_id", flat=True).distinct()
    )
    return [*claim_sources_archive(claim=verdict.claim), *archive_documents(document_ids=document_ids)]
