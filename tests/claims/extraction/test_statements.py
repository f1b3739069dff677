"""Statement normalisation: the assertion without dateline, attribution and quotation marks."""

from __future__ import annotations

import pytest

from claims.extraction.statements import normalize_statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        (
            "BRUSSELS — NATO chief Mark Rutte confirmed on Tuesday that allies will decide separately.",
            "Allies will decide separately.",
        ),
        (
            "“This will be dealt with separately,” the head of the alliance said at a press conference.",
            "This will be dealt with separately.",
        ),
        (
            "The port handled 4.2 million containers in 2025, port director Erik Holm said on Wednesday.",
            "The port handled 4.2 million containers in 2025.",
        ),
        ("Prices rose 4% in March, said Jane Doe.", "Prices rose 4% in March."),
        ("the storm killed 12 people", "The storm killed 12 people."),
    ],
)
def test_the_statement_is_the_assertion_alone(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        (
            "“The plant built 38 jets in October,” Kelly Ortberg said, “and 42 in November.”",
            "The plant built 38 jets in October, and 42 in November.",
        ),
        (
            "“But,” Alito continued, as he addressed Prelogar, “is it not the case that vaccines have risks?”",
            "But, is it not the case that vaccines have risks?",
        ),
    ],
)
def test_a_quotation_interrupted_by_its_attribution_is_the_whole_statement(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        (
            "“I like to go in front of judges,” Prelogar said about the experience on NPR’s “Wait, Wait”",
            "I like to go in front of judges.",
        ),
        (
            "“He is brilliant,” an Iowa Republican said, adding that Pence “should be the candidate.”",
            "He is brilliant.",
        ),
    ],
)
def test_a_later_quotation_not_set_off_by_a_comma_is_not_part_of_the_statement(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        ("Ortberg replied that the plant had built 38 jets.", "The plant had built 38 jets."),
        (
            "Prices continued to rise so fast that 38 shops closed.",
            "Prices continued to rise so fast that 38 shops closed.",
        ),
        ("Ortberg responded that way to 14 questions.", "Ortberg responded that way to 14 questions."),
    ],
)
def test_a_verb_of_reply_is_an_attribution_only_before_a_that_clause(sentence, statement):
    assert normalize_statement(sentence) == statement
