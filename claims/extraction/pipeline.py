"""From article text to candidate claims.

``extract_candidates(text)`` returns one ``Candidate`` per sentence, in order, with offsets into
``text``; ``extract_many(texts)`` does the same for many articles with one batched pass of spaCy.

Speed: the check-worthiness score is lexical (``claims.extraction.checkworthiness``; the slower
``claims.extraction.semantic`` or ``claims.extraction.finetuned`` when ``EXTRACTION_SCORER`` is
"embeddings" or "finetuned"), so spaCy's entity recogniser runs only where a speaker or the next "he"
is to be found: sentences with a speech verb ("said", "according to"), inside a quotation, or opening
with a name, and of those it reads only the words where a speaker can be named
(``claims.extraction.model_text``).
The model is loaded with its entity recogniser alone and with its matrix products on numpy's BLAS
(``claims.extraction.nlp``). Headlines, datelines, boilerplate, idioms, questions and very short
sentences are settled without scoring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

from django.conf import settings

from claims.extraction.checkworthiness import (
    FUNCTION_WORDS,
    Score,
    cue_score,
    hard_negative,
    hard_score,
)
from claims.extraction.model_text import MIN_QUOTE_WORDS, ModelText
from claims.extraction.names import (
    Entity,
    first_name_before,
    guesses,
    join_name_particles,
    person_after_title,
    person_before_affiliation,
)
from claims.extraction.nlp import load_nlp
from claims.extraction.sentences import Quote, Sentence, double_quoted, find_quotes, quote_for, split_sentences
from claims.extraction.speakers import Attribution, SpeakerTracker
from claims.extraction.speakers.patterns import attributes_speech
from claims.extraction.statements import normalize_statement
from sources.text import source_spans

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


def candidates_in_source(candidates: list[Candidate], *, source: str, text: str) -> list[Candidate]:
    """``candidates`` of ``text`` (``normalize_text(source)``) with their offsets and sentences read
    against ``source``, the text as the caller gave it; unchanged if the two do not align."""
    spans = source_spans(source, text)
    if spans is None:
        return candidates
    moved = []
    for candidate in candidates:
        start, end = spans[candidate.start][0], spans[candidate.end - 1][1]
        moved.append(replace(candidate, start=start, end=end, sentence=source[start:end]))
    return moved


def extract_many(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> list[list[Candidate]]:
    """``extract_candidates`` for many articles, with the sentences that need spaCy batched together.

    Quotations in single marks are read as double-quoted ones (``double_quoted``, same offsets); each
    candidate's ``sentence`` is still the article's own text.
    """
    texts = list(texts)
    read = [double_quoted(text) for text in texts]
    articles = [_Article.read(text) for text in read]
    to_model = [m for article in articles for m in article.model_texts()]
    scores = _model_scores(articles) if settings.EXTRACTION_SCORER != "cues" else [None] * len(articles)
    runs = [m.may_name_someone for m in to_model]
    docs = iter(load_nlp().pipe([m.text for m, run in zip(to_model, runs, strict=True) if run], batch_size=batch_size))
    entities = iter([_entities(m, next(docs) if run else None) for m, run in zip(to_model, runs, strict=True)])
    found = [
        article.candidates([next(entities) if needed else None for needed in article.needs_model], scored)
        for article, scored in zip(articles, scores, strict=True)
    ]
    return [
        candidates if as_read == text else [replace(c, sentence=text[c.start : c.end]) for c in candidates]
        for candidates, text, as_read in zip(found, texts, read, strict=True)
    ]


def _model_scores(articles: list[_Article]) -> list[list[Score | None]]:
    """The model scorer's score of each sentence ``hard_negative`` did not settle (None for the rest)."""
    if settings.EXTRACTION_SCORER == "finetuned":
        from claims.extraction.finetuned import finetuned_scores as model_scores
    else:
        from claims.extraction.semantic import semantic_scores as model_scores

    texts = [
        s.text for article in articles for s, reason in zip(article.sentences, article.hard, strict=True) if not reason
    ]
    scores = iter(model_scores(texts))
    return [[None if reason else next(scores) for reason in article.hard] for article in articles]


