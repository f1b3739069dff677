"""The embeddings scorer (EXTRACTION_SCORER = "embeddings"): cues and sentence meaning averaged."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from claims.extraction import semantic
from claims.extraction.checkworthiness import THRESHOLD, cue_score
from claims.extraction.pipeline import extract_candidates, extract_many
from claims.models import Claim, Speaker
from claims.tasks import article_ingest_task
from sources import embeddings
from sources.models import EMBEDDING_DIMENSIONS, Article, FetchStatus
from tests.support.articles import GUIDANCE_CHECKWORTHY, GUIDANCE_NOT_CHECKWORTHY, article_path, article_text

QUOTED_OPINION = "“I’m just not ready for her yet,” said Robert Finnell, a lawyer who gave $4,600 in 2012."


@override_settings(EXTRACTION_SCORER="embeddings")
def test_the_embeddings_scorer_finds_the_fixture_claims_with_their_speaker_and_none_of_the_non_claims():
    claims = [c for c in extract_candidates(article_text("guidance.txt")) if c.checkworthy]

    for contains in GUIDANCE_CHECKWORTHY:
        matches = [c for c in claims if contains in c.sentence]
        assert len(matches) == 1, contains
        assert matches[0].speaker == "Anna Lindqvist", contains
    for phrase in GUIDANCE_NOT_CHECKWORTHY:
        assert not [c for c in claims if phrase in c.sentence], phrase


def test_a_score_is_the_mean_of_the_cues_and_the_embedding_model_and_keeps_the_cues_reasons():
    [score] = semantic.semantic_scores([QUOTED_OPINION])
    cues = cue_score(QUOTED_OPINION)

    meaning = float(score.reasons[-1].removeprefix("embedding="))
    assert score.reasons[:-1] == cues.reasons
    assert score.value == pytest.approx((cues.value + meaning) / 2, abs=0.006)
    assert score.checkworthy is (score.value >= THRESHOLD)


def test_a_quoted_opinion_full_of_numbers_scores_lower_with_the_embeddings_than_with_the_cues():
    [score] = semantic.semantic_scores([QUOTED_OPINION])

    assert score.value < cue_score(QUOTED_OPINION).value


@override_settings(EXTRACTION_SCORER="cues")
def test_the_cues_scorer_reads_no_embedding(monkeypatch):
    def no_embeddings(texts):
        raise AssertionError("the cues scorer embedded a sentence")

    monkeypatch.setattr(embeddings, "embed_texts", no_embeddings)

    candidate = next(iter(extract_candidates(QUOTED_OPINION)))

    assert candidate.score == cue_score(QUOTED_OPINION).value


def test_the_fitted_weights_have_one_weight_per_embedding_dimension():
    head = json.loads(semantic.HEAD.read_text(encoding="utf-8"))

    assert len(head["weights"]) == EMBEDDING_DIMENSIONS
    assert head["sentences"] > 0


def test_asking_for_the_embeddings_scorer_without_the_extra_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(embeddings, "installed", lambda: False)

    with pytest.raises(semantic.ScorerUnavailableError, match=re.escape("pip install -r requirements/embeddings.txt")):
        semantic.semantic_scores(["The agency published 12 reports in 2024."])
    with pytest.raises(semantic.ScorerUnavailableError):
        semantic.semantic_scores([])  # even with nothing to score: a misconfiguration is not hidden


@override_settings(EXTRACTION_SCORER="embeddings")
def test_batched_articles_get_the_same_scores_as_one_at_a_time_even_with_a_headline_only_article():
    headline_only = "Harbourcity Water Board Meets"
    texts = [article_text("guidance.txt"), headline_only, QUOTED_OPINION]

    batched = extract_many(texts)

    assert [[c.score for c in article] for article in batched] == [
        [c.score for c in extract_candidates(text)] for text in texts
    ]
    assert batched[1][0].score == 0.02


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["extract_claims", "ingest"])
@override_settings(EXTRACTION_SCORER="embeddings")
def test_the_commands_fail_with_a_clear_message_when_the_scorer_is_missing(command, monkeypatch):
    monkeypatch.setattr(embeddings, "installed", lambda: False)

    with pytest.raises(CommandError, match="EXTRACTION_SCORER is embeddings but the model is not installed"):
        call_command(command, str(article_path("guidance.txt")), stdout=StringIO())

    assert Article.objects.count() == Claim.objects.count() == Speaker.objects.count() == 0


@pytest.mark.django_db
@override_settings(EXTRACTION_SCORER="embeddings")
def test_the_task_records_a_missing_scorer_on_the_row(monkeypatch):
    monkeypatch.setattr(embeddings, "installed", lambda: False)
    article = Article.objects.create(text=article_text("guidance.txt"))

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert "pip install -r requirements/embeddings.txt" in article.fetch_error
    assert Claim.objects.count() == 0
