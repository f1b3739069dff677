"""Names as news copy writes them: people, titles and bodies, without a model.

The entity recogniser finds the spans; these functions read them. ``name_guesses`` finds person-like
names where the recogniser did not run; ``clean_person_name`` and ``person_after_title`` take titles,
places and affiliations off a person's name ("Harbourcity Mayor Elena Lindqvist" -> "Elena
Lindqvist"); ``organisation_key`` tells that "Apple" and "Apple Inc." are one body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.checkworthiness import FUNCTION_WORDS, MONTHS, WEEKDAYS


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int
    end: int


ROLE_NOUNS = (
    "leader|chief|head|minister|president|secretary|secretary general|spokesman|spokeswoman|spokesperson|"
    "official|chancellor|premier|envoy|diplomat|ambassador|commander|general|senator|governor|mayor|"
    "negotiator|doctor|forecaster|adviser|advisor|director|chair|chairman|chairwoman|prime minister|foreign minister"
)
TITLE_WORDS = frozenset(
    "president vice secretary general prime minister foreign defence defense chancellor mr mrs ms dr "
    "director-general director secretary-general commissioner senator sen rep governor gov mayor king queen "
    "pope ambassador envoy spokesman spokeswoman chief president-elect professor prof judge justice sheriff "
    "executive chairman chairwoman admiral colonel captain capt lieutenant sergeant detective inspector "
    "former ex deputy acting us u.s. nato eu un uk state".split()
)

# Title words that end a role ("Harbourcity Mayor", "Secretary of State"), not those that only qualify one.
ROLE_TITLES = TITLE_WORDS - {"former", "ex", "deputy", "acting", "us", "u.s.", "nato", "eu", "un", "uk"}

POSSESSIVE = re.compile(r"[’']s$")

ORGANISATION_WORDS = re.compile(
    r"\b(?:council|ministry|department|agency|committee|service|bank|union|organi[sz]ation|party|group|"
    r"company|inc|ltd|club|university|press|news|office|house|court|parliament|assembly|commission|"
    r"forces|army|government|institute|association|fund|federation|network|times|post|wire)\b",
    re.IGNORECASE,
)


_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def name_guesses(text: str) -> list[Entity]:
    """Person-like names in a sentence the entity recogniser did not read: "Mark Rutte", not "White House".

    Runs of capitalised words, from after the last title, weekday or sentence opener in the run, kept
    when two or three words without an organisation word remain.
    """
    guesses = []
    for run in _capitalised_runs(text):
        titles = [i for i, w in enumerate(run) if w.group(0).lower() in TITLE_WORDS | _NOT_NAME_STARTS]
        words = run[titles[-1] + 1 :] if titles else run  # "Harbourcity Mayor Elena Lind" -> "Elena Lind"
        if words:
            name = text[words[0].start() : words[-1].end()]
            if looks_like_person_name(name):
                guesses.append(Entity(name, "PERSON", words[0].start(), words[-1].end()))
    return guesses


# The legal forms that make a name a company's: "Apple Inc.", "Boeing Co.", "Credit Suisse Group AG".
# Those only a company has, abbreviated (a full stop may follow) and whole; then "AG" and "SE", which
# are often something else ("Missouri AG", an attorney general; "Apple Watch SE").
_ABBREVIATED_FORM = r"(?:Inc|Corp|Co|Ltd|L\.P|N\.V|S\.A)\.?"
_WHOLE_FORM = r"(?:LLC|plc|Plc|PLC)"
_LEGAL_FORM = rf"(?:{_ABBREVIATED_FORM}|{_WHOLE_FORM}|AG|SE)"
# A company guessed from the text alone takes the forms that are seldom anything else: not "SE"
# ("Pennsylvania Ave SE", "Apple Watch SE"), not "AG" before a name ("Missouri AG Andrew Bailey" is an
# attorney general), and after a comma only "Inc", "Ltd", "LLC" and "L.P." ("Apple, Inc."; "Ballybunion,
# Co. Kerry" is an Irish county). "&" may join its words ("Procter & Gamble Co.", "JPMorgan Chase & Co."),
# and "of" after "Bank" ("Bank of America Corp.": not "Shares of Apple Inc.").
_COMPANY = re.compile(
    r"\b[A-Z][\w&’'-]*(?:(?:\s+&|(?<=\bBank)\s+of)?\s+[A-Z][\w&’'-]*){0,3}"
    r"(?:,\s+(?:Inc\.?|Ltd\.?|LLC|L\.P\.?)"
    rf"|(?:\s+&)?\s+(?:{_ABBREVIATED_FORM}|{_WHOLE_FORM}|AG(?!\s+[A-Z])))(?![\w-])"
)
# A time phrase that a sentence opens with before the company: "On Monday Boeing Co.", "In March Apple
# Inc.", "Yesterday Apple Inc." (not "March Networks Corp." nor "Under Armour Inc.": only a weekday,
# "yesterday" or "today" stands alone; a month needs its preposition).
_LEADING_TIME = re.compile(
    rf"(?:(?:On|In|By|Since|Until|Last|Next|Early|Late|This)\s+(?:{WEEKDAYS}|{MONTHS}|May)|{WEEKDAYS}|Yesterday|Today)"
    r",?\s+"
)


def company_guesses(text: str) -> list[Entity]:
    """Companies written with their legal form in a sentence the entity recogniser did not read, as ORGs.

    A time phrase before the name is left out: "On Monday Boeing Co." -> "Boeing Co.".
    """
    found = []
    for match in _COMPANY.finditer(text):
        start = match.start()
        time = _LEADING_TIME.match(text, start, match.end())
        if time and _COMPANY.fullmatch(text, time.end(), match.end()):  # a name is left after it
            start = time.end()
        name = text[start : match.end()]
        if any(word.lower() not in FUNCTION_WORDS for word in _WORD.findall(_COMPANY_SUFFIX.sub("", name))):
            found.append(Entity(name, "ORG", start, match.end()))  # not "The Co.", "On Inc."
    return found


def guesses(text: str) -> list[Entity]:
    """``name_guesses`` and ``company_guesses`` in text order; a company's words are not a person's."""
    companies = company_guesses(text)
    persons = [p for p in name_guesses(text) if not any(p.start < c.end and p.end > c.start for c in companies)]
    return sorted([*persons, *companies], key=lambda e: e.start)


# The legal forms that mark a company whatever the context: not "AG" ("Missouri AG", an attorney
# general) nor "SE" ("Apple Watch SE", "Pennsylvania Ave SE").
_COMPANY_FORM = re.compile(rf"(?:,?\s+{_ABBREVIATED_FORM}|\s+{_WHOLE_FORM})$")


def is_company(name: str) -> bool:
    """The name ends in a legal form that only a company has: "Apple Inc.", "Boeing Co.", not "Missouri AG"."""
    return _COMPANY_FORM.search(name) is not None


def person_after_title(ent: Entity) -> Entity:
    """The person a titled mention names: "Harbourcity Mayor Elena Lindqvist" -> PERSON "Elena Lindqvist".

    The model often takes a place, a title and a name for one ORG (or one PERSON). The name after the
    entity's last role title is the person when it is two or three capitalised words; else ``ent``.
    An ORG that opens with the title is a body's name ("State Street Global Advisors", "General
    Electric Co"), so its title must follow another word.
    """
    if ent.label not in ("ORG", "PERSON"):
        return ent
    words = list(re.finditer(r"\S+", ent.text))
    roles = [i for i, w in enumerate(words) if w.group(0)[:1].isupper() and _is_role_title(w.group(0))]
    if not roles or roles[-1] == len(words) - 1 or (ent.label == "ORG" and roles[-1] == 0):
        return ent
    first = words[roles[-1] + 1]
    name = ent.text[first.start() :]
    if not looks_like_person_name(name):
        return ent
    return Entity(name, "PERSON", ent.start + first.start(), ent.end)


# "<Title> <First name> " right before a one-word PERSON: "Defence Minister Rustem| Umerov".
_TITLE_THEN_FIRST_NAME = re.compile(r"(?:^|\s)(?P<title>[A-Z][\w.-]*)\s+(?P<first>[A-Z][\w’'-]*)\s$")


def first_name_before(text: str, ent: Entity) -> Entity:
    """ "Defence Minister Rustem Umerov", where the model found only "Umerov" -> PERSON "Rustem Umerov".

    Only after a role title, so "Kyiv Umerov" or a sentence's first word ("Yesterday Umerov") stay out.
    """
    if ent.label != "PERSON" or " " in ent.text:
        return ent
    match = _TITLE_THEN_FIRST_NAME.search(text, 0, ent.start)
    if match is None or not _is_role_title(match.group("title")):
        return ent
    first = match.group("first")
    if not _is_name_word(first) or first.lower() in TITLE_WORDS | _NOT_NAME_STARTS:
        return ent
    return Entity(text[match.start("first") : ent.end], "PERSON", match.start("first"), ent.end)


def person_before_affiliation(ent: Entity) -> Entity:
    """ "Alexandra Olgin of South Carolina Public Radio", read as one ORG -> PERSON "Alexandra Olgin"."""
    match = _OF_AFFILIATION.match(ent.text) if ent.label == "ORG" else None
    if match is None or not looks_like_person_name(match.group(1)):
        return ent
    if match.group(1).split()[0].lower().strip(".") in _NOT_NAME_STARTS | TITLE_WORDS:  # "The Faculty of ..."
        return ent
    if _INSTITUTION_WORDS.search(match.group(1)):  # "Royal College of Nursing", "American Academy of ..."
        return ent
    return Entity(match.group(1), "PERSON", ent.start, ent.start + len(match.group(1)))


# Lower-case particles inside a name: "Ursula von der Leyen", "Ludwig van Beethoven".
NAME_PARTICLES = frozenset("von van der den de da del della di du la le ter zu bin al el".split())


def join_name_particles(entities: list[Entity]) -> list[Entity]:
    """ "Ursula von der" (PERSON) + "Leyen" (any label) one space after -> PERSON "Ursula von der Leyen".

    The recogniser often ends a person's name at its particle and labels the rest on its own.
    """
    joined: list[Entity] = []
    for ent in entities:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.label == "PERSON"
            and last.text.split()[-1] in NAME_PARTICLES
            and ent.start == last.end + 1
            and ent.text[:1].isupper()
        ):
            joined[-1] = Entity(f"{last.text} {ent.text}", "PERSON", last.start, ent.end)
        else:
            joined.append(ent)
    return joined


_ACRONYM = re.compile(r"[A-Z]{3,6}")
_ACRONYM_SKIPPED = frozenset({"of", "and", "the", "for", "on", "in", "&"})


def acronyms(name: str) -> list[str]:
    """What news copy abbreviates a body to: "California Department of Motor Vehicles" -> CDMV and DMV.

    The initials of its words (without "of", "and", ...), and those of the name without its first words
    where these are a place before an office ("California") or a country's initials ("U.S."), while three
    letters or more remain. None unless every word is capitalised.
    """
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", name) if w.lower() not in _ACRONYM_SKIPPED]
    if len(words) < 3 or not all(w[0].isupper() for w in words):
        return []
    initials = "".join(w[0] for w in words).upper()
    return [initials] + [initials[i:] for i in range(1, len(initials) - 2) if _drops_a_prefix(words, i)]


# "Department of Motor Vehicles", "Office of Management and Budget": a body that a place or a country's
# initials may precede ("California Department ...", "U.S. Office ...").
_OFFICE_WORDS = frozenset(
    "department office bureau agency ministry administration commission board division directorate "
    "service services authority institute".split()
)


def _drops_a_prefix(words: list[str], start: int) -> bool:
    """ "California Department of Motor Vehicles" is also the DMV, "U.S. Food and Drug Administration" the
    FDA; the "United Nations Security Council" is not the NSC, nor the "Los Angeles Police Department" the APD."""
    if words[start].lower() in _OFFICE_WORDS:
        return True
    return len(words[start]) > 1 and all(len(w) == 1 or (w.isupper() and len(w) <= 3) for w in words[:start])


def is_acronym(name: str) -> bool:
    return _ACRONYM.fullmatch(name) is not None


def _is_role_title(word: str) -> bool:
    return word.lower().strip(".,") in ROLE_TITLES


_COMPANY_SUFFIX = re.compile(rf"(?:,?\s+(?:&\s+)?{_LEGAL_FORM}\.?)+$")


def organisation_key(name: str) -> str:
    """ "Apple Inc." and "Apple" -> "apple", "Boeing Co." -> "boeing": a body's name without its legal form."""
    return _COMPANY_SUFFIX.sub("", without_article(name)).lower()


