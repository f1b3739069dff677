"""Sentence splitting and quotations."""

from __future__ import annotations

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
