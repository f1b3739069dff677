"""Check-worthiness: a score in [0, 1] per sentence and a yes/no at ``THRESHOLD``.

The score is a logistic regression over a few interpretable, purely lexical features: numbers, dates
and quantities, named things (capitalised words), past-tense events, attribution to a speaker,
existence and comparison claims push it up; obligations, predictions and hopes, the future, opinions,
conditionals, second-person generalities, non-answers and idioms push it down. Headlines, boilerplate, questions and
very short sentences are not scored at all (``hard_negative``).

The weights in ``WEIGHTS`` were fitted by ``bench/fit_checkworthiness.py`` on the corpus gold labels
(``bench/gold/extraction``), the *dev* split of the real-news labels (``bench/gold/realnews``) and the
seed article, and checked on the real-news *test* split, which the fit never reads (numbers in
``docs/extraction.md``). Why a small linear model over cues rather than a large trained
classifier: there are a few hundred labelled sentences, too few for a classifier over words to beat
explicit cues, and a reviewer can read why a sentence scored as it did (``Score.reasons``). Why no
named-entity model here: the cues below give the same accuracy at a fraction of the cost, so the
entity recogniser only runs where a speaker has to be found (``claims.extraction.pipeline``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claims.extraction.alternation import alternation

# A sentence is check-worthy when its score is at least this: the logistic midpoint, where the fitted
# model finds a check-worthy and a non-check-worthy sentence equally likely.
THRESHOLD = 0.5

_SPEECH_PHRASES = (
    "said|says|say|told|tells|confirmed|confirms|stressed|stresses|added|adds|noted|notes|pointed out|"
    "insisted|insists|explained|explains|announced|announces|argued|argues|warned|warns|acknowledged|"
    "admitted|admits|claimed|claims|declared|declares|emphasised|emphasized|recalled|reminded|wrote|"
    "stated|states|asserted|maintained|conceded|concedes|denied|denies|reported|reports|expressed|"
    "ensuring|noting|stressing|adding|saying|telling|arguing|recalling|reiterated|repeated|revealed|"
    "disclosed|described|describes|according to"
)
SPEECH_VERBS = alternation(_SPEECH_PHRASES)
SPEECH_RE = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.IGNORECASE)
# Verbs of reply and testimony attribute speech too ("Ortberg replied that ..."), but the cue weights
# were fitted with SPEECH_RE as the "attributed" feature, so they find speakers and statements only
# (ATTRIBUTION_*), and the check-worthiness score stays as fitted. Each has another sense ("responded
# to 412 calls", "continued to rise"): claims.extraction.speakers.patterns.reports_speech. Not
# "answered": "answered that rhetorical question" would pass CLAUSE_AFTER_THAT.
REPLY_VERBS = frozenset({"replied", "replies", "responded", "responds", "testified", "testifies", "continued"})
REPLY_VERB_PATTERN = alternation("|".join(sorted(REPLY_VERBS)))
ATTRIBUTION_VERBS = alternation(_SPEECH_PHRASES + "|" + "|".join(sorted(REPLY_VERBS)))
ATTRIBUTION_RE = re.compile(rf"\b(?:{ATTRIBUTION_VERBS})\b", re.IGNORECASE)

MONTHS = "January|February|March|April|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# A finite verb: an auxiliary or an "-ed" form ("workers had", "the plant closed").
FINITE_VERB = r"(?:had|has|have|was|were|is|are|would|will|could|should|did|does|do|can|may|might|must|[a-z]+ed)\b"
# After a verb of reply, "that" opens a clause when a subject follows: a determiner or pronoun ("replied
# that the plant", "testified that nobody"), a capitalised word other than a month or weekday ("that
# Boeing", not "that Tuesday"), a figure, a quotation, a conjunction or a comma ("replied that if ...",
# "that, in his view, ..."), or a lower-case word and a finite verb ("replied that workers had"). Not
# "continued that tradition in 2025", "responded that same day", "responded that way".
CLAUSE_AFTER_THAT = (
    r"that(?:\s*,|\s+(?:(?i:the|a|an|his|her|its|their|our|my|he|she|it|they|we|i|you|there|this|these|those|no|"
    r"some|all|most|many|every|each|any|none|nobody|nothing|everyone|everything|someone|something|if|"
    r"when|while|because|although|unless|once|after|before|since)\b"
    rf"|(?-i:(?!(?:{MONTHS}|May|{WEEKDAYS})\b)[A-Z0-9])|[“\"$]"
    rf"|(?-i:[a-z]+\s+{FINITE_VERB})))"
)
_NUMBER_WORDS = alternation(
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    "hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|trillions|dozen|"
    "dozens|half|twice|third|fourth|fifth|first|second|percent|per cent"
)
# Numbers, dates and quantities: what spaCy would tag DATE, CARDINAL, PERCENT, MONEY, QUANTITY, ORDINAL.
FACT_RE = re.compile(
    rf"(?<![\w-])\d[\d,.:/]*%?|\b(?:{_NUMBER_WORDS})\b|(?-i:\b(?:{MONTHS}|{WEEKDAYS})\b|\bMay\s+\d)|"
    r"\b(?:yesterday|last (?:week|month|year)|earlier this (?:week|month|year)|a (?:day|week|month|year) "
    r"(?:earlier|later|before|after|ago))\b",
    re.IGNORECASE,
)
# Capitalised words that are not the first word of the sentence: people, places, bodies, events.
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*)*")
_OPENING_NAME = re.compile(r"^\W*([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
FUNCTION_WORDS = frozenset(
    "a an the this that these those it its he she his her they their we our i you there here in on at "
    "for by with from after before when while as but and or however if unless although though since "
    "under over some many most all both no such one asked among despite during according other others "
    "each every even only still yet so then also later earlier today".split()
)

_IRREGULAR_PAST = alternation(
    "held|met|took|made|became|gave|won|lost|began|went|came|sent|set|spent|rose|fell|paid|left|built|"
    "bought|sold|found|led|signed|agreed|voted|passed|killed|struck|hit|cut|ran|grew|drew|brought|"
    "kept|joined|reached|launched|approved|rejected|ended|opened|closed|released|returned|included|"
    "requested|proved|cancelled|canceled|banned|elected|named|appointed|recorded|reported|"
    "has been|have been|had been|was|were"
)
EVENT_RE = re.compile(rf"\b(?:{_IRREGULAR_PAST}|\w{{3,}}ed)\b", re.IGNORECASE)
# -ed words that are mental states, hedges or speech rather than events.
NOT_EVENTS = frozenset(
    "appreciated acknowledged stressed noted confirmed insisted expressed pointed added warned hoped "
    "expected wanted needed believed seemed appeared avoided concerned interested pleased "
    "worried tried based used related called asked reminded recalled claimed emphasised emphasized "
    "explained argued announced declared stated asserted maintained conceded denied admitted "
    "reiterated repeated revealed disclosed united limited red bed need indeed scheduled".split()
)

_OPINION_WORDS = alternation(
    "important|wonderful|terrible|great|best|worst|constructive|productive|successful|authentic|"
    "regarded as|extremely|fairer|unease|worried|optimistic|pessimistic|praise|praised|good|bad|"
    "welcome|welcomed|thanked|suggest|suggests|seem|seems|appear to|appears to"
)
_OBLIGATIONS = alternation(
    "must|should|ought to|have to|has to|need to|needs to|need|the need|necessary|essential|required to"
)
_HEDGES = alternation(
    "likely|might|may|could|whether|perhaps|possibly|soon|aim to|aims to|plan to|plans to|intend to|intends to"
)
_WISHES = alternation("hope|hoped|hopes|hoping|want|wants|wanted|would like")
_FUTURE = alternation(
    "will|shall|won’t|won't|is due to|are due to|is set to|are set to|is to|are to|is scheduled to|"
    "are scheduled to|next week|next month|next year|next summit|next meeting"
)
_REACTIONS = alternation(
    "called it|called the|called them|called for|described|reacted|welcomed|dismissed|criticised|criticized|"
    "praised|thanked|listed|urged|appealed|insisted"
)
NEGATIVE_CUES: dict[str, re.Pattern] = {
    "obligation": re.compile(rf"\b{_OBLIGATIONS}\b", re.IGNORECASE),
    "prediction": re.compile(rf"\b(?:(?:predict|forecast|expect)\w*|{_HEDGES})\b", re.IGNORECASE),
    "wish": re.compile(rf"\b(?:wish\w*|{_WISHES})\b", re.IGNORECASE),
    "future": re.compile(rf"\b{_FUTURE}\b|’ll\b|'ll\b", re.IGNORECASE),
    "opinion": re.compile(
        r"\b(?:I|we) (?:think|believe|feel)\b|\bin (?:my|our) (?:view|opinion)\b|\bappreciat\w*|"
        rf"\b{_OPINION_WORDS}\b",
        re.IGNORECASE,
    ),
    # Descriptions of reactions and characterisations: "called it central", "reacted with alarm".
    "reaction": re.compile(rf"\b{_REACTIONS}\b", re.IGNORECASE),
    "conditional": re.compile(r"^\W*(?:if|unless|although|though|even if|asked)\b", re.IGNORECASE),
    "second_person": re.compile(r"\byou\b", re.IGNORECASE),
    # A non-answer is news of silence, nothing to check: "declined to comment", "did not respond to a
    # request for comment" (not "declined to 4.1 percent", "did not respond to treatment").
    "no_comment": re.compile(
        r"\b(?:declined|refused) to (?:comment|respond|elaborate|answer|discuss|say|be interviewed)\b|"
        r"\b(?:did not|didn[’']t) (?:respond|reply|return)\b(?! to (?:treatment|the drug|therapy))|"
        r"\bnot immediately available\b|\bcould not be reached\b|\bno comment\b|"
        r"\b(?:ha(?:ve|s)|did) not said\b|\bdid not say\b",
        re.IGNORECASE,
    ),
}

# "there is no consensus", "there were 338 nominations": an existence claim, checkable as such.
EXISTENTIAL = re.compile(
    r"\bthere (?:is|are|was|were|has been|have been) (?:no|not|\d)|\b(?:a|the) fact that\b|\bstatement of fact\b",
    re.IGNORECASE,
)
# "the lowest bills of any city", "ranked fourth", "doubled": a comparison that data can settle.
_COMPARATIVES = alternation(
    "lowest|highest|largest|smallest|biggest|fewest|cheapest|fastest|slowest|longest|shortest|"
    "most expensive|least expensive|ranked|ranks|doubled|tripled|halved|record high|record low"
)
COMPARISON = re.compile(rf"\b{_COMPARATIVES}\b", re.IGNORECASE)
# ", noting that ...", ", stressing that ...": the reporter's gloss after the main report.
TRAILING_CLAUSE = re.compile(
    r",[”\"]?\s*(?:noting|stressing|adding|saying|insisting|arguing|warning|explaining|referring|recalling)\b",
    re.IGNORECASE,
)
# A negative cue only in that trailing gloss counts this share: the main report before it stays factual.
TRAILING_FACTOR = 0.3

IDIOMS = re.compile(
    alternation(
        "two to tango|start from somewhere|at the end of the day|the ball is in|time will tell|"
        "easier said than done|elephant in the room|so far, so good|so far so good|tip of the iceberg|"
        "back to square one|a long way to go|light at the end of the tunnel|the proof of the pudding|"
        "when it rains|can't have it both ways|on the same page|bite the bullet|the devil is in the details"
    ),
    re.IGNORECASE,
)
# Page furniture, not news. Whole words in the contexts they take on a page: "subscribers",
# "copyright infringement", "Girl Scout cookies", "Tap to Pay" and "Advertisements for the drug" are
# reporting. At the start of a line, after any list marker but not after a quotation mark:
_SOCIAL = "x|twitter|facebook|instagram|linkedin|threads|bluesky|mastodon|tiktok|youtube|whatsapp"
_BOILERPLATE_START = re.compile(
    r"[\s•*▪|>-]*(?:copyright\s*(?:[:©]|\(c\)|\d{4})|\(c\)\s*\d{4}|(?:please\s+)?(?:subscribe|sign up)\b|"
    r"read more(?:\s*[:»›]|\s*$|\s+(?:about|on|here)\b)|advertisement(?:\s*[-–:|]|\s*$)|"
    rf"share (?:this\s*(?::|$)|on (?:{_SOCIAL})\b)|follow (?:us|\S+(?: \S+){{0,3}}) on (?:{_SOCIAL})\b|"
    r"(?:click|tap) (?:here|on|below|to (?:enlarge|expand|view|read|play|watch|see|continue|subscribe))\b|"
    r"cookies help us\b|photo:|image:|related:|archive(?:\s*[:|]|\s*$)|– )",
    re.IGNORECASE,
)
# Anywhere in it ("..., all rights reserved", "Photo © J. Smith", "This site uses cookies"); searched
# only in a sentence that holds one of its words (``_FURNITURE_WORDS``: one pass, most sentences stop there).
_FURNITURE_WORDS = re.compile(
    alternation(
        "©|rights reserved|archive|click here|follow us|newsletter|subscri|sign up|unlimited|inbox|"
        "share this|read more|advertisement|cookie"
    ),
    re.IGNORECASE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"©|\ball rights reserved\b|– archive|\bclick here\b|\bfollow us (?:on|at)\b|\bour (?:\w+ )?newsletters?\b|"
    r"\b(?:subscribe|sign up)\s+(?:now|today|here|(?:to|for)\s+(?:our|my))\b|"
    r"\b(?:become|already) a (?:\w+ )?subscriber\b|\bunlimited (?:digital )?access\b|\b(?:to|in) your inbox\b|"
    r"\bshare this (?:article|story|post|page)\b|\bread more\s*(?::|»|›|$)|\bcontinues? below (?:the )?advertisement\b|"
    r"\b(?:uses?|accept|allow|enable|manage) (?:all |our )?cookies\b|\bstores? cookies on your\b|"
    r"\bagree to (?:our|the) use of cookies\b|\bcookies? (?:policy|settings|preferences|notice|consent)\b",
    re.IGNORECASE,
)
# "- The Stoxx Europe 600 Index added 0.9 percent as mining companies and banks rallied": an item of a
# list, read on its words like a sentence when it is longer than a headline ("- Oil hits $100").
LIST_ITEM = re.compile(r"^[-•*▪]\s+\S")
HEADLINE_WORDS = 12
# "Brussels, December 2 (European Press) –" / "BRUSSELS (Reuters) -": a dateline on its own line.
DATELINE = re.compile(r"^[A-Z][\w .'-]{1,40}(?:,[^.]{0,40})?(?:\([^)]{1,40}\))?\s*[–—-]\s*$")
_DIGIT = re.compile(r"\d")
# The future in the main clause (not inside reported content: "the draft says NATO will not enlarge").
_REPORTED = re.compile(r"\b(?:that|says|said|say)\b")
_SCHEDULED = re.compile(
    r"\b(?:will|are due to|is due to|are set to|is set to|are to|is to|(?:are|is) scheduled to)\b|"
    rf"\b(?:meets?|discuss|gather|convene)\b"
    rf"[^.]*\b(?:on|next) (?:{WEEKDAYS}|week|month)",
    re.IGNORECASE,
)
_QUOTE_MARK = re.compile(r"[“”\"]")

# Caps keep one long list of numbers or names from outweighing everything else.
MAX_FACTS, MAX_NAMED, MAX_EVENTS = 2, 4, 3

# Fitted by ``bench/fit_checkworthiness.py`` (L2-regularised logistic regression; never on real-news test).
BIAS = -0.54
WEIGHTS: dict[str, float] = {
    "facts": 0.92,
    "named": 0.29,
    "events": 0.51,
    "attributed": 0.17,
    "digit": 0.53,
    "existential": 1.35,
    "comparison": 1.04,
    "obligation": -1.19,
    "prediction": -1.32,
    "wish": -1.58,
    "future": 0.21,
    "opinion": -0.90,
    "conditional": -1.90,
    "second_person": -1.38,
    "reaction": -1.07,
    "quoted": -0.58,
    "scheduled": -1.27,
    "no_comment": -1.20,
}
FEATURES = tuple(WEIGHTS)

# Fewer words than this is not a claim ("Asked why, Rutte smiled."); "No one was injured." is one.
MIN_WORDS = 4

# Score of a sentence that is not a claim whatever its content (headline, boilerplate, question).
HARD_NEGATIVE_SCORE = 0.02


@dataclass(frozen=True)
class Score:
    value: float
    checkworthy: bool
    reasons: tuple[str, ...]


def score_sentence(text: str, *, whole_line: bool) -> Score:
    """Check-worthiness of one sentence; ``whole_line``: the sentence is a line of its own."""
    hard = hard_negative(text, whole_line=whole_line)
    return hard_score(hard) if hard else cue_score(text)


def hard_score(reason: str) -> Score:
    """The score of a sentence ``hard_negative`` settled, with its reason."""
    return Score(HARD_NEGATIVE_SCORE, False, (reason,))


def cue_score(text: str) -> Score:
    """The fitted model's score of a sentence ``hard_negative`` did not settle."""
    values = features(text)
    logit = BIAS + sum(WEIGHTS[name] * value for name, value in values.items())
    value = round(1.0 / (1.0 + math.exp(-logit)), 4)
    reasons = tuple(
        f"{name}={value:g}" if name in ("facts", "named", "events") else name for name, value in values.items() if value
    )
    return Score(value, value >= THRESHOLD, reasons)