def without_article(name: str) -> str:
    """ "the Pentagon", "The White House" -> "Pentagon", "White House"."""
    name = name.strip()
    return name[4:].lstrip() if name[:4].lower() == "the " else name


# Roles written in lower case before a name ("said chief inspector Jennifer Mattinson").
_ROLE_WORD = re.compile(rf"(?:{ROLE_NOUNS}|inspector|officer|executive|professor|detective|attorney|lawyer)", re.I)


def title_only(text: str) -> bool:
    """ "Harbourcity Mayor ", "chief inspector ": a title between a speech verb and the name it gives.

    Capitalised words ending in a role title (what ``person_after_title`` leaves before a name), or up to
    three lower-case words ending in a role.
    """
    words = text.split()
    if words and words[0] == "the":
        words.pop(0)
    if not words:
        return False
    if all(w[0].isupper() for w in words):
        return _is_role_title(words[-1])
    return len(words) <= 3 and all(w.isalpha() and w.islower() for w in words) and bool(_ROLE_WORD.fullmatch(words[-1]))


def _capitalised_runs(text: str) -> list[list[re.Match]]:
    """Runs of capitalised words separated by spaces only, in any alphabet ("Recep Tayyip Erdoğan")."""
    runs: list[list[re.Match]] = []
    run: list[re.Match] = []
    for word in _WORD.finditer(text):
        joined = bool(run) and not text[run[-1].end() : word.start()].strip()
        if not _is_name_word(word.group(0)):
            run = []
        elif joined:
            run.append(word)
        else:
            run = [word]
            runs.append(run)
    return runs


