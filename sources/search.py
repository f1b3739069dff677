"""Passage search: the ranked evidence candidates for a piece of text (a claim statement).

One SQL statement does it, in two stages (docs/ranking.md has the reasoning and the numbers):

1. Candidate generation uses only indexes: full-text matches of the query's words, OR-ed
   (``websearch_to_tsquery`` with ``&`` turned into ``|``; quoted phrases stay phrases) through the GIN
   index on ``search_vector``, best ``CANDIDATES`` by ``ts_rank_cd`` (on a large index, the rare
   words OR-ed plus the common words AND-ed: ``sources/search_plan.py``); plus, when embeddings are
   on, the ``CANDIDATES`` nearest passages by cosine distance through the HNSW index.
2. Each candidate gets component scores, all in [0, 1]:
   ``lexical``  = ts_rank_cd(weights D,C,B,A = .1,.2,.4,1, normalisation 32 = rank/(rank+1)),
   ``coverage`` = share of the query's distinct lexemes that the passage (or its title) contains,
   ``trigram``  = pg_trgm ``word_similarity(query, passage)`` (catches spelling variants and word forms
   the stemmer leaves apart),
   ``semantic`` = cosine similarity of the all-MiniLM-L6-v2 vectors (0 when embeddings are off);
   and ``score`` = the weighted sum in ``WEIGHTS_LEXICAL`` or ``WEIGHTS_SEMANTIC`` (weights sum to 1).
   Trigram similarity is computed for the best ``RESCORED`` candidates by the other components only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import connection, transaction

from claimtrack.exceptions import ApplicationError
from sources import embeddings, search_plan

CANDIDATES = 100  # per generator, ranked by ts_rank_cd (or vector distance) before scoring

WEIGHTS_LEXICAL = {"lexical": 0.35, "coverage": 0.45, "trigram": 0.20, "semantic": 0.0}
WEIGHTS_SEMANTIC = {"lexical": 0.20, "coverage": 0.30, "trigram": 0.10, "semantic": 0.40}

# Trigram similarity is the costly component (0.15-0.5 ms a passage), so it is computed only for the
# best RESCORED candidates by the other components (at most ``per_document`` from one document, so
# that ``limit`` documents remain after the cap). Its weight (0.2 at most) can reorder those,
# but a candidate outside them would need to beat them by trigram alone.
RESCORED = 20

MAX_QUERY_CHARS = 2000


class SearchInputError(ApplicationError):
    """The query cannot be searched (empty or too long)."""


@dataclass(frozen=True)
class PassageHit:
    passage_id: int
    document_id: int
    url: str
    title: str
    publisher: str
    published_at: datetime | None
    text: str
    start: int
    end: int
    score: float
    lexical: float
    coverage: float
    trigram: float
    semantic: float

    def as_dict(self) -> dict:
        return asdict(self)


# The query's OR-ed tsquery over its wanted words (``%(q)s`` without "-word" exclusions, which
# ``%(excluded)s`` holds: OR-ing a negation would match nearly every passage, so they filter instead).
_TSQUERY = "replace(websearch_to_tsquery('english', %(q)s)::text, ' & ', ' | ')::tsquery"
_EXCLUDED = "AND NOT p.search_vector @@ replace(plainto_tsquery('english', %(excluded)s)::text, ' & ', ' | ')::tsquery"

# Only constant SQL fragments are interpolated into these templates; values are bound parameters.
_LEXICAL_CANDIDATES = """
SELECT p.id
FROM sources_passage p {date_join}
WHERE p.search_vector @@ ({tsquery}) {date_filter} {excluded}
ORDER BY ts_rank_cd(p.search_vector, ({tsquery}), 32) DESC
LIMIT %(pool)s
"""

_SEMANTIC_CANDIDATES = """
SELECT p.id
FROM sources_passage p {date_join}
WHERE p.embedding IS NOT NULL {date_filter} {excluded}
ORDER BY p.embedding <=> %(vec)s::vector
LIMIT %(pool)s
"""

_SCORED = f"""
WITH candidates AS ({{candidates}}),
query_lexemes AS (
    SELECT array_agg(lexeme) AS lexemes FROM unnest(to_tsvector('english', %(q)s)) AS t(lexeme, positions, weights)
),
components AS MATERIALIZED (
    SELECT p.id, p.document_id,
           ts_rank_cd(p.search_vector, ({_TSQUERY}), 32) AS lexical,
           coalesce(cardinality(ARRAY(
               SELECT unnest(ql.lexemes) INTERSECT SELECT unnest(tsvector_to_array(p.search_vector))
           ))::float / nullif(cardinality(ql.lexemes), 0), 0) AS coverage,
           {{semantic}} AS semantic
    FROM (SELECT DISTINCT id FROM candidates) c
    JOIN sources_passage p ON p.id = c.id
    CROSS JOIN query_lexemes ql
),
partial AS (
    SELECT *, %(w_lexical)s * lexical + %(w_coverage)s * coverage + %(w_semantic)s * semantic AS partial
    FROM components
),
best AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY document_id ORDER BY partial DESC, id) AS nth FROM partial
    ) ranked
    WHERE nth <= %(per_document)s
    ORDER BY partial DESC, id
    LIMIT %(rescore)s
)
SELECT p.id, d.id, d.url, d.title, d.publisher, d.published_at, p.text, p.start, p."end",
       best.lexical, best.coverage, word_similarity(%(q)s, p.text) AS trigram, best.semantic
