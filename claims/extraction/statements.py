"""A claim's statement: the sentence with its dateline, attribution and quotation marks removed.

"NATO Secretary General Mark Rutte confirmed today, Tuesday, that any point ... alliance." becomes
"Any point ... alliance."; "“This will be dealt with separately,” the head of the alliance said at a
press conference." becomes "This will be dealt with separately." The speaker is kept separately on
the claim, so the statement reads as the assertion to be checked.
"""

from __future__ import annotations

import re

from claims.extraction.checkworthiness import (
    ATTRIBUTION_RE,
    CLAUSE_AFTER_THAT,
    FINITE_VERB,
    MONTHS,
    REPLY_VERB_PATTERN,
    SPEECH_VERBS,
    WEEKDAYS,
)
from claims.extraction.speakers.patterns import COLON_ATTRIBUTION

_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:\([^)]*\))?\s*[—–-]\s+")
# "said on Tuesday that"; "replied that" right after the verb, and before a clause only: not "prices
# continued to rise so fast that", "responded that way".
_LEADING_THAT = re.compile(
    rf"^[^,;“\"]{{0,120}}?\b(?:(?:{SPEECH_VERBS})\b(?:\s+\w+){{0,3}}?(?:,[^,]{{0,40}},)?\s+that\s+"
    rf"|(?:{REPLY_VERB_PATTERN})\b(?:,[^,]{{0,40}},)?\s+(?={CLAUSE_AFTER_THAT})that(?:\s*,[^,]{{0,40}},)?\s+)",
    re.IGNORECASE,
)
# "Rutte told the crowd: “Unemployment fell ...”", "The ministry said in a statement on Monday: ...": the
# attribution ends at the colon (``COLON_ATTRIBUTION``: whom it was said to and when, nothing more).
_LEADING_COLON = re.compile(
    rf"^(?:(?:However|Yet|Now),\s*|(?:But|And|Yet|Now)\s+)?(?P<subject>[^,;:“”\"]{{1,80}}?)\s+"
    rf"(?:(?:also|later|then|again)\s+)?{COLON_ATTRIBUTION}\s+(?=\S)",
    re.IGNORECASE,
)
# A verb of reply closes an attribution only when a comma, a full stop or the end follows it: "“...,”
# Ortberg responded." but not "“Hamilton” on Broadway continued to sell out", "crews continued to work".
_CLOSING_VERB = rf"(?:(?:{SPEECH_VERBS})\b|(?P<reply>{REPLY_VERB_PATTERN})\b(?=\s*(?:[,.;!?]|$)))"
# Who said the quotation before the verb: a few words ("Senator Jane Doe", "the head of the alliance"),
# or a noun and its appositive set off by commas ("her mother, Fiona,", "Edward Arens, the project's
# investigator,"), taken only after a quotation that ends in a comma, "?" or "!" inside its marks, and
# when only where and when follow the verb (``_ATTRIBUTION_TAIL``): not "“Yes,” the mayor, Jane Doe,
# confirmed the city had spent $4 million", "“Hamilton,” the musical, a hit since 2015, reported ...".
_QUOTED_SPEAKER = (
    r"(?:(?:her|his|their|its|the|an?)\s+[\w’' .-]{1,40}?,\s+[\w’' .-]{1,40}?,"
    r"|(?-i:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+(?:the|an?|his|her|their)\s+[\w’' .-]{1,50}?,"
    r"|[\w’' -]{1,60}?)"
)
_ATTRIBUTION_TAIL = re.compile(
    r"\s*(?:[,.;!?]|$|(?:on|in|at|during|to|yesterday|today|tonight|earlier|later|last|this|when|after|as|while"
    rf"|{WEEKDAYS}|{MONTHS})\b)"
)
_QUOTE_THEN_ATTRIBUTION = re.compile(
    rf"^[“\"](?P<quote>[^”\"]+?)(?P<mark>[,.]?)[”\"]\s*,?\s*(?:(?P<subject>{_QUOTED_SPEAKER})\s+)?(?P<verb>{_CLOSING_VERB})"
    # "“But,” Alito continued, as he addressed Prelogar, “is it not the case ...?”": the quotation may go on
    # after a comma, to the end (``_goes_on``).
    rf"(?:(?P<gap>[^“”\"]*),\s*[“\"](?P<rest>[^”\"]+)[”\"]?[.!?]?\s*$)?.*$",
    re.IGNORECASE,
)
# ", port director Erik Holm said on Wednesday." / ", Rutte said." / ", said Rutte." at the end. A verb of
# reply only right after a quotation's closing mark ("The plant built 38 jets, “a record,” Ortberg
# responded."; not "... “a scandal,” and Ortberg responded."): "Sales fell in October, and the decline
# continued." is a whole statement.
_WHEN = r"(?:\s+(?:on|in|at|last|this|late|early|earlier|later)\b[^,.;]{0,40})?"


