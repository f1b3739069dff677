"""A claim's statement: the sentence with its dateline, attribution and quotation marks removed.

"NATO Secretary General Mark Rutte confirmed today, Tuesday, that any point ... alliance." becomes
"Any point ... alliance."; "“This will be dealt with separately,” the head of the alliance said at a
press conference." becomes "This will be dealt with separately." The speaker is kept separately on
the claim, so the statement reads as the assertion to be checked.
"""

from __future__ import annotations

import re

from claims.extraction.alternation import alternation
from claims.extraction.checkworthiness import ATTRIBUTION_VERBS, CLAUSE_AFTER_THAT, REPLY_VERBS, SPEECH_VERBS

_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:\([^)]*\))?\s*[—–-]\s+")
# "said on Tuesday that"; "replied that" right after the verb, and before a clause only: not "prices
# continued to rise so fast that", "responded that way".
_REPLY_VERBS = alternation("|".join(sorted(REPLY_VERBS)))
_LEADING_THAT = re.compile(
    rf"^[^,;“\"]{{0,120}}?\b(?:(?:{SPEECH_VERBS})\b(?:\s+\w+){{0,3}}?(?:,[^,]{{0,40}},)?\s+that\s+"
    rf"|(?:{_REPLY_VERBS})\b(?:,[^,]{{0,40}},)?\s+(?={CLAUSE_AFTER_THAT})that\s+)",
    re.IGNORECASE,
)
_QUOTE_THEN_ATTRIBUTION = re.compile(
    rf"^[“\"](?P<quote>[^”\"]+?)(?P<mark>[,.]?)[”\"]\s*,?\s*(?:[\w’' -]{{1,60}}?)\s+(?:{ATTRIBUTION_VERBS})\b"
    # "“But,” Alito continued, as he addressed Prelogar, “is it not the case ...?”": after a comma, the
    # quotation goes on to the end ("said on NPR’s “Wait, Wait”", "adding that Pence “should” ..." do not).
    rf"(?:[^“”\"]*,\s*[“\"](?P<rest>[^”\"]+)[”\"]?\s*$)?.*$",
    re.IGNORECASE,
)
# ", port director Erik Holm said on Wednesday." / ", Rutte said." / ", said Rutte." at the end.
_WHEN = r"(?:\s+(?:on|in|at|last|this|late|early|earlier|later)\b[^,.;]{0,40})?"
_TRAILING_ATTRIBUTION = re.compile(
    rf",\s*(?:[A-Za-z][\w’'.-]*\s+){{0,5}}?(?:[A-Z][\w’'-]+|he|she|they|the\s+(?:[\w’'-]+\s+){{0,4}}?[\w’'-]+)\s+(?:{ATTRIBUTION_VERBS}){_WHEN}\s*\.?$"
    rf"|,\s*(?:{ATTRIBUTION_VERBS})\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*{_WHEN}\s*\.?$",
)

_QUOTE_MARKS = re.compile(r"[“”\"]")
_SPACES = re.compile(r"\s+")


def normalize_statement(sentence: str) -> str:
    """The assertion in ``sentence``, as a capitalised sentence ending with a full stop."""
    text = _DATELINE_PREFIX.sub("", sentence.strip())
    quoted = _QUOTE_THEN_ATTRIBUTION.match(text)
    if quoted:
        quote, mark, rest = quoted.group("quote", "mark", "rest")
        text = f"{quote}{mark} {rest}" if rest else quote
    else:
        text = _TRAILING_ATTRIBUTION.sub("", text)
        text = _LEADING_THAT.sub("", text, count=1)
    text = _QUOTE_MARKS.sub("", text)
    text = _SPACES.sub(" ", text).strip(" ,;:–—-")
    if not text:
        return sentence.strip()
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."