FROM best
JOIN sources_passage p ON p.id = best.id
JOIN sources_document d ON d.id = p.document_id
"""  # noqa: S608


def search_passages(
    *,
    query: str,
    limit: int = 10,
    since: datetime | None = None,
    until: datetime | None = None,
    per_document: int | None = None,
    semantic: bool | None = None,
    connector: str | None = None,
) -> list[PassageHit]:
    """The ``limit`` best passages for ``query``, best first (ties broken by passage id).

    ``since``/``until`` bound the document's ``published_at`` (documents without a date are kept only
    when no bound is given); ``connector`` keeps the documents that connector found. ``per_document``
    caps how many passages one document contributes.
    ``semantic`` defaults to ``embeddings.available()``. Raises ``SearchInputError`` for an empty or
    over-long query or a non-positive limit.
    """
    query = _checked(query, limit)
    wanted, excluded = split_exclusions(query)
    use_semantic = embeddings.available() if semantic is None else semantic
    weights = WEIGHTS_SEMANTIC if use_semantic else WEIGHTS_LEXICAL
    params = {"q": wanted, "excluded": excluded, "pool": CANDIDATES, "rescore": max(RESCORED, 2 * limit)}
    params |= {f"w_{name}": weight for name, weight in weights.items()}
    params["per_document"] = per_document or limit  # more than ``limit`` from one document is never shown
    date_join, date_filter = _document_clauses(since, until, connector, params)
    clauses = {"date_join": date_join, "date_filter": date_filter, "excluded": _EXCLUDED if excluded else ""}
    parts = _lexical_parts(wanted, params, clauses)
    semantic_sql = "0.0"
    if use_semantic:
        params["vec"] = _vector_literal(embeddings.embed_query(wanted))
        parts.append(_SEMANTIC_CANDIDATES.format(**clauses))
        semantic_sql = "coalesce(1 - (p.embedding <=> %(vec)s::vector), 0)"
    candidates = " UNION ALL ".join(f"({part})" for part in parts)
    sql = _SCORED.format(candidates=candidates, semantic=semantic_sql)
    rows = _run_semantic(sql, params) if use_semantic else _run(sql, params)
    hits = sorted((_hit(row, weights) for row in rows), key=lambda h: (-h.score, h.passage_id))
    return _capped(hits, limit=limit, per_document=per_document)


def _checked(query: str, limit: int) -> str:
    query = (query or "").strip()
    if not query:
        raise SearchInputError("The search text is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise SearchInputError(f"The search text is {len(query)} characters; the limit is {MAX_QUERY_CHARS}")
    if limit < 1:
        raise SearchInputError(f"The number of results must be at least 1, got {limit}")
    return query


def _run(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@transaction.atomic
def _run_semantic(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        # SET LOCAL lasts until the end of this transaction: a wider HNSW search so that the filters
        # (date window, exclusions) still leave enough candidates.
        cursor.execute("SET LOCAL hnsw.ef_search = %s", [CANDIDATES])
    return _run(sql, params)


def _lexical_parts(wanted: str, params: dict, clauses: dict) -> list[str]:
    """Full-text candidate queries: every word OR-ed, or on a large index the plan of ``search_plan``."""
    plan = search_plan.plan_candidates(search_plan.query_lexemes(wanted), search_plan.lexeme_stats())
    if plan is None:
        return [_LEXICAL_CANDIDATES.format(tsquery=_TSQUERY, **clauses)]
    params["any_of"] = plan.any_query()
    parts = [_LEXICAL_CANDIDATES.format(tsquery="%(any_of)s::tsquery", **clauses)]
    if plan.all_of:
        params["all_of"] = plan.all_query()
        parts.append(_LEXICAL_CANDIDATES.format(tsquery="%(all_of)s::tsquery", **clauses))
    return parts


def split_exclusions(query: str) -> tuple[str, str]:
    """``('wanted words', 'excluded words')``: websearch syntax, a word after " -" is excluded."""
    excluded = re.findall(r"(?:^|\s)-(\w+)", query)
    wanted = re.sub(r"(?:^|\s)-\w+", " ", query).strip()
    return wanted or query, " ".join(excluded)


def _document_clauses(
    since: datetime | None, until: datetime | None, connector: str | None, params: dict
) -> tuple[str, str]:
    """The join and conditions on the passage's document (its date, the connector that found it)."""
    if since is None and until is None and connector is None:
        return "", ""
    clauses = []
    if connector is not None:
        params["connector"] = connector
        clauses.append("dd.connector = %(connector)s")
    if since is not None:
        params["since"] = since
        clauses.append("dd.published_at >= %(since)s")
    if until is not None:
        params["until"] = until
        clauses.append("dd.published_at <= %(until)s")
    return "JOIN sources_document dd ON dd.id = p.document_id", "AND " + " AND ".join(clauses)


def _vector_literal(vector: list[float]) -> str:
    return "[" + ",".join(f"{x:.7f}" for x in vector) + "]"


def _hit(row: tuple, weights: dict[str, float]) -> PassageHit:
    components = {"lexical": row[9], "coverage": row[10], "trigram": row[11], "semantic": row[12]}
    components = {name: max(0.0, float(value or 0.0)) for name, value in components.items()}
    score = sum(weights[name] * value for name, value in components.items())
    return PassageHit(*row[:9], score=round(score, 6), **{k: round(v, 6) for k, v in components.items()})


def _capped(hits: list[PassageHit], *, limit: int, per_document: int | None) -> list[PassageHit]:
    if per_document is None:
        return hits[:limit]
    taken: dict[int, int] = {}
    kept = []
    for hit in hits:
        if taken.get(hit.document_id, 0) < per_document:
            taken[hit.document_id] = taken.get(hit.document_id, 0) + 1
            kept.append(hit)
            if len(kept) == limit:
                break
    return kept