def cues_with_model(text: str, probability: float, *, cues_share: float, model: str) -> Score:
    """``cue_score`` mixed with a sentence model's ``probability`` (the cues count ``cues_share``).

    The reasons are the cues that fired, then ``<model>=0.xx``: what the opt-in scorers return.
    """
    cues = cue_score(text)
    value = round(cues_share * cues.value + (1.0 - cues_share) * probability, 4)
    return Score(value, value >= THRESHOLD, (*cues.reasons, f"{model}={probability:.2f}"))


def hard_negative(text: str, *, whole_line: bool) -> str:
    """Why ``text`` is certainly not a claim (headline, boilerplate, question, idiom, too short), or ""."""
    stripped = text.strip()
    if _BOILERPLATE_START.match(stripped) or _furniture_inside(stripped) or DATELINE.match(stripped):
        return "boilerplate"
    if whole_line and not stripped.endswith((".", "!", "?", "”", '"', ":")) and not _long_list_item(stripped):
        return "headline"
    if stripped.endswith("?") or stripped.endswith(("?”", '?"')):
        return "question"
    if IDIOMS.search(stripped):
        return "idiom"
    if len(stripped.split()) < MIN_WORDS:
        return "too short"
    return ""


def _furniture_inside(text: str) -> bool:
    return _FURNITURE_WORDS.search(text) is not None and _BOILERPLATE_ANYWHERE.search(text) is not None


