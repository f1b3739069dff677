"""Phrase lists as prefix-factored regular expressions."""

from __future__ import annotations

import re

import pytest

from claims.extraction.alternation import alternation

PHRASES = "said|says|say|saying|pointed out|point|according to|can't|per cent|©|a.b"


@pytest.mark.parametrize(
    "text",
    [
        "He said so",
        "she says",
        "they say it",
        "saying nothing",
        "as she pointed out",
        "the point is",
        "according to the police",
        "can't stop",
        "ten per cent",
        "© 2026",
        "a.b but not axb",
        "SAID in capitals",
        "assay and sayonara",
        "nothing here",
    ],
)
def test_the_factored_pattern_matches_what_the_plain_alternation_matches(text):
    escaped = "|".join(re.escape(phrase) for phrase in PHRASES.split("|"))
    plain = re.compile(rf"\b(?:{escaped})\b", re.IGNORECASE)
    factored = re.compile(rf"\b{alternation(PHRASES)}\b", re.IGNORECASE)

    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_phrase_that_is_the_start_of_another_still_matches_on_its_own():
    pattern = re.compile(rf"^{alternation('say|says|saying')}$")

    assert [bool(pattern.match(w)) for w in ("say", "says", "saying", "sayi", "sa")] == [True, True, True, False, False]


def test_an_empty_phrase_is_refused_rather_than_matching_everywhere():
    with pytest.raises(ValueError, match="empty phrase"):
        alternation("said||says")
