"""The stance suggester: a transparent lexical method, always labelled a suggestion."""

from __future__ import annotations

import pytest

from sources.stance import StanceLabel, stance_suggest

CLAIM = "Riverton replaced 4,000 lead pipes in 2023."


@pytest.mark.parametrize(
    ("passage", "label"),
    [
        ("The audit confirmed that Riverton replaced 4,000 lead pipes during 2023.", StanceLabel.SUPPORTS),
        ("Residents say the figure is false: Riverton replaced only 1,200 lead pipes in 2023.", StanceLabel.REFUTES),
        ("The council said Riverton never replaced 4,000 lead pipes in 2023.", StanceLabel.REFUTES),
        ("Riverton still has 9,000 lead pipes in older neighbourhoods.", StanceLabel.CONTEXT),
        ("The harbour ferry will raise fares in March.", StanceLabel.UNKNOWN),
    ],
)
def test_it_suggests_a_stance_with_a_reason(passage, label):
    suggestion = stance_suggest(claim=CLAIM, passage=passage)
    assert suggestion.label == label
    assert suggestion.suggested is True
    assert "claim words" in suggestion.reason


def test_a_negated_claim_is_supported_by_a_negated_passage():
    suggestion = stance_suggest(
        claim="There is no consensus within NATO for Ukraine to join.",
        passage="Rutte said there was no consensus among NATO allies for Ukraine to join.",
    )
    assert suggestion.label == StanceLabel.SUPPORTS


def test_a_claim_without_content_words_is_unknown():
    suggestion = stance_suggest(claim="It is what it is.", passage="Anything at all.")
    assert suggestion.label == StanceLabel.UNKNOWN and suggestion.overlap == 0
