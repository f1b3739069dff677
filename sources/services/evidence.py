"""Evidence candidates for a claim text: ranked passages with a suggested stance.

Claim-independent (it takes the claim's text, not a Claim row), so ``claims/`` can call it for a
claim and ``manage.py find_evidence`` for any text.
"""

from __future__ import annotations

from datetime import datetime

from sources.search import search_passages
from sources.stance import stance_suggest

# One passage per document: a reviewer wants the best passage of each of several sources, not three
# overlapping windows of the same article.
PASSAGES_PER_DOCUMENT = 1


def evidence_find(
    *, claim: str, top: int = 10, since: datetime | None = None, until: datetime | None = None
) -> list[dict]:
    """The ``top`` best passages for ``claim``, best first, as JSON-ready dicts.

    Keys: url, title, publisher, published (ISO date or null), passage, start, end (offsets into the
    document text), score, components (lexical, coverage, trigram, semantic), stance (a machine
    suggestion), stance_reason, passage_id, document_id. Raises ``SearchInputError`` for bad input.
    """
    hits = search_passages(query=claim, limit=top, since=since, until=until, per_document=PASSAGES_PER_DOCUMENT)
    results = []
    for hit in hits:
        suggestion = stance_suggest(claim=claim, passage=hit.text)
        results.append(
            {
                "url": hit.url,
                "title": hit.title,
                "publisher": hit.publisher,
                "published": hit.published_at.date().isoformat() if hit.published_at else None,
                "passage": hit.text,
                "start": hit.start,
                "end": hit.end,
                "score": hit.score,
                "components": {
                    "lexical": hit.lexical,
                    "coverage": hit.coverage,
                    "trigram": hit.trigram,
                    "semantic": hit.semantic,
                },
                "stance": str(suggestion.label),
                "stance_reason": suggestion.reason,
                "stance_is_suggestion": True,
                "passage_id": hit.passage_id,
                "document_id": hit.document_id,
            }
        )
    return results
