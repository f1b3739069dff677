"""The surface patterns of attribution in news copy, and the tests on speech verbs.

"<subject> said", "“...,” said <subject>", "according to <subject>", appositives between a subject
and its verb, role descriptions ("the former Dutch prime minister"), bodies named by a noun ("the
commission"), passive reports ("is said to"). ``claims.extraction.speakers.tracker`` applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims.extraction.checkworthiness import (
    ATTRIBUTION_VERBS,
    CLAUSE_AFTER_THAT,
    MONTHS,
    REPLY_VERB_PATTERN,
    REPLY_VERBS,
    SPEECH_RE,
    WEEKDAYS,
)
from claims.extraction.names import ROLE_NOUNS, Entity

ROLE_NP = re.compile(
    rf"\bthe\s+(?:[\w’'-]+\s+){{0,4}}?(?:{ROLE_NOUNS})(?:\s+of\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)?\s*,?\s*$",
    re.IGNORECASE,
)
ROLE_NP_AFTER = re.compile(rf"^\s*the\s+(?:[\w’'-]+\s+){{0,4}}?(?:{ROLE_NOUNS})\b", re.IGNORECASE)
PRONOUN_BEFORE = re.compile(r"\b(he|she)\s*,?\s*(?:also\s+|later\s+|then\s+)?$", re.IGNORECASE)
PRONOUN_AFTER = re.compile(r"^\s*(he|she)\b", re.IGNORECASE)
SPEECH = re.compile(rf"\b(?:{ATTRIBUTION_VERBS})\b", re.IGNORECASE)
REPLY = re.compile(rf"\b{REPLY_VERB_PATTERN}\b", re.IGNORECASE)
INITIAL_PRONOUN = re.compile(
    rf"^\W*(?:however,\s*|but\s+|and\s+)?(he|she|the\s+(?:[\w’'-]+\s+){{0,4}}?(?:{ROLE_NOUNS}))\s+[a-z]",
    re.IGNORECASE,
)
# "The commission staff reported", "a spokesman for the ambulance service said": the last body named
# with that noun ("California Energy Commission"). A bare "the company" or "the firm": the body named
# last, if it is a company the article names with its legal form ("Boeing Co."); after any other body
# (a newspaper, a regulator, a company written "Airbus") it stays unresolved, as "it" does. So do "the
# union" and "the bank", which a trade union or a lender may be while the article names the European
# Union or the World Bank.
BODY_NOUNS = (
    "agency|commission|ministry|department|council|board|court|police|government|committee|authority|service|"
    "company|firm"
)
COMPANY_NOUNS = frozenset({"company", "firm"})
BARE_COMPANY = re.compile(r"the\s+(?:company|firm)(?:\s+staff)?", re.IGNORECASE)
BODY_NP = rf"the\s+(?:[\w’'-]+\s+){{0,2}}?(?P<noun>{BODY_NOUNS})(?:\s+staff)?"
BODY_BEFORE = re.compile(rf"(?:^|\s){BODY_NP}\s*,?\s*(?:also\s+|later\s+)?$", re.IGNORECASE)
BODY_AFTER = re.compile(rf"^\s*{BODY_NP}\b(?=\s*(?:[,.;:!?”\"]|$|in\b|on\b))", re.IGNORECASE)

# "She told the crowd:", "Smith told Reuters on Tuesday:", "the ministry said in a statement:", "He
# added:": a verb of saying, then only whom it was told to and when, and a colon that ends the
# attribution: what follows is what was said. Not "He described the scene:", "He wrote in Ukraine: A
# History", "Jobless claims in January:", "He said there were three options:". Case-insensitive, but a
# name is capitalised words that are not "The", "In", "With", ...; every part is atomic (``(?>...)``,
# ``*+``), so a long run of "to the ... in the ..." costs one pass, not one per way to split it.
_NAME = r"(?-i:[A-Z][\w.'’-]*(?:\s+(?!(?:The|In|At|On|With|To|During|And|Of)\b)[A-Z][\w.'’-]*){0,3}+)"
_TOLD_WHOM = rf"(?>reporters|journalists|the crowd|supporters|the audience|lawmakers|parliament|(?:the\s+)?{_NAME})"
_SAID_WHEN_OR_HOW = (
    rf"(?:\s+(?>(?:on\s+)?(?:{WEEKDAYS}|(?:{MONTHS})(?:\s+\d{{1,2}})?)|in\s+\d{{4}}"
    r"|today|yesterday|tonight|earlier|later|also|then|again|previously"
    r"|(?:in|during|at|on)\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+)?"
    r"(?:statement|interview|speech|post|tweet|letter|briefing|conference|address|email|video|message|hearing)"
    rf"|(?:with|to)\s+(?:reporters|journalists|(?:the\s+)?{_NAME})))*+"
)
COLON_ATTRIBUTION = (
    r"\b(?>(?:told|tells)\s+" + _TOLD_WHOM + r"|said|says|added|adds|wrote|writes|stated|explained|explains|"
    r"declared|insisted|insists|warned|warns|replied|responded|continued|tweeted)\b"
    rf"{_SAID_WHEN_OR_HOW}\s*:"
)
# The sentence ends at such a colon ("She said:"): the quotation that follows is the speaker's.
INTRODUCES_QUOTATION = re.compile(rf"\s{COLON_ATTRIBUTION}\s*$", re.IGNORECASE)
INTRODUCTION_TAIL = 300  # characters of a sentence ending in ":" that INTRODUCES_QUOTATION reads
# An attribution the tracker could not resolve that is someone else's than the last speaker's: "a
# spokesman said", "said a Virginia Democrat", "Jones replied:". Not "the Ohio Democrat said", "she
# added", "according to her remarks": those may be the last speaker again.
SOMEONE_ELSE = re.compile(
    r"\b(?:a|an|another|one|some)\s+(?!(?:few|lot|little|bit)\b)[\w’'-]+"
    r"|^\W*(?!(?:The|His|Her|Their|Its|This|That|These|Those|He|She|They|It|We|I)\b)"
    r"(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:also\s+)?"
    r"(?:said|says|told|tells|replied|responds|responded|wrote|writes|added|adds|continued|declared|insisted|warned)\b",
    re.IGNORECASE,
)

NAME_AT_END = re.compile(r"\b([A-Z][\w’'-]+)\s*,?\s*$")
LEAD = re.compile(r"^\W*(?:However,\s*|But\s+|And\s+)?")
PLAIN_WORDS = re.compile(r"^[\w .’'-]*$")
NAME_THEN_VERB = re.compile(r"^([A-Z][\w’'-]+)\s+(?:also\s+|later\s+)?[a-z]+(?:ed|s)\b")
SPEECH_FOLLOW = re.compile(r"\s*(?:that\b|,|\.|$|“|\")")
# What follows a verb that introduces what was said: a "that" clause, a comma, a colon, a quotation, the end.
CONTENT_FOLLOW = re.compile(rf"\s*(?:{CLAUSE_AFTER_THAT}|,|\.|:|$|“|\")", re.IGNORECASE)
# A verb of reply reports speech when it introduces a "that" clause, a colon or a quotation ("continued,
# “...”"), or closes an attribution after a quotation ("“...,” Ortberg responded."); not in "Ortberg
# continued, with 38 jets built", "but Ortberg continued.", "responded, sending 400 engineers".
REPLY_INTRODUCES = re.compile(rf"\s*(?:{CLAUSE_AFTER_THAT}|:|,?\s*[“\"])", re.IGNORECASE)
REPLY_CLOSES = re.compile(r"\s*(?:[,.;!?]|$)")
# The sentence opens with a quotation that ends in a comma, "?" or "!" inside its marks, and a few words
# without "and" or "but" follow it: "“...,” Ortberg" (not "Cruz called the jets “a scandal,” and Ortberg").
AFTER_QUOTATION = re.compile(
    r"^[“\"][^”\"]*[,!?][”\"]\s*(?!.*\b(?:and|but|or)\b)(?:[\w’'.-]+\s+){0,5}?[\w’'.-]*$", re.IGNORECASE
)
NEXT_WORD = re.compile(r"\s+([a-z]\w+)")
# "Lind, a former civil engineer, said", "Styles, 30, who works next door, said", "Bollwage, speaking
# at a news conference, described": appositives between the subject and the speech verb.
# "Mark Rutte, Secretary General of NATO, said", "Jake Frith, special agent for the attorney general's
# office, said": a role, after up to two words, that no name follows ("Secretary General Mark Rutte" is
# the subject, not an appositive).
APPOSITIVE_ROLES = (
    rf"{ROLE_NOUNS}|executive|officer|inspector|detective|attorney|lawyer|agent|analyst|economist|researcher|"
    "scientist|professor|founder|co-founder|owner|manager|editor|correspondent|member|admiral|captain|ceo|cfo"
)
APPOSITIVE = re.compile(
    r"(?:,\s*(?:\d{1,3}|(?:a|an|the|who|[a-z]+ing)\s[^,;“”\"]{1,80}"
    rf"|(?:[\w’'.-]+\s+){{0,3}}?(?i:{APPOSITIVE_ROLES})\b(?!\s+[A-Z])[^,;“”\"]{{0,80}}))+,\s*$"
)
NOT_SUBJECT_BEFORE = re.compile(r"\b(?:for|of|nor|with|by)\s+(?:the\s+)?$", re.IGNORECASE)
# "A GuideStar spokesman said", "a spokesman for Acme said": who speaks for a body.
SPOKESPERSON_NOUNS = "spokesman|spokeswoman|spokesperson|representative|official"
SPOKESPERSON_FOR = re.compile(rf"\b(?:{SPOKESPERSON_NOUNS})s?\s+(?:for|of|with)\s+(?:the\s+)?$", re.IGNORECASE)
# Appositive parts that cannot be a title before the subject's name: "32", "a ...", "who ...", "speaking ...".
PLAIN_APPOSITIVE = re.compile(r"\s*(?:\d{1,3}\s*$|(?:a|an|the|who|[a-z]+ing)\s)")
# "attorney for the family of George Floyd": the name is the object of a preposition.
# "press secretary to President Joe Biden", "lawyer for former President Donald Trump", "widow of the late
# James Brown": titles and lower-case words may stand between the preposition and the name, but not
# "of State" ("Secretary of State Marco Rubio").
OBJECT_BEFORE = re.compile(
    r"\b(?:of|for|to|at|with|from|by|about|on|under|the)\s+(?:(?:[a-z][\w’'-]*|(?:President|President-elect|"
    r"Vice|Sen|Senator|Rep|Gov|Governor|Mayor|Mr|Mrs|Ms|Dr|Judge|Justice|King|Queen|Prince|Princess|Pope|"
    r"Premier|Chancellor|Prime|Minister|Secretary|Deputy|Acting|Former|Sir|Dame|Lord|Lady|Gen|Col|Adm|"
    r"General|Colonel|Admiral|Captain|Capt|Ambassador|Commissioner)\.?)\s+){0,3}$"
)
# "Eric Durr, Director of Public Affairs at the Division told": a capitalised role left unclosed.
TITLED_APPOSITIVE = re.compile(
    rf",\s*(?:[A-Z][\w’'.-]*\s+){{0,2}}?(?=[A-Z])(?i:{APPOSITIVE_ROLES})\b(?!\s+[A-Z])[^,;“”\"()]{{0,90}}$"
)
# "..., said the family's lawyer, Nathalie Gallant": a role, then the name set off by a comma.
ROLE_THEN_NAME = re.compile(rf"\s*(?:the|a|an)\s+(?:[\w’'-]+\s+){{0,3}}?(?i:{APPOSITIVE_ROLES}),\s*$", re.IGNORECASE)
# ... and the name closes the part: not "According to the lawyer, Smith was at home".
NAME_CLOSES = re.compile(r"\s*(?:[,.;:!?”\"]|$)")
# "Hegseth also said", "Dragone, has said": words that may stand between the subject and its verb.
BEFORE_VERB = re.compile(
    r"^[\s,]*(?:(?:also|later|then|further|previously|again|repeatedly|publicly|recently|has|have|had)\s+)*$"
)
# "Ms. Haley testily responded that", "Ortberg quickly said, “...”": an adverb between the subject and a
# verb that introduces what was said (``introduces_content``). Not a noun in "-ly" after a determiner
# ("the family said", "an ally said") nor one of ``LY_NOUNS`` ("The Trump family said"). "Netanyahu
# strongly warned against a deal" reports an act in the reporter's voice and keeps no speaker, as
# bench/gold/STANDARD.md labels it.
ADVERB_BEFORE_VERB = re.compile(r"(?:^|(?<=\s))(?P<word>\S+)\s+(?P<adverb>[a-z]{2,}ly)\s+$")
NOT_BEFORE_ADVERB = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "this", "that", "whose"})
# Nouns in "-ly" that stand where a subject ends: "The Trump family said", "A close Netanyahu ally said".
LY_NOUNS = frozenset(
    {"family", "ally", "assembly", "supply", "daily", "weekly", "monthly", "quarterly", "rally", "monopoly", "reply"}
)
# "... Employers’ Association (UCEA) said": the abbreviation in brackets stands for the name before it.
ABBREVIATION = re.compile(r"\s*\([A-Z][A-Z&.-]{1,9}\)\s*$")
CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w’'-]*\s+(?:(?:of|and|the|for|&)\s+)*)*[A-Z][\w’'-]*$")
# "was described as", "is said to": a passive speech verb attributes nothing.
PASSIVE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "Capt. James Sarnicki of the Linden Police Department told": the person, not the body.
OF_BODY = re.compile(r"^\s*(?:of|at|from|with)\s+(?:the\s+)?$")
# "A GuideStar spokesman said": the body the spokesperson speaks for.
SPOKESPERSON = re.compile(rf"^\s*(?:{SPOKESPERSON_NOUNS})\s*,?\s*$", re.IGNORECASE)
TOLD = frozenset({"told", "tells", "telling"})
# Inverted attribution ("“...,” said the mayor"): the speech verb follows a quotation or a comma.
INVERTED = re.compile(r"[”\",]\s*$")
# "..., said he." / "said she, adding": an inverted pronoun ends its clause ("said he saw" does not).
PRONOUN_INVERTED = re.compile(r"^\s*(he|she)\b(?=\s*(?:[,.;:!?”\"]|$))", re.IGNORECASE)


# Verbs that also have a non-speech sense ("UNESCO added tango to its list", "prices continued to rise").
AMBIGUOUS_SPEECH = (
    frozenset({"added", "adds", "adding", "states", "reports", "reported", "expressed", "maintained"}) | REPLY_VERBS
)


def reports_speech(text: str, verb: re.Match) -> bool:
    """A speech verb in its speech sense: ambiguous ones need "that", a comma, a quote or the end next;
    verbs of reply need what ``REPLY_INTRODUCES`` or ``REPLY_CLOSES`` after a quotation describe."""
    word = verb.group(0).lower()
    if word not in AMBIGUOUS_SPEECH:
        return True
    after, before = text[verb.end() :], text[: verb.start()].rstrip()
    if word in REPLY_VERBS:
        closes = AFTER_QUOTATION.search(before) is not None and REPLY_CLOSES.match(after) is not None
        return closes or REPLY_INTRODUCES.match(after) is not None
    return bool(SPEECH_FOLLOW.match(after)) or before.endswith(("”", '"', ","))


def attributes_speech(text: str) -> bool:
    """A speech verb, or a verb of reply in its speech sense ("replied that", not "responded to 412 calls")."""
    return SPEECH_RE.search(text) is not None or any(reports_speech(text, verb) for verb in REPLY.finditer(text))


def introduces_content(text: str, verb_start: int) -> bool:
    """The speech verb at ``verb_start`` introduces what was said (``CONTENT_FOLLOW``)."""
    verb = SPEECH.match(text, verb_start)
    return verb is not None and CONTENT_FOLLOW.match(text, verb.end()) is not None


def speech_verbs(text: str, offset: int = 0) -> Iterator[re.Match]:
    """The speech verbs after ``offset`` used in their speech sense and not in the passive."""
    return (v for v in SPEECH.finditer(text, offset) if reports_speech(text, v) and not passive(text, v))


def passive(text: str, verb: re.Match) -> bool:
    """ "was described as", "is said to": no speaker. Not "is according to" nor "was telling"."""
    word = verb.group(0).lower()
    if word == "according to" or word.endswith("ing"):
        return False
    return PASSIVE.search(text, 0, verb.start()) is not None


def reported_passively(text: str) -> bool:
    """ "Ms. Haley is said to have ...": a passive report names no speaker, not even the subject.

    Only a participle makes it passive: "The first thing she did was say ..." is not.
    """
    return any(
        passive(text, verb)
        for verb in SPEECH.finditer(text)
        if verb.group(0).lower().endswith(("ed", "said", "told", "written")) and reports_speech(text, verb)
    )


def verb_follows(text: str, ent: Entity) -> bool:
    nxt = NEXT_WORD.match(text[ent.end :])
    return bool(nxt) and (nxt.group(1).endswith(("ed", "s")) or SPEECH.match(nxt.group(1)) is not None)


def opens_clause(text: str, ent: Entity) -> bool:
    """The entity is the subject: a verb follows, or an apposition ("Trump, who ..., told") and a speech verb."""
    return verb_follows(text, ent) or (text[ent.end :].lstrip().startswith(",") and bool(SPEECH.search(text)))


# A sentence this much inside quotation marks is a quotation ("“We will finish by March.”").
MOSTLY_QUOTE = 0.6