def _long_list_item(line: str) -> bool:
    return LIST_ITEM.match(line) is not None and len(line.split()) > HEADLINE_WORDS + 1  # + 1: the marker


def features(text: str) -> dict[str, float]:
    """The feature values of one sentence, by name (the keys of ``WEIGHTS``)."""
    core, trail = _split_trailing_clause(text)
    values: dict[str, float] = {
        "facts": min(len(FACT_RE.findall(text)), MAX_FACTS),
        "named": min(count_named(text), MAX_NAMED),
        "events": min(sum(1 for m in EVENT_RE.finditer(text) if m.group(0).lower() not in NOT_EVENTS), MAX_EVENTS),
        "attributed": float(bool(SPEECH_RE.search(text))),
        "digit": float(bool(_DIGIT.search(text))),
        "existential": float(bool(EXISTENTIAL.search(text))),
        "comparison": float(bool(COMPARISON.search(text))),
    }
    for name, pattern in NEGATIVE_CUES.items():
        values[name] = 1.0 if pattern.search(core) else TRAILING_FACTOR if pattern.search(trail) else 0.0
    values["quoted"] = float(bool(_QUOTE_MARK.search(text)))
    main = _REPORTED.split(text, maxsplit=1)[0]
    values["scheduled"] = float(bool(_SCHEDULED.search(main)))
    return values


def count_named(text: str) -> int:
    """Capitalised names in ``text``: runs of capitalised words, the opening one unless a function word.

    "The White House said": the opening "The" is not a name, "White House" is.
    """
    opening = _OPENING_NAME.match(text)
    if opening is None:
        return len(_CAPITALISED.findall(text))
    first = opening.group(1).split()[0]
    if first.lower() in FUNCTION_WORDS:
        return len(_CAPITALISED.findall(text, opening.start(1) + len(first)))
    return 1 + len(_CAPITALISED.findall(text, opening.end()))


def _split_trailing_clause(text: str) -> tuple[str, str]:
    match = TRAILING_CLAUSE.search(text)
    return (text[: match.start()], text[match.start() :]) if match else (text, "")
