"""Sentences with character offsets, and quotations that may span several sentences.

pysbd handles abbreviations ("Gen.", "U.S.", "Dec. 2"). It also refuses to split inside a quotation,
which would glue an idiom and a factual report into one sentence ("You have to start from somewhere.
It is necessary ..., stressing that the delegations met in Geneva"). So sentences are split on a copy
of the text with the quotation marks masked (same length, so offsets hold), and quotations are found
separately on the original text: a quotation that spans two sentences stays one quote, and both
sentences carry it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

QUOTE_MARKS = '“”„"'
_MASK = str.maketrans(dict.fromkeys(QUOTE_MARKS, " "))
# Paired curly quotes, or straight double quotes; a quotation never crosses a paragraph break.
_QUOTE_RE = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"|„([^“”\n]+)[“”]")


# A quotation in single marks (British style: ‘We built 40 bridges,’ she said): an opening ‘ that no
# letter precedes and a letter or figure follows (not a decade or a year: ‘90s, ‘97), words with at least one space,
# and a closing ’ right after a stop or comma, or right before punctuation or the line's end. Inside,
# ’ between letters is an apostrophe (don’t) and s’ before a space a plural possessive (the teachers’
# pay). Lines with double marks are left alone: there single marks are quotations inside a quotation
# or titles.
_IN_SINGLE = r"(?:[^‘’\n]|’(?=\w)|(?<=s)’(?=\s))"
_SINGLE_QUOTED = re.compile(
    rf"(?<![\w’])‘(?=\w)(?!\d\d(?:s\b|\s))({_IN_SINGLE}*?\s{_IN_SINGLE}*?)(?:(?<=[,.!?])’(?!\w)|’(?=[,.;:!?)\]]|$))",
    re.MULTILINE,
)
_DOUBLE_MARKS = re.compile('[“”„"]')


def double_quoted(text: str) -> str:
    """``text`` with quotations in single marks written in double ones (same length, same offsets), on
    lines that have no double marks, so that quotation, speaker and statement rules read them alike."""
    if "‘" not in text:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "‘" in line and not _DOUBLE_MARKS.search(line):
            lines[index] = _SINGLE_QUOTED.sub(lambda m: f"“{m.group(1)}”", line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Sentence:
    """``text == article_text[start:end]``; ``whole_line`` is true when the sentence is its own line."""

    start: int
    end: int
    text: str
    whole_line: bool
    line_index: int


@dataclass(frozen=True)
class Quote:
    """A verbatim quotation: ``text`` is between the marks, ``start``/``end`` include the marks."""

    start: int
    end: int
    text: str


# pysbd builds several hundred regular expressions from strings on every call, more than the 512 that
# the ``re`` module caches, so each article recompiled most of them (half of pysbd's time). A larger
# cache keeps them compiled; ``_MAXCACHE`` is the module's own knob (present in CPython 3.7-3.13).
RE_CACHE_SIZE = 4096


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    if getattr(re, "_MAXCACHE", RE_CACHE_SIZE) < RE_CACHE_SIZE:
        re._MAXCACHE = RE_CACHE_SIZE
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    segmenter.language_module = _english_skipping_unstopped_abbreviations(segmenter.language_module)
    return segmenter


def _english_skipping_unstopped_abbreviations(english):
    """pysbd's English, with an abbreviation pass that skips abbreviations no full stop follows.

    For each of its 188 abbreviations found anywhere in a line ("p", "is", "me", "co" are in most),
    pysbd's ``search_for_abbreviations_in_string`` finds every word that starts with it and runs a
    substitution over the whole line for each: about half of its splitting time. Every substitution
    only replaces the full stop right after the abbreviation ("Gen." -> "Gen∯"), so where the line has
    no such stop, all of them leave it as it was. This pass runs pysbd's own loop, but first asks,
    with the same case-insensitive matching, whether the abbreviation is followed by a stop anywhere
    in the line. Abbreviations with other characters than letters ("e.g", "u.s"), which pysbd puts
    into its patterns unescaped, take pysbd's path unchanged. Sentences and offsets are the same as
    pysbd's own (tested against it); splitting is about 1.4 times faster.
    """

    class AbbreviationReplacer(english.AbbreviationReplacer):
        def search_for_abbreviations_in_string(self, text: str) -> str:
            lowered = text.lower()
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped not in lowered:
                    continue
                if stripped.isalpha() and not re.search(stripped + r"\.", text, flags=re.IGNORECASE):
                    continue  # no "<abbreviation>." in the line: nothing to replace
                # From here on, pysbd 0.3.4's own loop body.
                abbrev_match = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
                if not abbrev_match:
                    continue
                char_array = re.findall(r"(?<={" + re.escape(stripped) + "} ).{1}", text)
                for index, match in enumerate(abbrev_match):
                    text = self.scan_for_replacements(text, match, index, char_array)
            return text

    return type("English", (english,), {"AbbreviationReplacer": AbbreviationReplacer})


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, stripped, with offsets into ``text``; line breaks always split."""
    sentences: list[Sentence] = []
    offset = 0
    for line_index, line in enumerate(text.split("\n")):
        if line.strip():
            sentences.extend(_split_line(line, offset, line_index))
        offset += len(line) + 1
    return sentences


