"""Candidate planning: rare words OR-ed within a row budget, common words AND-ed, none on small indexes."""

from __future__ import annotations

from django.db import connection

from sources.search_plan import ROW_BUDGET, LexemeStats, lexeme_stats, plan_candidates, query_lexemes

BIG = LexemeStats(
    passages=1_000_000,
    frequency={"nato": 0.05, "ukrain": 0.06, "said": 0.04, "summit": 0.0004, "declar": 0.0003},
    floor=0.0002,  # a missing lexeme: 200 rows of a million
)


def test_a_query_whose_words_are_rare_enough_ors_every_word():
    small = LexemeStats(passages=10_000, frequency=BIG.frequency, floor=BIG.floor)
    assert plan_candidates(["summit", "declar", "irrevers"], small) is None  # about 9 matching rows
    assert plan_candidates(["nato", "summit"], small) is None  # about 500 matching rows
    assert plan_candidates(["nato", "ukrain"], small) is not None  # about 1,100


def test_rare_words_are_ored_within_the_row_budget_and_common_ones_anded():
    plan = plan_candidates(["nato", "ukrain", "said", "summit", "declar", "irrevers"], BIG)
    # irrevers (unknown: at most the floor, 200 rows), declar (300), summit (400) fit in the budget.
    assert plan.any_of == ("irrevers", "declar", "summit")
    assert sum(BIG.frequency.get(x, BIG.floor) * BIG.passages for x in plan.any_of) <= ROW_BUDGET
    # Pairs of common words within the budget, rarest first: said+nato ~2,000 rows is over it alone.
    assert plan.all_of == (("said", "nato", "ukrain"),)
    assert plan.any_query() == "'irrevers' | 'declar' | 'summit'"
    assert plan.all_query() == "('said' & 'nato' & 'ukrain')"


def test_common_words_are_paired_when_pairs_fit_the_budget():
    stats = LexemeStats(passages=1_000_000, frequency={"nato": 0.02, "ukrain": 0.03, "said": 0.04}, floor=0.0001)
    plan = plan_candidates(["nato", "ukrain", "said", "irrevers"], stats)
    assert plan.any_of == ("irrevers",)
    # nato+ukrain ~600 rows fits; nato+said ~800 would pass 1,000 in total.
    assert plan.all_of == (("nato", "ukrain"),)
    assert plan.all_query() == "('nato' & 'ukrain')"


def test_the_rarest_word_is_always_a_candidate_source_even_over_budget():
    plan = plan_candidates(["nato", "ukrain"], BIG)
    assert plan.any_of == ("nato",)
    assert plan.all_of == ()  # a single common word alone would match 6% of the index: no group


def test_quotes_in_lexemes_are_escaped():
    plan = plan_candidates(["o'brien"], LexemeStats(passages=1_000_000, frequency={"o'brien": 0.01}, floor=0.0))
    assert plan.any_query() == "'o''brien'"


def test_statistics_and_lexemes_come_from_postgresql(imported_corpus):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sources_passage")
    from sources import search_plan

    search_plan._cache.clear()
    stats = lexeme_stats()
    assert stats.passages > 0
    assert stats.frequency.get("riverton", 0) > 0
    assert query_lexemes("The pipes were replaced in Riverton") == ["pipe", "replac", "riverton"]


def test_at_most_max_pairs_pairs_are_used():
    from sources.search_plan import MAX_PAIRS

    words = [f"word{i}" for i in range(8)]
    stats = LexemeStats(passages=1_000_000, frequency=dict.fromkeys(words, 0.01), floor=0.0)
    plan = plan_candidates(words, stats)  # 28 pairs of ~100 rows each would fit the budget 10 times over
    assert len(plan.any_of) == 1  # each word alone ~10,000 rows: only the rarest (first by name)
    assert len(plan.all_of) == MAX_PAIRS
    assert all(len(pair) == 2 for pair in plan.all_of)
