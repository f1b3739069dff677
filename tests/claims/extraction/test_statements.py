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
