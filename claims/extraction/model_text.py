"""What the entity recogniser reads of a sentence: the words a speaker can be named in, the rest cut.

The recogniser is most of the pipeline's time, and its cost grows with the words it reads. A speaker
is named outside the quotation ("“...,” said Mark Rutte"), at the opening of the sentence ("Rutte said
...") or beside a speech verb ("..., the former Dutch prime minister told reporters"), so:

- a quotation's words are cut to "…" (its marks stay);
- a sentence that reports speech keeps its opening words and the words either side of each speech
  verb; the words between and after are cut to " … " (or, at the end, left off);
- a narrative sentence is read for the name it opens with ("Umerov called ...": a person, the next
  "he"), so it keeps that name and the words after it up to ``WORDS_FROM_VERB``.

The model's window sees four words each side of a word, and its decoder a few words ahead, so each
kept stretch is long enough to read a name the way the whole sentence would. Names in the cut words
outside quotations still teach the speaker tracker full names: they are guessed from capitalisation
(``name_guesses``) instead. Entities are mapped back to offsets in the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claims.extraction.checkworthiness import ATTRIBUTION_RE, FUNCTION_WORDS
from claims.extraction.names import NAME_PARTICLES, Entity, guesses
from claims.extraction.sentences import Quote, Sentence

# A quotation this short is a scare quote ("called the plan a “bridge”"), not reported speech: read.
MIN_QUOTE_WORDS = 4
# Words kept at the opening of a sentence that reports speech, before a speech verb, and from a
# speech verb (or the verb after an opening name) on.
OPENING_WORDS = 10
WORDS_BEFORE_VERB = 10
WORDS_FROM_VERB = 8
# Fewer cut words than this are read anyway: the stand-in would save little and split more names.
MIN_GAP_WORDS = 5
_WORD = re.compile(r"\S+")
_LEADING_PUNCTUATION = "“‘\"'([—–-"
# Lower-case words that may stand inside a name: "Department of Motor Vehicles", "von der Leyen".
_NAME_JOINTS = NAME_PARTICLES | {"of", "the", "and", "for", "&"}
# A speech verb after an appositive ("Fatih Birol, who has led the agency since 2015, said"): its
# subject may be anywhere in the clause, which starts after the last quotation mark, semicolon or bracket.
_AFTER_APPOSITIVE = re.compile(r",\s*(?:(?:also|later|then|further|previously|again|has|have|had|\w+ly)\s+)*$")
_CLAUSE_MARKS = ("”", '"', ";", "(")
QUOTATION_CUT = "…"
WORDS_CUT = " … "


@dataclass(frozen=True)
class ModelText:
    """``text`` is what the model reads.

    ``pieces``: the sentence's kept stretches as (offset in ``text``, offset in the sentence, length).
    ``cuts``: where ``text`` stands for cut words, as (start, end, is the quotation) in ``text``.
    ``guessed``: names guessed in the cut words outside quotations, as sentence offsets.
    """

    text: str
    pieces: tuple[tuple[int, int, int], ...]
    cuts: tuple[tuple[int, int, bool], ...] = ()
    guessed: tuple[Entity, ...] = ()

    @classmethod
    def reporting(cls, sentence: Sentence, quote: Quote | None) -> ModelText:
        """A sentence that reports speech: its opening, its speech verbs' surroundings, no quotation."""
        quoted = _quoted_span(sentence, quote)
        masked = sentence.text
        if quoted is not None:
            masked = masked[: quoted[0]] + " " * (quoted[1] - quoted[0]) + masked[quoted[1] :]
        words = [m.span() for m in _WORD.finditer(masked)]
        starts = [start for start, _ in words]
        keep = set(range(OPENING_WORDS))
        for verb in ATTRIBUTION_RE.finditer(masked):
            at = bisect_right(starts, verb.start()) - 1
            keep.update(range(at - WORDS_BEFORE_VERB, at + WORDS_FROM_VERB))
            # "Birol, who has led ... since 2015, said" (not ", saying", ", according to": the subject is
            # the sentence's, or follows)
            finite = not verb.group(0).lower().endswith(("ing", "according to"))
            if finite and _AFTER_APPOSITIVE.search(masked, 0, verb.start()):
                clause = max(masked.rfind(mark, 0, verb.start()) for mark in _CLAUSE_MARKS) + 1
                keep.update(range(bisect_right(starts, clause) - 1, at))
        return cls._reading(sentence.text, words, keep, quoted)

    @classmethod
    def opening(cls, sentence: Sentence, name_end: int) -> ModelText:
        """A narrative sentence whose opening name ends before ``name_end`` (where its verb starts)."""
        words = [m.span() for m in _WORD.finditer(sentence.text)]
        verb = bisect_right([start for start, _ in words], name_end) - 1
        return cls._reading(sentence.text, words, set(range(verb + WORDS_FROM_VERB)), None)

    @classmethod
    def _reading(
        cls, text: str, words: list[tuple[int, int]], keep: set[int], quoted: tuple[int, int] | None
    ) -> ModelText:
        read = _whole_names_and_short_gaps(text, words, keep)
        kept: list[list[int]] = []  # the kept words' stretches, as [start, end] in the sentence
        for i, (start, end) in enumerate(words):
            if read[i] and i > 0 and read[i - 1]:
                kept[-1][1] = end
            elif read[i]:
                kept.append([start, end])
        if quoted is not None:  # the quotation's words go even where a stretch spans them
            kept = [
                part for s, e in kept for part in ([s, min(e, quoted[0])], [max(s, quoted[1]), e]) if part[0] < part[1]
            ]
        parts, pieces, cuts, gaps = [], [], [], []
        length = done = 0
        for start, end in [*kept, [len(text), len(text)]]:
            if start > done:  # cut words between ``done`` and ``start``
                is_quotation = quoted == (done, start)
                stand_in = QUOTATION_CUT if is_quotation else "" if start == len(text) else WORDS_CUT
                cuts.append((length, length + len(stand_in), is_quotation))
                parts.append(stand_in)
                length += len(stand_in)
                if not is_quotation:
                    gaps.append((done, start))
            if end > start:
                pieces.append((length, start, end - start))
                parts.append(text[start:end])
                length += end - start
                done = end
        guessed = tuple(_names_in(text, gaps, quoted)) if gaps else ()
        return cls("".join(parts), tuple(pieces), tuple(cuts), guessed)

    @property
    def may_name_someone(self) -> bool:
        """Whether the recogniser has a name to find: a capital letter after the opening word, or in it
        unless it is a function word ("He said ...", "The minister told ..." have none).

        Without one it seldom finds a person or body (on the 200 benchmark articles, the 880 such texts
        gave only numbers, dates and amounts, which attribution does not use), so it is not run on
        them; a name written in lower case ("said bell hooks") is lost.
        """
        first, _, rest = self.text.lstrip(_LEADING_PUNCTUATION + " ").partition(" ")
        if any(char.isupper() for char in rest):
            return True
        return any(char.isupper() for char in first) and first.strip(".,:;!?’'”\"").lower() not in FUNCTION_WORDS

    def spans_cut(self, start: int, end: int) -> bool:
        """True for a span of ``text`` over a stand-in for cut words (no name runs into cut words)."""
        for cut_start, cut_end, is_quotation in self.cuts:
            if is_quotation and start < cut_end <= end:
                return True
            if not is_quotation and start < cut_end and end > cut_start:
                return True
        return False

    def position(self, offset: int) -> int:
        """``offset`` in ``text`` (of a span no cut touches) as an offset in the sentence."""
        for at, start, length in self.pieces:
            if at <= offset <= at + length:
                return start + offset - at
        raise ValueError(f"offset {offset} is in cut words")


