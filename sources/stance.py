"""Machine-suggested stance of a passage towards a claim: supports, refutes, context or unknown.

Always a SUGGESTION for a reviewer, never a decision (docs/ranking.md, "Stance suggestion"). The method
is deliberately simple and explainable, so a reviewer can see why it said what it said:

1. Content words of the claim (stop words dropped, crude stemming: a shared 5-letter prefix) are
   looked up in the passage. ``overlap`` = share of the claim's content words the passage contains.
2. Polarity: a claim or a passage is "negative" when a negation cue (not, no, never, denied, ruled
   out, ...) stands within ``CUE_WINDOW`` words before a matched content word.
3. Decision: a refutation cue (false, denied, debunked, ...) next to matched words -> refutes;
   overlap >= ``SUPPORT_OVERLAP`` with opposite polarity -> refutes; the same overlap with equal
   polarity -> supports, unless the claim has figures and the passage none of them (-> context);
   overlap >= ``CONTEXT_OVERLAP`` -> context; otherwise unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

SUPPORT_OVERLAP = 0.5
CONTEXT_OVERLAP = 0.4
CUE_WINDOW = 4
STEM_LENGTH = 5

STOP_WORDS = frozenset(
    """a an the and or of to in on at for from by with within into about as is are was were be been being
    has have had do does did will would shall should can could may might must this that these those it its
    their there then than which who whom whose what when where why how all any each also just only said says
    say after before over under again more most other some such very s""".split()
)
NEGATION_CUES = frozenset(
    """not no never none nobody nothing neither nor without lack lacks lacking absent cannot can't won't
    isn't aren't wasn't weren't doesn't don't didn't hasn't haven't hadn't""".split()
)
REFUTATION_CUES = frozenset(
    """false untrue incorrect inaccurate misleading denied denies deny debunked refuted refutes fabricated
    baseless wrong contrary""".split()
)
WORD = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z][A-Za-z0-9'’-]*")  # "4,000" stays one word


class StanceLabel(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StanceSuggestion:
    """A suggested label with the evidence for it, for display next to the label."""

    label: StanceLabel
    overlap: float
    reason: str
    suggested: bool = True  # always: a machine suggestion, not a reviewer's decision


def stance_suggest(*, claim: str, passage: str) -> StanceSuggestion:
    """Suggest the stance of ``passage`` towards ``claim`` (see the module docstring for the method)."""
    claim_words = _words(claim)
    passage_words = _words(passage)
    content = sorted({_stem(w) for w in claim_words if _is_content(w)})
    if not content:
        return StanceSuggestion(StanceLabel.UNKNOWN, 0.0, "the claim has no content words")
    passage_stems = {_stem(w) for w in passage_words}
    matched = {stem for stem in content if stem in passage_stems}
    overlap = len(matched) / len(content)
    label, why = _decide(claim_words, passage_words, content, matched, overlap)
    return StanceSuggestion(label, overlap, f"shares {len(matched)}/{len(content)} claim words{why}")


def _decide(
    claim_words: list[str], passage_words: list[str], content: list[str], matched: set[str], overlap: float
) -> tuple[StanceLabel, str]:
    if overlap < CONTEXT_OVERLAP:
        return StanceLabel.UNKNOWN, ""
    refuting = _cue_near(passage_words, matched, REFUTATION_CUES)
    if refuting:
        return StanceLabel.REFUTES, f"; refutation cue '{refuting}'"
    if overlap < SUPPORT_OVERLAP:
        return StanceLabel.CONTEXT, ": on topic, not a restatement"
    claim_negated = _cue_near(claim_words, matched, NEGATION_CUES)
    passage_negated = _cue_near(passage_words, matched, NEGATION_CUES)
    if bool(claim_negated) != bool(passage_negated):
        where = "claim" if claim_negated else "passage"
        return StanceLabel.REFUTES, f"; only the {where} is negated ('{claim_negated or passage_negated}')"
    numbers = [stem for stem in content if stem[0].isdigit()]
    if numbers and not matched.intersection(numbers):
        return StanceLabel.CONTEXT, " but none of its figures"
    return StanceLabel.SUPPORTS, " with the same polarity"


def _words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in WORD.findall(text)]


def _is_content(word: str) -> bool:
    return word not in STOP_WORDS and word not in NEGATION_CUES and (len(word) > 2 or word.isdigit())


def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    return word[:STEM_LENGTH]


def _cue_near(words: list[str], stems: set[str], cues: frozenset[str]) -> str:
    """The first cue that stands at most ``CUE_WINDOW`` words before a word with one of ``stems``."""
    for index, word in enumerate(words):
        if word in cues:
            following = words[index + 1 : index + 1 + CUE_WINDOW]
            if any(_stem(w) in stems for w in following):
                return word
    return ""
