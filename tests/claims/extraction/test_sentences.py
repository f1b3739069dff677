"""Sentence splitting and quotations."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _stock_pysbd_sentences(line: str) -> list[str]:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False).processor(line).process()


ABBREVIATION_LINES = [
    "Gen. Smith met Sen. Jones at 5 p.m. on Jan. 3. U.S. troops came. Then they left.",
    "See p. 5 and pp. 10-12, art. 3 and No. 7. The co. is in Mt. Vernon, Ill. It grew.",
    "Prof. Lee (Ph.D.) cited e.g. the data, i.e. the survey. St. Louis voted. Dr. No left.",
    "The Co. said so. The company said so. Is it? Me. Man. May. Ill. Pa. Va. Wash. It is.",
    "KY. Ky. ky. \u212ay. Mr\u212a. ſt. Louis and ſt. more. The ſtudy ended.",
    "The first ſt. more came. The \u212ay. and \u212ay. then. Okay. It ended.",
    "The man is ill. The ill man is me. No one came. The plan is no. 1 in Pa.",
    "Oct. 3 was a Mon. and Sept. 4 a Tue. Rev. Al Sharpton spoke. Fig. 2 shows it.",
]


@pytest.mark.parametrize("line", ABBREVIATION_LINES)
def test_abbreviations_are_handled_exactly_as_pysbd_handles_them(line):
    from claims.extraction.sentences import _segmenter

    ours = _segmenter().processor(line).process()

    assert ours == _stock_pysbd_sentences(line)
    assert len(ours) > 2


# Abbreviations with and without their stop, in both cases and in look-alike letters (long s, Kelvin
# sign), between words that contain them ("first" holds "st", "okay" holds "ky").
_WORDS = (
    "Gen. gen Sen. p. P. pp. No. no no. is is. me. Me co. Co. Inc. Mt. St. ſt. \u212ay. U.S. e.g. i.e. Ph.D. "
    "Jan. 5 10. (3) Smith the said first okay more The It man. ill. a.m. p.m. v. vs. Fig. “Yes.” etc. — ? !"
).split()


@given(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=30))
@settings(max_examples=300, deadline=None)
def test_any_line_of_abbreviations_splits_as_pysbd_splits_it(words):
    from claims.extraction.sentences import _segmenter

    line = " ".join(words)

    assert _segmenter().processor(line).process() == _stock_pysbd_sentences(line)
