"""Machine-suggested stance of a passage towards a claim: supports, refutes, context or unknown.

Always a SUGGESTION for a reviewer, never a decision (docs/ranking.md, "Stance suggestion"). The method
is deliberately simple and explainable, so a reviewer can see why it said what it said:

1. Content words of the claim (stop words dropped, crude stemming: a shared 5-letter prefix) are
   looked up in the passage. ``overlap`` = share of the claim's content words the passage contains.
2. Polarity: a claim or a passage is "negative" when a negation cue (not, no, never, denied, ruled
   out, ...) stands within ``CUE_WINDOW`` words before a matched content word.
3. Decision: overlap >= ``SUPPORT_OVERLAP`` with equal polarity -> supports; the same overlap with
   opposite polarity, or a refutation cue (false, denied, debunked, ...) next to matched words ->
   refutes; overlap >= ``CONTEXT_OVERLAP`` -> context; otherwise unknown.
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
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


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
    passage_stems = [_stem(w) for w in passage_words]
    matched = [stem for stem in content if stem in passage_stems]
    overlap = len(matched) / len(content)
    if overlap < CONTEXT_OVERLAP:
        return StanceSuggestion(StanceLabel.UNKNOWN, overlap, f"shares {len(matched)}/{len(content)} claim words")
    shared = f"shares {len(matched)}/{len(content)} claim words"
    refuting = _cue_near(passage_words, set(matched), REFUTATION_CUES)
    if refuting:
        return StanceSuggestion(StanceLabel.REFUTES, overlap, f"{shared}; refutation cue '{refuting}'")
    if overlap < SUPPORT_OVERLAP:
        return StanceSuggestion(StanceLabel.CONTEXT, overlap, f"{shared}: on topic, not a restatement")
    claim_negated = _cue_near(claim_words, set(matched), NEGATION_CUES)
    passage_negated = _cue_near(passage_words, set(matched), NEGATION_CUES)
    if bool(claim_negated) != bool(passage_negated):
        cue = claim_negated or passage_negated
        where = "claim" if claim_negated else "passage"
        return StanceSuggestion(StanceLabel.REFUTES, overlap, f"{shared}; only the {where} is negated ('{cue}')")
    return StanceSuggestion(StanceLabel.SUPPORTS, overlap, f"{shared} with the same polarity")


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
