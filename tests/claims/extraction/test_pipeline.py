"""The whole extraction on the project's own news-style fixture articles."""

from __future__ import annotations

import json

from claims.extraction.pipeline import extract_candidates, extract_many
from sources.text import parse_corpus_document
from tests.support.articles import article_text

# guidance.txt mirrors the seed article: a named speaker with a title, then "the head of the
# organisation", "she", "the former Swedish health minister"; a quotation over two sentences, idioms,
# obligations, a prediction and a headline line in the middle.
GUIDANCE_CHECKWORTHY = [
    "confirmed today, Monday, that the agency will only publish",
    "this will be reviewed separately, and this of course will include the donors",
    "the agency coordinated closely with the British delegation",
    "already held in Nairobi two weeks ago and recently in Brasília",
    "resolution of the 2023 World Health Assembly",
    "there is no agreement among the donors on the cap",
]
GUIDANCE_NOT_CHECKWORTHY = [
    "You have to begin somewhere.",
    "It takes two to tango",
    "If the guidance is delayed, clinics must receive interim advice",
    "it is necessary to ensure that clinics",
    "avoided predicting whether a final text would be adopted",
    "We need the companies at the table.",
]


def test_all_checkworthy_sentences_are_found_with_the_resolved_speaker():
    claims = [c for c in extract_candidates(article_text("guidance.txt")) if c.checkworthy]

    for contains in GUIDANCE_CHECKWORTHY:
        matches = [c for c in claims if contains in c.sentence]
        assert len(matches) == 1, contains
        assert matches[0].speaker == "Anna Lindqvist", contains
    assert len(claims) == len(GUIDANCE_CHECKWORTHY)


def test_none_of_the_idioms_obligations_predictions_or_headlines_is_checkworthy():
    claims = [c for c in extract_candidates(article_text("guidance.txt")) if c.checkworthy]

    for phrase in GUIDANCE_NOT_CHECKWORTHY:
        assert not [c for c in claims if phrase in c.sentence], phrase


def test_offsets_sentences_statements_and_quotes_are_consistent():
    text = article_text("guidance.txt")
    candidates = extract_candidates(text)

    for c in candidates:
        assert text[c.start : c.end] == c.sentence
        assert 0.0 <= c.score <= 1.0
        assert c.statement
    quoted = next(c for c in candidates if "this will be reviewed separately" in c.sentence)
    assert quoted.quote.startswith("When it comes to the parts of the guidance")
    assert quoted.statement.startswith("When it comes to the parts of the guidance")
    assert "“" not in quoted.statement and "said" not in quoted.statement
    first = next(c for c in candidates if "confirmed today" in c.sentence)
    assert first.statement.startswith("The agency will only publish")
    assert first.speaker_mention == "Director-General Anna Lindqvist"


def test_the_two_sentence_quotation_is_one_quote_on_both_sentences():
    candidates = extract_candidates(article_text("guidance.txt"))

    opening = next(c for c in candidates if c.sentence.startswith("She pointed out"))
    closing = next(c for c in candidates if "already held in Nairobi" in c.sentence)
    assert opening.quote == closing.quote == "You have to begin somewhere. It is necessary to have drafts on the table,"
    assert closing.speaker == "Anna Lindqvist"


def test_a_corpus_document_gets_numbers_and_attributions():
    doc = parse_corpus_document(article_text("storm.json"))
    claims = {c.sentence: c for c in extract_candidates(doc.text) if c.checkworthy}

    brooks = next(c for s, c in claims.items() if "925 millibars" in s)
    assert brooks.speaker == "Dana Brooks"
    assert any("20,000 people" in s for s in claims)
    assert not any("Will the power grid hold" in s or "must stay indoors" in s for s in claims)
    assert not any("long way to go" in s for s in claims)


def test_batched_extraction_gives_the_same_result_as_one_at_a_time():
    texts = [article_text("guidance.txt"), parse_corpus_document(article_text("storm.json")).text]

    assert extract_many(texts) == [extract_candidates(t) for t in texts]


def test_the_json_contract_has_exactly_the_documented_keys():
    item = extract_candidates(article_text("guidance.txt"))[2].as_json()

    assert set(item) == {"start", "end", "sentence", "statement", "speaker", "quote", "score", "checkworthy"}
    json.dumps(item)
