"""The spaCy model: entity recogniser only, matrix products on numpy's BLAS, same entities."""

from __future__ import annotations

from claims.extraction.nlp import BlasOps, load_nlp
from claims.extraction.sentences import split_sentences
from sources.text import parse_corpus_document
from tests.support.articles import article_text


def entities(nlp, texts):
    return [[(e.text, e.label_, e.start_char) for e in doc.ents] for doc in nlp.pipe(texts)]


def test_only_the_entity_recogniser_is_loaded_and_it_multiplies_with_numpy():
    nlp = load_nlp()

    assert nlp.pipe_names == ["ner"]
    assert all(isinstance(node.ops, BlasOps) for node in nlp.get_pipe("ner").model.walk())


def test_the_blas_backend_finds_the_same_entities_as_the_stock_one():
    texts = [
        s.text
        for article in (article_text("guidance.txt"), parse_corpus_document(article_text("storm.json")).text)
        for s in split_sentences(article)
    ]
    stock = load_nlp.__wrapped__(blas=False)

    found = entities(load_nlp(), texts)

    assert found == entities(stock, texts)
    assert any(label == "PERSON" for sentence in found for _, label, _ in sentence)
