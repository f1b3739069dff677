"""search_passages: lexical ranking over the fixture corpus, filters, input errors, semantic path."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from sources import embeddings
from sources.models import Passage
from sources.search import SearchInputError, search_passages

PIPES = "Riverton replaced 4,000 lead pipes in 2023."
FARES = "Harbour ferry fares will rise by 10 percent in March."


def slugs(hits) -> list[str]:
    return [hit.url.rsplit("/", 1)[-1] for hit in hits]


def test_supporting_documents_rank_above_distractors_that_share_words(imported_corpus):
    hits = search_passages(query=PIPES, limit=5, per_document=1, semantic=False)
    top = slugs(hits)
    assert top[0] in {"riverton-lead-pipe-audit", "riverton-council-pipe-replacement"}
    assert top.index("riverton-bagpipe-festival") > top.index("riverton-lead-pipe-audit")
    assert "lead-singer-riverton-concert" not in top[:3]


def test_the_fare_claim_finds_the_fare_story_first(imported_corpus):
    hits = search_passages(query=FARES, limit=3, per_document=1, semantic=False)
    assert slugs(hits)[0] == "harbour-ferry-fares-rise"


def test_hits_are_best_first_with_components_in_range(imported_corpus):
    hits = search_passages(query=PIPES, limit=10, semantic=False)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert 0 <= hit.score <= 1
        assert 0 <= hit.lexical <= 1 and 0 <= hit.coverage <= 1 and 0 <= hit.trigram <= 1
        assert hit.semantic == 0
        passage = Passage.objects.get(pk=hit.passage_id)
        assert passage.document.text[hit.start : hit.end] == hit.text


def test_per_document_caps_passages_from_one_document(imported_corpus):
    capped = search_passages(query=PIPES, limit=10, per_document=1, semantic=False)
    assert len({h.document_id for h in capped}) == len(capped)
    uncapped = search_passages(query=PIPES, limit=10, semantic=False)
    assert len({h.document_id for h in uncapped}) < len(uncapped)


def test_the_date_window_excludes_documents_outside_it(imported_corpus):
    since = datetime(2024, 1, 20, tzinfo=UTC)
    until = datetime(2024, 12, 31, tzinfo=UTC)
    hits = search_passages(query=PIPES, limit=10, since=since, until=until, semantic=False)
    assert hits
    assert all(since <= h.published_at <= until for h in hits)
    assert "riverton-council-pipe-replacement" not in slugs(hits)  # published 2024-01-15


def test_a_query_matching_nothing_returns_no_hits(imported_corpus):
    assert search_passages(query="zebra xylophone quokka", semantic=False) == []


def test_minus_words_exclude_passages_and_phrases_still_match(imported_corpus):
    hits = search_passages(query='"lead pipes" -festival Riverton', limit=20, semantic=False)
    assert "riverton-bagpipe-festival" not in slugs(hits)
    assert slugs(hits)[0] in {
        "riverton-lead-pipe-audit",
        "riverton-council-pipe-replacement",
        "riverton-pipe-figure-disputed",
    }


@pytest.mark.parametrize(
    ("query", "limit", "message"),
    [("", 10, "empty"), ("   ", 10, "empty"), ("x" * 2001, 10, "limit is 2000"), ("pipes", 0, "at least 1")],
)
def test_it_rejects_bad_search_input(db, query, limit, message):
    with pytest.raises(SearchInputError, match=message):
        search_passages(query=query, limit=limit)


# ----------------------------------------------------------------------------------- semantic path

needs_model = pytest.mark.skipif(not embeddings.installed(), reason="optional embeddings extra not installed")


@pytest.fixture
def semantic_corpus(db, settings, corpus_dir):
    from sources.services.documents import collection_import

    settings.EMBEDDINGS_ENABLED = True
    return collection_import(directory=str(corpus_dir))


@needs_model
def test_indexing_with_embeddings_stores_unit_vectors(semantic_corpus):
    passage = Passage.objects.exclude(embedding=None).first()
    assert passage is not None
    assert not Passage.objects.filter(embedding=None).exists()
    assert abs(sum(x * x for x in passage.embedding) - 1.0) < 1e-3


@needs_model
def test_semantic_search_finds_a_paraphrase_without_shared_words(semantic_corpus):
    # No word of this query occurs in the fare story; only the meaning matches.
    query = "The price of a boat ride across the bay will climb"
    assert search_passages(query=query, semantic=False) == []
    hits = search_passages(query=query, limit=3, per_document=1)
    assert hits and slugs(hits)[0] == "harbour-ferry-fares-rise"
    assert hits[0].semantic > 0.3 and hits[0].lexical == 0


@needs_model
def test_semantic_ranking_keeps_supporting_documents_first(semantic_corpus):
    hits = search_passages(query=PIPES, limit=3, per_document=1)
    assert slugs(hits)[0] in {"riverton-lead-pipe-audit", "riverton-council-pipe-replacement"}
    assert all(hit.semantic > 0 for hit in hits)


@needs_model
def test_enabling_embeddings_then_index_documents_gives_the_stored_passages_embeddings(imported_corpus, settings):
    before = list(Passage.objects.order_by("id").values_list("id", "start", "end"))
    assert before and not Passage.objects.exclude(embedding=None).exists()
    settings.EMBEDDINGS_ENABLED = True
    out = StringIO()

    call_command("index_documents", stdout=out)

    assert out.getvalue().startswith(
        f"Indexed {imported_corpus.created} documents (never indexed or without embeddings)"
    )
    assert list(Passage.objects.order_by("id").values_list("id", "start", "end")) == before  # the same passages
    assert not Passage.objects.filter(embedding=None).exists()
    again = StringIO()
    call_command("index_documents", stdout=again)
    assert again.getvalue().startswith("Indexed 0 documents")


@needs_model
def test_passages_kept_for_their_evidence_still_get_embeddings(imported_corpus, settings, monkeypatch):
    from sources.services import documents
    from tests.factories import EvidenceFactory

    passage = Passage.objects.order_by("id").first()
    EvidenceFactory(passage=passage)
    kept = list(Passage.objects.filter(document=passage.document).order_by("id").values_list("id", flat=True))
    monkeypatch.setattr(documents, "PASSAGE_SENTENCES", 1)  # a new split, which the evidence keeps out
    monkeypatch.setattr(documents, "PASSAGE_OVERLAP", 0)
    settings.EMBEDDINGS_ENABLED = True

    call_command("index_documents", stdout=StringIO())

    ours = Passage.objects.filter(document=passage.document).order_by("id")
    assert list(ours.values_list("id", flat=True)) == kept
    assert not ours.filter(embedding=None).exists()


def test_without_the_setting_search_stays_lexical(imported_corpus, settings):
    settings.EMBEDDINGS_ENABLED = False
    hits = search_passages(query=PIPES, limit=3)
    assert hits and all(hit.semantic == 0 for hit in hits)
    assert not Passage.objects.exclude(embedding=None).exists()


@needs_model
def test_embeddings_run_on_the_configured_number_of_threads(settings):
    import torch

    embeddings.embed_query("NATO summit in Washington")

    assert torch.get_num_threads() == settings.EMBEDDINGS_THREADS == 1