def _is_name_word(word: str) -> bool:
    """ "Rutte", "Erdoğan", "Jørgen": a capital, then lower-case letters (apostrophes and hyphens allowed)."""
    return len(word) > 1 and word[0].isupper() and all(c.islower() or c in "’'-" for c in word[1:])


_NOT_NAME_STARTS = FUNCTION_WORDS | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


def looks_like_person_name(text: str) -> bool:
    """Two or three capitalised words, none an organisation word: "Rustem Umerov", not "White House"."""
    words = text.split()
    return 2 <= len(words) <= 3 and all(_is_name_word(w) for w in words) and not ORGANISATION_WORDS.search(text)


# Bodies named "<adjective> <noun> of ...", which read like "<first name> <surname> of ...".
_INSTITUTION_WORDS = re.compile(
    r"\b(?:college|academy|school|society|museum|chamber|church|diocese|archdiocese|republic|borough|clinic|"
    r"order|duchy|courts?|library|hospital|cathedral|foundation|trust|centre|center|board|league|alliance|"
    r"bureau|corps|guard|navy|police|friends|sisters|brothers|knights|daughters|sons|bishop|archbishop)\b",
    re.IGNORECASE,
)
# "Alexandra Olgin of South Carolina Public Radio", "Alexandra Olgin of": after two name words at least
# (not "Secretary of State Antony Blinken").
_OF_AFFILIATION = re.compile(r"^((?:[A-Z][\w’'.-]*\s+){1,3}?[A-Z][\w’'.-]*)\s+of\b.*$")


