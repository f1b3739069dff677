"""Candidate planning for large passage indexes: keep the rows that full-text search must rank small.

OR-ing every word of a claim matches a large share of a big index when the claim has common topic
words ("NATO" may be in 5% of a news archive's passages), and ranking 50,000 matches takes hundreds of
milliseconds. So on a large index the candidates come from two index scans instead:

* ``any_of``: the query's rarest lexemes, OR-ed, as many as fit in ``ROW_BUDGET`` estimated matches;
* ``all_of``: pairs of the remaining (common) lexemes, each pair AND-ed, the rarest pairs first within
  another ``ROW_BUDGET`` rows and at most ``MAX_PAIRS`` pairs (a passage with two of the claim's
  common words, "NATO" and "Ukraine", is a candidate even without any rare one); when no pair fits,
  all common lexemes AND-ed.

Lexeme frequencies come from PostgreSQL's own statistics on ``search_vector`` (``pg_stats``'s
``most_common_elems``, kept by ANALYZE/autovacuum on up to 10,000 lexemes: migration 0003), read at
most every ``STATS_TTL`` seconds. A lexeme absent from that list is rarer than the least common one in
it; it is counted at half that frequency, as PostgreSQL's own planner does. Scoring is unchanged: it still
uses every query word on every candidate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection

# Estimated matches that full-text candidate generation may rank (~10 us each). A query whose words
# all together stay under it ORs every word, as on a small index.
ROW_BUDGET = 1_000
# Each pair makes the GIN index intersect two long posting lists; beyond a few pairs that costs more
# than the rows it saves.
MAX_PAIRS = 6
STATS_TTL = 300.0

_STATS_SQL = """
SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs
FROM pg_class c
LEFT JOIN pg_stats s ON s.tablename = 'sources_passage' AND s.attname = 'search_vector'
WHERE c.relname = 'sources_passage'
"""


@dataclass(frozen=True)
class LexemeStats:
    passages: float
    frequency: dict[str, float]
    floor: float  # assumed frequency of a lexeme missing from ``frequency`` (half the least common one's)


@dataclass(frozen=True)
class CandidatePlan:
    any_of: tuple[str, ...]
    all_of: tuple[tuple[str, ...], ...]  # groups of lexemes, each AND-ed, the groups OR-ed

    def any_query(self) -> str:
        return " | ".join(_quoted(lexeme) for lexeme in self.any_of)

    def all_query(self) -> str:
        return " | ".join("(" + " & ".join(_quoted(lexeme) for lexeme in group) + ")" for group in self.all_of)


_cache: dict[str, tuple[float, LexemeStats]] = {}


def lexeme_stats() -> LexemeStats:
    """The passage count and lexeme frequencies from the planner statistics (cached per process)."""
    cached = _cache.get(connection.alias)
    if cached and time.monotonic() - cached[0] < STATS_TTL:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(_STATS_SQL)
        row = cursor.fetchone()
    passages, elements, freqs = row if row else (0.0, None, None)
    frequency = dict(zip(elements or [], freqs or [], strict=False))
    # most_common_elem_freqs ends with min, max and null-fraction entries after the per-element ones;
    # like PostgreSQL's own estimate (tsquery_opr_selec), a lexeme missing from the list gets half the minimum.
    floor = freqs[len(elements)] / 2 if freqs and elements and len(freqs) > len(elements) else 0.0
    stats = LexemeStats(passages=max(float(passages or 0), 0.0), frequency=frequency, floor=floor)
    _cache[connection.alias] = (time.monotonic(), stats)
    return stats


def plan_candidates(lexemes: list[str], stats: LexemeStats) -> CandidatePlan | None:
    """The plan for ``lexemes``, or ``None`` when OR-ing every word stays within ``ROW_BUDGET`` rows."""
    by_rarity = sorted(set(lexemes), key=lambda lexeme: (stats.frequency.get(lexeme, stats.floor), lexeme))
    if sum(stats.frequency.get(lexeme, stats.floor) * stats.passages for lexeme in by_rarity) <= ROW_BUDGET:
        return None
    any_of, expected = [], 0.0
    for lexeme in by_rarity:
        rows = stats.frequency.get(lexeme, stats.floor) * stats.passages
        if any_of and expected + rows > ROW_BUDGET:
            break
        any_of.append(lexeme)
        expected += rows
    common = by_rarity[len(any_of) :]
    return CandidatePlan(any_of=tuple(any_of), all_of=_pairs(common, stats))


def _pairs(common: list[str], stats: LexemeStats) -> tuple[tuple[str, ...], ...]:
    """Pairs of common lexemes, rarest pairs first, within ``ROW_BUDGET`` estimated rows (independence
    assumed); when no pair fits, the one group of all common lexemes (when there are at least two)."""
    frequency = [stats.frequency.get(lexeme, stats.floor) for lexeme in common]
    pairs = sorted(
        (frequency[i] * frequency[j] * stats.passages, common[i], common[j])
        for i in range(len(common))
        for j in range(i + 1, len(common))
    )
    chosen, expected = [], 0.0
    for rows, first, second in pairs:
        if expected + rows > ROW_BUDGET or len(chosen) == MAX_PAIRS:
            break
        chosen.append((first, second))
        expected += rows
    if chosen:
        return tuple(chosen)
    return (tuple(common),) if len(common) >= 2 else ()


def query_lexemes(text: str) -> list[str]:
    """The lexemes PostgreSQL's English configuration makes of ``text`` (stop words dropped)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('english', %s))", [text])
        return list(cursor.fetchone()[0] or [])


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
