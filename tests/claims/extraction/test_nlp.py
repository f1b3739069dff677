"""The spaCy model: entity recogniser only, matrix products on numpy's BLAS, same entities."""

from __future__ import annotations

from claims.extraction.nlp import build_nlp, load_nlp
from claims.extraction.sentences import split_sentences
from sources.text import parse_corpus_document
from tests.support.articles import article_text


def entities(nlp, texts):
    return [[(e.text, e.label_, e.start_char) for e in doc.ents] for doc in nlp.pipe(texts)]


def test_only_the_entity_recogniser_is_loaded_and_it_multiplies_with_numpy():
    nlp = load_nlp()

    assert nlp.pipe_names == ["ner"]
    assert all(node.ops.use_blis is False for node in nlp.get_pipe("ner").model.walk())
    assert load_nlp() is nlp  # one model per process


def test_the_blas_backend_finds_the_same_entities_as_the_stock_one():
    texts = [
        s.text
        for article in (article_text("guidance.txt"), parse_corpus_document(article_text("storm.json")).text)
        for s in split_sentences(article)
    ]
    stock = build_nlp(blas=False)

    found = entities(load_nlp(), texts)

    assert found == entities(stock, texts)
    assert any(label == "PERSON" for sentence in found for _, label, _ in sentence)


def test_importing_the_extraction_code_loads_neither_spacy_nor_thinc():
    import subprocess
    import sys

    probe = "import sys, django; django.setup(); import claims.apis, claims.extraction.pipeline; "
    probe += "print(sorted(m for m in ('spacy', 'thinc', 'torch') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)

    assert result.stdout.strip() == "[]"