def clean_person_name(text: str) -> str:
    """ "President Donald Trump's" -> "Donald Trump": titles, possessives and "of <body>" removed."""
    text = POSSESSIVE.sub("", _OF_AFFILIATION.sub(r"\1", text.strip()))
    words = text.split()
    while len(words) > 1 and (words[0].lower().strip(".") in TITLE_WORDS or words[0] == "of"):  # "Secretary of State"
        words.pop(0)
    return " ".join(words)


def with_title(text: str, ent: Entity) -> str:
    """The person's mention with the capitalised title before it: "NATO Secretary General Mark Rutte",
    "Secretary of State Marco Rubio", "Chief of Staff Susie Wiles", "Transport Secretary Jane Holt"."""
    words = text[: ent.start].split()[-6:]
    title: list[str] = []
    while words:
        word = words[-1]
        if word[:1].isupper() and word.lower().strip(".") in TITLE_WORDS:
            title.insert(0, words.pop())
        elif title and word == "of" and len(words) >= 2 and _is_role_title(words[-2]):  # "Secretary of State"
            title.insert(0, words.pop())
        elif title and _is_role_title(title[0]) and _is_portfolio(word):  # "Transport Secretary"
            title.insert(0, words.pop())
            break
        else:
            break
    return " ".join([*title, ent.text])


def _is_portfolio(word: str) -> bool:
    """ "Transport", "Health", "Energy" before a role title; not "Monday", "The" or "Kyiv,"."""
    return _is_name_word(word) and word.lower() not in _NOT_NAME_STARTS and not ORGANISATION_WORDS.search(word)