def _trailing_attribution(verbs: str, after: str) -> re.Pattern:
    return re.compile(
        rf"{after}\s*(?:[A-Za-z][\w’'.-]*\s+){{0,5}}?(?:[A-Z][\w’'-]+|he|she|they|the\s+(?:[\w’'-]+\s+){{0,4}}?[\w’'-]+)\s+(?:{verbs}){_WHEN}\s*\.?$"
        rf"|{after}\s*(?:{verbs})\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*{_WHEN}\s*\.?$",
    )


_TRAILING_ATTRIBUTION = _trailing_attribution(SPEECH_VERBS, ",")
_TRAILING_REPLY = _trailing_attribution(REPLY_VERB_PATTERN, r'(?<=[,!?][”"])(?!\s*(?:and|but|or)\b)')

# "Rutte said any NATO-related parts ...": a speech verb with no "that" after the speaker's mention (the
# ``subject``), then a clause: a subject word and, within a few words and no conjunction, a finite verb.
# Not "He said goodbye", "She said it best", "He said the word twice as he walked".
_IRREGULAR_PAST = (
    "felt|made|got|took|saw|went|came|knew|thought|told|found|gave|kept|left|lost|met|paid|put|ran|sent|set|"
    "spent|stood|won|held|led|built|bought|brought|fell|rose|hit|cut|began|became|grew|drew|wrote|spoke|sold"
)
_FINITE = rf"(?:{FINITE_VERB}|(?:{_IRREGULAR_PAST})\b)"
_CLAUSE_START = (
    r"(?:[a-z]+ly,?\s+)?"
    r"(?:(?:(?i:the|a|an|his|her|its|their|our|my|this|these|those|no|some|all|most|many|every|each|any|"
    rf"there|we|they|i|you|he|she|it)|(?!(?:{MONTHS}|May|{WEEKDAYS})\b)[A-Z][\w’'.-]*|[$\d][\d,.]*)\s+"
    r"(?:(?!(?:as|when|while|because|after|before|if|and|but|or|then|who|which|than)\b)\S+\s+){0,6}?"
    rf"{_FINITE}"
    r"|(?i:he|she|it)\s+(?:[a-z]+ly\s+)?[a-z]+s\b)"
)
_SAID_WHEN = (
    rf"(?:\s+(?:on\s+)?(?:(?:{MONTHS})(?:\s+\d{{1,2}})?|{WEEKDAYS})"
    r"|\s+(?:today|yesterday|tonight|earlier|later|late\s+on\s+\w+|(?:last|this)\s+(?:week|month|year)"
    r"|in\s+an?\s+(?:statement|interview|speech|letter|post|tweet|briefing)))*"
)
_LEADING_SAID = re.compile(
    r"^(?:(?:However|Yet|Now),\s*|(?:But|And|Yet|Now)\s+)?(?P<subject>[^,;:“”\"]{1,80}?)"
    r"\s+(?:(?:also|later|then|again|has|have|had|[a-z]+ly)\s+)*(?:said|says|stated|states|added|adds)"
    rf"{_SAID_WHEN}\s+(?={_CLAUSE_START})"
)
# Title words before the mention the speaker was found by: "Commission President Ursula von der Leyen".
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# Not "When", "After", "Because" ...: "After Tom Hale said: ..." is not a title before his name.
_TITLE_BEFORE_MENTION = re.compile(
    r"(?:(?!(?i:when|after|before|if|as|because|since|while|although|though|until|once|unless|where|what|why|how|"
    r"that|then|so|and|but|yet|now|however)\b)[A-Z][\w’'.-]*\s+){1,3}"
)

