"""Sentence splitting and quotations."""

from __future__ import annotations

import re

import pytest

from claims.extraction.sentences import find_quotes, quote_for, split_sentences


def test_offsets_point_into_the_text():
    text = "Gen. Smith arrived in the U.S. on Dec. 2 at 10 a.m. local time. He left a day later.\nNext line"

    sentences = split_sentences(text)

    assert [s.text for s in sentences] == [
        "Gen. Smith arrived in the U.S. on Dec. 2 at 10 a.m. local time.",
        "He left a day later.",
        "Next line",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert sentences[-1].whole_line is True
    assert sentences[0].whole_line is False


def test_a_quotation_spanning_two_sentences_stays_one_quote():
    text = "She said, “We start today. The rest follows in May,” adding that 40 staff were hired."

    sentences = split_sentences(text)
    quotes = find_quotes(text)

    assert [s.text for s in sentences] == [
        "She said, “We start today.",
        "The rest follows in May,” adding that 40 staff were hired.",
    ]
    assert len(quotes) == 1
    assert quotes[0].text == "We start today. The rest follows in May,"
    assert quote_for(sentences[0], quotes) == quote_for(sentences[1], quotes) == quotes[0]


def test_closing_and_opening_quotation_marks_stay_with_their_sentence():
    text = "“You need two to tango,” he said. “We need Russians to tango.”"

    sentences = split_sentences(text)

    assert [s.text for s in sentences] == ["“You need two to tango,” he said.", "“We need Russians to tango.”"]
    assert [q.text for q in find_quotes(text)] == ["You need two to tango,", "We need Russians to tango."]


def test_a_sentence_without_quotation_has_no_quote():
    text = "Prices rose 4% in March."

    assert quote_for(split_sentences(text)[0], find_quotes(text)) is None


def test_a_line_without_an_inner_stop_skips_the_segmenter_with_the_same_result(monkeypatch):
    from claims.extraction import sentences as module
    from tests.support.articles import article_text

    lines = [
        "Mark Rutte put Russian deaths in the war at roughly 20,000 a month.",
        "“We need the companies at the table.”",
        "Headline without a full stop",
        "Prices rose 3.5% in Jan. and Feb. while the bank waited. It then acted!",
        "Hello!World",
        "Hello？World again",
        "The plan has 1) a ceasefire 2) a vote and a) one b) two parts",
    ]
    texts = [*lines, "\n".join(lines), article_text("guidance.txt")]
    fast = [split_sentences(t) for t in texts]

    monkeypatch.setattr(module, "_POSSIBLE_BOUNDARY", re.compile(""))  # every line through pysbd
    assert [split_sentences(t) for t in texts] == fast
    assert len(fast[3]) == 2 and len(fast[4]) == 2 and len(fast[5]) == 2
    assert len(fast[6]) > 1


@pytest.mark.parametrize(
    "line",
    [
        "Yes. Yes. Yes.",
        "Gen. Smith said so. Gen. Smith said so. Then he left.",
        "Mr. A. B. Carter left at 5 p.m. on Jan. 3. U.S. troops came.",
        "Wait... what? Wait... what! No.",
        "The plan has 1) a ceasefire 2) a vote. It passed.",
        "  Leading spaces. And a second sentence.  ",
    ],
)
def test_sentence_offsets_are_where_pysbd_itself_puts_them_even_when_a_sentence_repeats(line):
    from claims.extraction.sentences import _segmenter, _sentence_spans

    pysbd_spans = [(s.start, s.start + len(s.sent.rstrip())) for s in _segmenter().segment(line)]

    assert _sentence_spans(line) == pysbd_spans
    assert len(pysbd_spans) > 1
