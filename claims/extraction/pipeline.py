"""From article text to candidate claims.

``extract_candidates(text)`` returns one ``Candidate`` per sentence, in order, with offsets into
``text``; ``extract_many(texts)`` does the same for many articles with one batched pass of spaCy.

Speed: the check-worthiness score is lexical (``claims.extraction.checkworthiness``), so spaCy's
entity recogniser runs only where a speaker is to be found: sentences with a speech verb ("said",
"according to") or inside a quotation, about half the text. The model is loaded with its entity
recogniser alone (``tok2vec``, ``tagger``, ``parser``, ``attribute_ruler`` and ``lemmatizer`` are not
loaded) and with its matrix products on numpy's BLAS (``claims.extraction.nlp``). Headlines,
datelines, boilerplate and very short lines are settled without scoring.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

from claims.extraction.checkworthiness import (
    HARD_NEGATIVE_SCORE,
    SPEECH_RE,
    Score,
    hard_negative,
    score_sentence,
)
from claims.extraction.nlp import load_nlp
from claims.extraction.sentences import Quote, Sentence, find_quotes, quote_for, split_sentences
from claims.extraction.speakers import Attribution, Entity, SpeakerTracker, name_guesses
from claims.extraction.statements import normalize_statement

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


def extract_candidates(text: str) -> list[Candidate]:
    """Every sentence of ``text`` as a ``Candidate`` (filter on ``checkworthy`` for claims)."""
    return extract_many([text])[0]


def extract_many(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> list[list[Candidate]]:
    """``extract_candidates`` for many articles, with the sentences that need spaCy batched together."""
    articles = [_Article.read(text) for text in texts]
    to_model = [
        s.text
        for article in articles
        for s, needed in zip(article.sentences, article.needs_model, strict=True)
        if needed
    ]
    docs = iter(load_nlp().pipe(to_model, batch_size=batch_size))
    return [
        article.candidates([_entities(next(docs)) if needed else None for needed in article.needs_model])
        for article in articles
    ]


@dataclass
class _Article:
    text: str
    sentences: list[Sentence]
    quotes: list[Quote | None]
    hard: list[str]
    needs_model: list[bool]

    @classmethod
    def read(cls, text: str) -> _Article:
        sentences = split_sentences(text)
        all_quotes = find_quotes(text)
        quotes = [quote_for(s, all_quotes) for s in sentences]
        hard = [hard_negative(s.text, whole_line=s.whole_line) for s in sentences]
        needs_model = [
            not reason and (quote is not None or SPEECH_RE.search(s.text) is not None)
            for s, quote, reason in zip(sentences, quotes, hard, strict=True)
        ]
        return cls(text, sentences, quotes, hard, needs_model)

    def candidates(self, entities: list[list[Entity] | None]) -> list[Candidate]:
        """One candidate per sentence; ``entities`` is None for a sentence the model did not read."""
        tracker = SpeakerTracker()
        candidates = []
        for sentence, quote, reason, ents in zip(self.sentences, self.quotes, self.hard, entities, strict=True):
            if reason:
                score, who = Score(HARD_NEGATIVE_SCORE, False, (reason,)), None
            else:
                score = score_sentence(sentence.text, whole_line=sentence.whole_line)
                who = self._speaker(tracker, sentence, quote, ents)
            candidates.append(_candidate(sentence, score, who, quote.text if quote else None))
        return _canonical_speakers(candidates, tracker)

    @staticmethod
    def _speaker(
        tracker: SpeakerTracker, sentence: Sentence, quote: Quote | None, ents: list[Entity] | None
    ) -> Attribution | None:
        if ents is None:
            # No speech verb and no quotation: a narrative sentence, attributed to no one. Its names
            # still teach the tracker full names and who is being written about.
            tracker.observe(sentence.text, name_guesses(sentence.text))
            return None
        continues = quote is not None and quote.start < sentence.start
        return tracker.attribute(sentence.text, ents, quoted=quote is not None, continues_quote=continues)


def _entities(doc) -> list[Entity]:
    return [Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


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