def _whole_names_and_short_gaps(text: str, words: list[tuple[int, int]], keep: set[int]) -> list[bool]:
    """Which words to read: those in ``keep``, the rest of a name a kept stretch begins or ends inside
    ("... in Nature | Climate Change", "Department | of Motor Vehicles"), and any gap of fewer than
    ``MIN_GAP_WORDS``. So no name runs from a kept stretch into cut words."""
    read = [i in keep for i in range(len(words))]
    kinds = [_word_kind(text[start:end]) for start, end in words]
    for i in range(len(words) - 1):
        if read[i] and not read[i + 1]:
            for j in _rest_of_name(kinds, i + 1, 1):
                read[j] = True
    for i in range(len(words) - 1, 0, -1):
        if read[i] and not read[i - 1]:
            for j in _rest_of_name(kinds, i - 1, -1):
                read[j] = True
    i = 0
    while i < len(words):
        if read[i]:
            i += 1
            continue
        j = i
        while j < len(words) and not read[j]:
            j += 1
        if j - i < MIN_GAP_WORDS:
            read[i:j] = [True] * (j - i)
        i = j
    return read


def _word_kind(word: str) -> str:
    """ "name": a capitalised word; "joint": a word that may stand inside a name ("of", "von"); else ""."""
    letters = word.lstrip(_LEADING_PUNCTUATION)
    if letters[:1].isupper():
        return "name"
    return "joint" if letters.lower() in _NAME_JOINTS else ""


def _rest_of_name(kinds: list[str], start: int, step: int) -> list[int]:
    """The words from ``start`` on (``step``: 1 rightwards, -1 leftwards) that continue a name: names,
    and joints with a name beyond them."""
    rest: list[int] = []
    i, pending = start, []
    while 0 <= i < len(kinds) and kinds[i]:
        pending.append(i)
        if kinds[i] == "name":
            rest.extend(pending)
            pending = []
        i += step
    return rest


def _quoted_span(sentence: Sentence, quote: Quote | None) -> tuple[int, int] | None:
    """The sentence span of the quotation's words (its marks excluded), if they are to be cut."""
    if quote is None or len(quote.text.split()) < MIN_QUOTE_WORDS:
        return None
    start = quote.start + 1 - sentence.start if quote.start >= sentence.start else 0  # after the opening mark
    end = quote.end - 1 - sentence.start if quote.end <= sentence.end else len(sentence.text)  # before the closing
    return (start, end) if end - start > 1 else None


def _names_in(text: str, gaps: list[tuple[int, int]], quoted: tuple[int, int] | None) -> list[Entity]:
    """Names guessed in the cut words outside the quotation: persons, and companies by their legal form."""
    return [
        e
        for e in guesses(text)
        if any(start <= e.start and e.end <= end for start, end in gaps) and not (quoted and _overlap(e, *quoted))
    ]


def _overlap(entity: Entity, start: int, end: int) -> bool:
    return entity.start < end and entity.end > start