_QUOTE_MARKS = re.compile(r"[“”\"]")
_PRONOUN_I = re.compile(r"I\b")
_SPACES = re.compile(r"\s+")
# Punctuation and list markers left at either end; not the minus of "-5 degrees".
_EDGES = re.compile(r"^(?:[ ,;:–—•*▪]|-(?!\d))+|[ ,;:–—•*▪-]+$")


def normalize_statement(sentence: str, mention: str | None = None) -> str:
    """The assertion in ``sentence``, as a capitalised sentence ending with a full stop.

    ``mention``: the words the sentence names its speaker by ("Rutte", "He", "The secretary general"),
    so that "Rutte said any NATO-related parts ..." without a "that" loses its attribution too.
    """
    text = _DATELINE_PREFIX.sub("", sentence.strip())
    quoted = _QUOTE_THEN_ATTRIBUTION.match(text)
    if (
        quoted
        and (quoted.group("reply") or not quoted.group("subject") or "," in quoted.group("subject"))
        and not (quoted.group("mark") or quoted.group("quote").endswith(("?", "!")))
    ):
        quoted = None  # "“Hamilton” on Broadway continued, selling ...": a title, not a quotation
    elif quoted and "," in (quoted.group("subject") or "") and not _ATTRIBUTION_TAIL.match(text, quoted.end("verb")):
        quoted = None  # "“Yes,” the mayor, Jane Doe, confirmed the city had spent ...": a claim follows
    if quoted:
        quote, mark, gap, rest = quoted.group("quote", "mark", "gap", "rest")
        text = f"{quote}{mark} {rest}" if _goes_on(mark, gap, rest) else quote
    else:
        text = _TRAILING_REPLY.sub("", _TRAILING_ATTRIBUTION.sub("", text))
        without_that = _LEADING_THAT.sub("", text, count=1)
        text = without_that if without_that != text or not mention else _without_leading_said(text, mention)
    text = _QUOTE_MARKS.sub("", text)
    text = _EDGES.sub("", _SPACES.sub(" ", text))
    if not text:
        return sentence.strip()
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _goes_on(mark: str, gap: str | None, rest: str | None) -> bool:
    """The quotation after the attribution continues the one before: the first part ends in a comma, the
    second begins in lower case ("“..., ” he added, “but ...”"), and no one else speaks in between. Not
    "“We will win,” Trump said, as supporters shouted, “Four more years!”", "“Prices are rising,” Ortberg
    said, and Senator Cruz replied, “They are not.”"."""
    if not rest or mark != ",":
        return False
    return (rest[0].islower() or _PRONOUN_I.match(rest) is not None) and ATTRIBUTION_RE.search(gap or "") is None


def _without_leading_said(text: str, mention: str) -> str:
    """``text`` after "<mention> said" when a clause follows, or after "<mention> told reporters:", else
    ``text``: the words before the verb must be the speaker's mention, so "Sales fell 40 percent after Tom
    Hale said: ..." keeps its claim."""
    mention = mention.strip()
    for pattern in (_LEADING_SAID, _LEADING_COLON):
        said = pattern.match(text)
        if said is None:
            continue
        subject = said.group("subject")
        if (
            subject.lower() == mention.lower()
            or (
                mention.lower() not in _PRONOUNS  # "Secretary General Rutte said", not "What she said"
                and subject.endswith(f" {mention}")
                and _TITLE_BEFORE_MENTION.fullmatch(subject[: -len(mention)])
            )
        ):
            return text[said.end() :]
    return text