# Where pysbd can split a line: a stop, question or exclamation mark (ASCII or full-width) before the
# line's end, or an inline list ("1) first 2) second", "a) one b) two").
_POSSIBLE_BOUNDARY = re.compile(r"[.!?…。．！？](?=.*[^\s.!?…。．！？])|(?:^|\s)(?:\d{1,2}|[a-zA-Z]|[ivxIVX]+)\)\s")


def _split_line(line: str, offset: int, line_index: int) -> list[Sentence]:
    masked = line.translate(_MASK)
    if _POSSIBLE_BOUNDARY.search(masked):
        spans = _sentence_spans(masked)
    else:
        spans = [(0, len(masked))]  # no possible boundary: one sentence
    out = []
    for span_start, span_end in spans:
        start, end = _widen_to_quote_marks(line, *_strip_span(masked, span_start, span_end))
        if end > start:
            out.append(Sentence(offset + start, offset + end, line[start:end], False, line_index))
    if len(out) == 1:
        only = out[0]
        out[0] = Sentence(only.start, only.end, only.text, True, line_index)
    return out


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """pysbd's sentences of ``line`` with their offsets.

    pysbd's ``segment`` finds each sentence again in the text through a regular expression made of it,
    compiled anew for every sentence (about a seventh of the whole pipeline's time). Its sentences come
    in order, so ``str.find`` from the end of the one before finds the same places.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in _segmenter().processor(line).process():
        start = line.find(sentence, position)
        if start < 0:  # not in the text as it stands: pysbd's ``segment`` drops it too
            continue
        position = start + len(sentence)
        spans.append((start, position))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _widen_to_quote_marks(line: str, start: int, end: int) -> tuple[int, int]:
    """Give back the opening mark before a sentence and the closing mark after it (masked as spaces)."""
    if start > 0 and line[start - 1] in '“„"':
        start -= 1
    if end < len(line) and line[end] in '”"' and (end + 1 == len(line) or not line[end + 1].isalnum()):
        end += 1
    return start, end


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text`` with its span (marks included) and verbatim content."""
    quotes = []
    for match in _QUOTE_RE.finditer(text):
        content = next(group for group in match.groups() if group is not None)
        quotes.append(Quote(match.start(), match.end(), content.strip()))
    return quotes


def quote_for(sentence: Sentence, quotes: list[Quote]) -> Quote | None:
    """The longest quotation overlapping ``sentence`` (one that spans sentences is returned whole)."""
    overlapping = [q for q in quotes if q.start < sentence.end and q.end > sentence.start]
    return max(overlapping, key=lambda q: len(q.text), default=None)