# Hard negatives that still take part in speaker tracking: an idiom or a question can be a quotation
# whose speaker the next sentence inherits. Headlines and boilerplate never do.
UNTRACKED = frozenset({"headline", "boilerplate"})
# A sentence that opens with a capitalised name and a verb ("Umerov called ...", "South Korea
# joined ..."): the model tells a person, who becomes the next "he", from a place or a body.
_OPENS_WITH_NAME = re.compile(r"^\W*(?:However,\s*|But\s+|And\s+)?([A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}\s+[a-z]")


@dataclass
class _Article:
    sentences: list[Sentence]
    quotes: list[Quote | None]
    hard: list[str]
    attributed: list[bool]  # reports speech or quotes: gets a speaker
    needs_model: list[bool]  # goes through the entity recogniser
    quote_shares: list[float]  # how much of the sentence is inside quotation marks
    name_ends: list[int | None]  # where the verb after an opening name starts (None: no opening name)

    @classmethod
    def read(cls, text: str) -> _Article:
        sentences = split_sentences(text)
        all_quotes = find_quotes(text)
        quotes = [quote_for(s, all_quotes) for s in sentences]
        hard = [hard_negative(s.text, whole_line=s.whole_line) for s in sentences]
        attributed, needs_model, name_ends = [], [], []
        for sentence, quote, reason in zip(sentences, quotes, hard, strict=True):
            tracked = reason not in UNTRACKED
            speech = _reports_speech(sentence, quote)
            name_end = None if speech or not tracked else _opening_name_end(sentence.text)
            attributed.append(tracked and speech)
            needs_model.append(tracked and (speech or name_end is not None))
            name_ends.append(name_end)
        shares = [_share(s, all_quotes) for s in sentences]
        return cls(sentences, quotes, hard, attributed, needs_model, shares, name_ends)

    def model_texts(self) -> list[ModelText]:
        """What the entity recogniser reads of each sentence that needs it, in order."""
        rows = zip(self.sentences, self.quotes, self.attributed, self.needs_model, self.name_ends, strict=True)
        return [
            ModelText.reporting(s, quote) if attributed else ModelText.opening(s, name_end)
            for s, quote, attributed, needed, name_end in rows
            if needed
        ]

    def candidates(
        self, entities: list[list[Entity] | None], scores: list[Score | None] | None = None
    ) -> list[Candidate]:
        """One candidate per sentence; ``entities`` is None for a sentence the model did not read.

        ``scores``: scores already given by the embeddings scorer (None: the lexical cues score).
        """
        tracker = SpeakerTracker()
        given = scores or [None] * len(self.sentences)
        rows = zip(self.sentences, self.quotes, self.hard, self.attributed, entities, self.quote_shares, strict=True)
        speakers = [
            _speaker(tracker, sentence, quote, ents, attributed=attributed, share=share)
            if reason not in UNTRACKED
            else None
            for sentence, quote, reason, attributed, ents, share in rows
        ]
        speakers = _one_speaker_per_quotation(speakers, self.quotes)
        candidates = []
        rows = zip(self.sentences, self.quotes, self.hard, speakers, given, strict=True)
        for sentence, quote, reason, who, scored in rows:
            score = hard_score(reason) if reason else scored if scored is not None else cue_score(sentence.text)
            candidates.append(_candidate(sentence, score, who, quote.text if quote else None))
        return _canonical_speakers(candidates, tracker)


def _one_speaker_per_quotation(
    speakers: list[Attribution | None], quotes: list[Quote | None]
) -> list[Attribution | None]:
    """A quotation's sentences share one speaker ("“A. B,” Smith said.": A is Smith's too).

    The speaker named for one of its sentences (not inherited from the quotation before) goes to all
    of them, unless they name two. With none named, a sentence left without a speaker (its attribution,
    "said the company", resolved to no one) leaves them all without one rather than with a guess.
    """
    named: dict[Quote, dict[tuple[str, bool], Attribution]] = {}
    unresolved: set[Quote] = set()
    for who, quote in zip(speakers, quotes, strict=True):
        if quote is not None and who is None:
            unresolved.add(quote)
        elif quote is not None and not who.inherited:
            named.setdefault(quote, {}).setdefault((who.name, who.is_person), who)
    shared = []
    for who, quote in zip(speakers, quotes, strict=True):
        names = named.get(quote, {}) if quote is not None else {}
        if len(names) == 1:
            shared.append(next(iter(names.values())))
        else:
            shared.append(None if not names and quote in unresolved else who)
    return shared


