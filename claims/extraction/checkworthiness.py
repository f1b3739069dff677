"""Check-worthiness: a score in [0, 1] per sentence and a yes/no at ``THRESHOLD``.

The score is a logistic function of a few interpretable features (spaCy named entities plus word
cues). Factual assertions — events in the past tense, numbers, dates, quantities, named places,
people and bodies, statements attributed to someone — push it up. Questions, idioms, obligations
("must", "it is necessary"), predictions and hedges, conditionals, opinions, second-person
generalities, headlines and boilerplate push it down. The weights were set by hand on the seed
article and the tuning half of the development corpus, then checked on the held-out half
(``bench/extraction_eval.py``; numbers in ``docs/extraction.md``).

Why not a trained classifier: there are a few hundred labelled sentences, not the thousands a
classifier needs to beat explicit cues, and a reviewer can read why a sentence scored as it did.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# A sentence is check-worthy when its score is at least this. 0.5 is the logistic midpoint: the
# positive and negative evidence balance there. Moving it to 0.4/0.6 changes F1 on the tuning half
# by less than the variation between articles (see docs/extraction.md).
THRESHOLD = 0.5

FACT_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
NAMED_LABELS = frozenset({"GPE", "ORG", "PERSON", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})

SPEECH_VERBS = (
    "said|says|say|told|tells|confirmed|confirms|stressed|stresses|added|adds|noted|notes|pointed out|"
    "insisted|insists|explained|explains|announced|announces|argued|argues|warned|warns|acknowledged|"
    "admitted|admits|claimed|claims|declared|declares|emphasised|emphasized|recalled|reminded|wrote|"
    "stated|states|asserted|maintained|conceded|concedes|denied|denies|reported|reports|expressed|"
    "ensuring|noting|stressing|adding|saying|telling|arguing|recalling|reiterated|repeated|revealed|"
    "disclosed|according to"
)
SPEECH_RE = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.IGNORECASE)

_IRREGULAR_PAST = (
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
    "reiterated repeated revealed disclosed united limited red bed need indeed".split()
)

NEGATIVE_CUES: dict[str, tuple[re.Pattern, float]] = {
    "obligation": (
        re.compile(
            r"\b(?:must|should|ought to|ha(?:ve|s) to|needs? to|need|the need|necessary|essential|required to)\b",
            re.IGNORECASE,
        ),
        1.6,
    ),
    "prediction": (
        re.compile(
            r"\b(?:predict\w*|forecast\w*|expect\w*|hope\w*|likely|might|may|could|whether|perhaps|"
            r"possibly|soon|aims? to|plans? to|intends? to)\b",
            re.IGNORECASE,
        ),
        1.3,
    ),
    "opinion": (
        re.compile(
            r"\b(?:I|we) (?:think|believe|feel|hope)\b|\bin (?:my|our) (?:view|opinion)\b|\bappreciat\w*|"
            r"\bimportant\b|\bwonderful\b|\bterrible\b|\bgreat\b|\bbest\b|\bworst\b|\bconstructive\b|"
            r"\bproductive\b|\bsuccessful\b|\bauthentic\b|\bregarded as\b|\bextremely\b|\bfairer\b|"
            r"\bunease\b|\bworried\b|\boptimistic\b|\bpessimistic\b|\bpraised?\b|\bgood\b|\bbad\b",
            re.IGNORECASE,
        ),
        0.9,
    ),
    "conditional": (re.compile(r"^\W*(?:if|unless|although|though|even if)\b", re.IGNORECASE), 1.4),
    "second_person": (re.compile(r"\byou\b", re.IGNORECASE), 1.2),
}

# "there is no consensus", "there were 338 nominations": an existence claim, checkable as such.
EXISTENTIAL = re.compile(
    r"\bthere (?:is|are|was|were|has been|have been) (?:no|not|\d)|\b(?:a|the) fact that\b|\bstatement of fact\b",
    re.IGNORECASE,
)
# ", noting that ...", ", stressing that ...": the reporter's gloss after the main report.
TRAILING_CLAUSE = re.compile(
    r",[”\"]?\s*(?:noting|stressing|adding|saying|insisting|arguing|warning|explaining|referring|recalling)\b",
    re.IGNORECASE,
)
TRAILING_FACTOR = 0.3
# Log-odds of a sentence with no cue at all: bare sentences are not claims.
INTERCEPT = -2.0

IDIOMS = re.compile(
    r"two to tango|start from somewhere|at the end of the day|the ball is in|time will tell|"
    r"easier said than done|elephant in the room|so far,? so good|tip of the iceberg|back to square one|"
    r"a long way to go|light at the end of the tunnel|the proof of the pudding|when it rains|"
    r"can't have it both ways|on the same page|bite the bullet|the devil is in the details",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"copyright|all rights reserved|©|subscribe|sign up|newsletter|click here|read more|follow us|"
    r"cookies?\b|advertisement|share this|^photo:|^image:|^related:|^archive\b|^– |– archive",
    re.IGNORECASE,
)
# "Brussels, December 2 (European Press) –" / "BRUSSELS (Reuters) -": a dateline on its own line.
DATELINE = re.compile(r"^[A-Z][\w .'-]{1,40}(?:,[^.]{0,40})?(?:\([^)]{1,40}\))?\s*[–—-]\s*$")

_DIGIT = re.compile(r"\d")


# Score of a sentence that is not a claim whatever its content (headline, boilerplate, question).
HARD_NEGATIVE_SCORE = 0.02


@dataclass(frozen=True)
class Score:
    value: float
    checkworthy: bool
    reasons: tuple[str, ...]


def score_sentence(text: str, entity_labels: list[str], *, whole_line: bool) -> Score:
    """Check-worthiness of one sentence given the labels of its named entities."""
    hard = hard_negative(text, whole_line=whole_line)
    if hard:
        return Score(HARD_NEGATIVE_SCORE, False, (hard,))
    logit, reasons = _logit(text, entity_labels)
    value = round(1.0 / (1.0 + math.exp(-logit)), 4)
    return Score(value, value >= THRESHOLD, tuple(reasons))


def hard_negative(text: str, *, whole_line: bool) -> str:
    """Why ``text`` is certainly not a claim (``headline``, ``boilerplate``, ``question``, ``too short``), or ""."""
    stripped = text.strip()
    if BOILERPLATE.search(stripped) or DATELINE.match(stripped):
        return "boilerplate"
    if whole_line and not stripped.endswith((".", "!", "?", "”", '"', ":")):
        return "headline"
    if stripped.endswith("?") or stripped.endswith(("?”", '?"')):
        return "question"
    if len(stripped.split()) < 5:
        return "too short"
    return ""


def _split_trailing_clause(text: str) -> tuple[str, str]:
    match = TRAILING_CLAUSE.search(text)
    return (text[: match.start()], text[match.start() :]) if match else (text, "")


def _logit(text: str, labels: list[str]) -> tuple[float, list[str]]:
    facts = sum(1 for label in labels if label in FACT_LABELS)
    named = sum(1 for label in labels if label in NAMED_LABELS)
    events = sum(1 for m in EVENT_RE.finditer(text) if m.group(0).lower() not in NOT_EVENTS)
    logit = INTERCEPT + 1.3 * min(facts, 2) + 0.45 * min(named, 4) + 0.7 * min(events, 3)
    reasons = [f"facts={facts}", f"named={named}", f"events={events}"]
    if SPEECH_RE.search(text):
        logit += 0.6
        reasons.append("attributed")
    if _DIGIT.search(text):
        logit += 0.5
    if EXISTENTIAL.search(text):
        logit += 1.0
        reasons.append("existential")
    core, trail = _split_trailing_clause(text)
    for name, (pattern, weight) in NEGATIVE_CUES.items():
        if pattern.search(core):
            logit -= weight
            reasons.append(name)
        elif pattern.search(trail):
            # A hedge in a trailing "..., noting that it must ..." leaves the main report factual.
            logit -= TRAILING_FACTOR * weight
            reasons.append(f"{name} (trailing)")
    if IDIOMS.search(text):
        logit -= 3.0
        reasons.append("idiom")
    return logit, reasons