def _reports_speech(sentence: Sentence, quote: Quote | None) -> bool:
    """A speech verb, a quotation of a few words or more, or the rest of a quotation begun before."""
    if attributes_speech(sentence.text):
        return True
    return quote is not None and (quote.start < sentence.start or len(quote.text.split()) >= MIN_QUOTE_WORDS)


def _opening_name_end(text: str) -> int | None:
    """Where the verb after a sentence's opening name starts; None if it opens with no name."""
    match = _OPENS_WITH_NAME.match(text)
    if match is None or match.group(1).lower() in FUNCTION_WORDS:
        return None
    return match.end() - 1


def _speaker(
    tracker: SpeakerTracker,
    sentence: Sentence,
    quote: Quote | None,
    ents: list[Entity] | None,
    *,
    attributed: bool,
    share: float,
) -> Attribution | None:
    if attributed:
        closes_here = quote is not None and sentence.start < quote.end <= sentence.end
        return tracker.attribute(
            sentence.text,
            ents or [],
            quoted=quote is not None,
            continues_quote=quote is not None and quote.start < sentence.start,
            quote_share=share,
            quote_end=quote.end - sentence.start if closes_here else None,
        )
    # A narrative sentence is the reporter's and has no speaker. It still teaches the tracker full
    # names and companies, and a person it opens with (found by the model) becomes the next "he".
    if ents is None:
        tracker.observe(sentence.text, guesses(sentence.text), from_model=False)
    else:
        tracker.observe(sentence.text, ents, from_model=True)
    return None


def _share(sentence: Sentence, quotes: list[Quote]) -> float:
    """How much of ``sentence`` lies inside ``quotes`` (marks included), which may cross its edges."""
    inside = sum(max(min(q.end, sentence.end) - max(q.start, sentence.start), 0) for q in quotes)
    return inside / max(len(sentence.text), 1)


def _entities(model_text: ModelText, doc) -> list[Entity]:
    """The model's entities, mended (names split or joined with titles and bodies), as sentence offsets.

    ``doc`` is None where the model was not run (``ModelText.may_name_someone``): only the guesses.
    """
    if doc is None:
        return list(model_text.guessed)
    entities = join_name_particles(
        [
            Entity(e.text, e.label_, e.start_char, e.end_char)
            for e in doc.ents
            if not model_text.spans_cut(e.start_char, e.end_char) and e.text.lower() not in ("the", "a", "an")
        ]
    )
    mended = [person_after_title(person_before_affiliation(first_name_before(model_text.text, e))) for e in entities]
    read = [replace(e, start=model_text.position(e.start), end=model_text.position(e.end)) for e in mended]
    return sorted([*read, *model_text.guessed], key=lambda e: e.start)


def _candidate(sentence: Sentence, score: Score, who: Attribution | None, quote: str | None) -> Candidate:
    return Candidate(
        start=sentence.start,
        end=sentence.end,
        sentence=sentence.text,
        statement=normalize_statement(sentence.text, who.mention if who and not who.inherited else None),
        speaker=who.name if who else None,
        quote=quote,
        score=score.value,
        checkworthy=score.checkworthy,
        speaker_is_person=who.is_person if who else True,
        speaker_mention=who.mention if who else "",
    )


def _canonical_speakers(candidates: list[Candidate], tracker: SpeakerTracker) -> list[Candidate]:
    """A surname seen before the full name ("Rutte" ... "Mark Rutte") gets the full name too, and a body
    its name with the legal form ("Apple" ... "Apple Inc.")."""
    return [
        replace(c, speaker=_canonical(tracker, c.speaker, is_person=c.speaker_is_person)) if c.speaker else c
        for c in candidates
    ]


def _canonical(tracker: SpeakerTracker, name: str, *, is_person: bool) -> str:
    return tracker.canonical(name) if is_person else tracker.canonical_organisation(name)
