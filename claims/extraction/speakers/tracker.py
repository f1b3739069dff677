"""Who a sentence is attributed to, with in-article coreference and no dependency parse.

News attributes statements in a handful of surface patterns: "<subject> said/confirmed/stressed ...",
"“...,” <subject> said", "said <subject>", "according to <subject>". The subject is a named entity
("Mark Rutte", "NATO"), a surname ("Rutte"), a pronoun ("he", "she") or a role description ("the
former Dutch prime minister", "the political head of the alliance", "the Dutch leader"). Pronouns and
role descriptions resolve to the *salient* person: the last person a statement was attributed to,
else the last person named. A sentence that is only a quotation inherits the previous quotation's
speaker. Surnames resolve to the longest full name with that surname in the same article.

Spans come from spaCy's entity recogniser only: matching these patterns on the text is far cheaper
than the dependency parser and, for attribution in news copy, as accurate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from claims.extraction.names import (
    POSSESSIVE,
    Entity,
    acronyms,
    clean_person_name,
    is_acronym,
    is_company,
    looks_like_person_name,
    organisation_key,
    title_only,
    with_title,
    without_article,
)
from claims.extraction.speakers.patterns import (
    ABBREVIATION,
    ADVERB_BEFORE_VERB,
    APPOSITIVE,
    BARE_COMPANY,
    BEFORE_VERB,
    BODY_AFTER,
    BODY_BEFORE,
    CAPITALISED_RUN,
    COMPANY_NOUNS,
    INITIAL_PRONOUN,
    INTRODUCES_QUOTATION,
    INTRODUCTION_TAIL,
    INVERTED,
    LEAD,
    LY_NOUNS,
    MOSTLY_QUOTE,
    NAME_AT_END,
    NAME_CLOSES,
    NAME_THEN_VERB,
    NOT_BEFORE_ADVERB,
    NOT_SUBJECT_BEFORE,
    OBJECT_BEFORE,
    OF_BODY,
    PLAIN_APPOSITIVE,
    PLAIN_WORDS,
    PRONOUN_AFTER,
    PRONOUN_BEFORE,
    PRONOUN_INVERTED,
    ROLE_NP,
    ROLE_NP_AFTER,
    ROLE_THEN_NAME,
    SOMEONE_ELSE,
    SPOKESPERSON,
    SPOKESPERSON_FOR,
    TITLED_APPOSITIVE,
    TOLD,
    introduces_content,
    opens_clause,
    reported_passively,
    speech_verbs,
)


@dataclass(frozen=True)
class Attribution:
    """A resolved speaker: canonical ``name``, whether a ``person``, and the mention as written.

    ``inherited``: taken from the quotation before, not named for this sentence.
    """

    name: str
    is_person: bool
    mention: str
    inherited: bool = False


@dataclass
class SpeakerTracker:
    """Reads an article's sentences in order and attributes each one."""

    full_names: dict[str, str] = field(default_factory=dict)  # surname -> longest full name
    organisations: dict[str, str] = field(default_factory=dict)  # key -> longest name, last named last
    acronyms: dict[str, str] = field(default_factory=dict)  # "DMV" -> the last body named that it abbreviates
    salient: Attribution | None = None
    last_quote_speaker: Attribution | None = None
    sentences_since_quote: int = 99
    introducer: Attribution | None = None  # the speaker of the last sentence if it ended in "She said:"
    other_introducer: bool = False  # it ended in "Jones replied:" and Jones was not found

    def register(self, entities: list[Entity]) -> None:
        for ent in entities:
            if ent.label == "PERSON" or (ent.label == "ORG" and looks_like_person_name(ent.text)):
                name = clean_person_name(ent.text)
                parts = name.split()
                if len(parts) >= 2 and len(name) > len(self.full_names.get(parts[-1], "")):
                    self.full_names[parts[-1]] = name
            elif ent.label == "ORG":
                name = POSSESSIVE.sub("", without_article(ent.text))
                key = organisation_key(name)
                if key:  # re-inserted: the dict's order is the order bodies were last named in
                    self.organisations[key] = max(name, self.organisations.pop(key, ""), key=len)
                for acronym in acronyms(name):
                    self.acronyms[acronym] = name

    def observe(self, text: str, entities: list[Entity], *, from_model: bool) -> None:
        """A sentence attributed to no one: learn its names; a person it opens with becomes salient.

        "Umerov called the meeting successful. He said ...": the next "he" is Umerov. Only the model's
        entities (``from_model``) can replace the salient person: a capitalised guess may be a place
        ("South Korea joined the talks"). Guesses only fill the slot while nobody is salient yet.
        """
        self.register(entities)
        subject = self._initial_subject(text, entities) if from_model else None
        if subject is not None:
            self.salient = subject
        else:
            self._note_named_person(entities)
        self.sentences_since_quote += 1
        self.introducer, self.other_introducer = None, False

    def canonical(self, name: str) -> str:
        """The longest full name known for ``name``'s surname, else ``name``."""
        parts = name.split()
        return self.full_names.get(parts[-1], name) if parts else name

    def canonical_organisation(self, name: str) -> str:
        """ "Apple" -> "Apple Inc." when the article also calls it that, "DMV" -> "California Department of
        Motor Vehicles" when the article names it in full, else ``name``."""
        name = self.organisations.get(organisation_key(name), name)
        return self.acronyms.get(name, name) if is_acronym(name) else name

    def attribute(
        self,
        text: str,
        entities: list[Entity],
        *,
        quoted: bool,
        continues_quote: bool = False,
        quote_share: float = 0.0,
        quote_end: int | None = None,
    ) -> Attribution | None:
        """The speaker of ``text``; updates the salient person and the last quotation's speaker.

        ``continues_quote``: the sentence opens inside a quotation begun in the previous sentence, so
        it has that quotation's speaker unless a speech verb after the quotation's end (``quote_end``,
        an offset in ``text``) names another or no one ("... collected,” Prelogar said."). A sentence
        mostly inside quotation marks (``quote_share``, measured on the quotations' spans, which may
        cross sentences) and attributed to no one inherits the last quotation's speaker.
        """
        self.register(entities)
        own_attribution = quote_end is not None and any(speech_verbs(text, quote_end))
        if continues_quote and self.last_quote_speaker is not None:
            found = self._explicit(text, entities, after=quote_end) if own_attribution else self._inherited()
        else:
            found = self._explicit(text, entities)
            if found is None and not reported_passively(text):
                found = self._initial_subject(text, entities)
        mostly_quote = quote_share >= MOSTLY_QUOTE
        if found is None and not own_attribution and quoted and mostly_quote:
            if self.introducer is not None:  # right after "She said:"
                found = replace(self.introducer, inherited=True)
            elif self.sentences_since_quote <= 2 and not self.other_introducer:
                found = self._inherited()
        if found is not None and found.is_person:
            self.salient = found
        elif found is None:
            self._note_named_person(entities)
        self.sentences_since_quote = 0 if quoted else self.sentences_since_quote + 1
        if quoted and found is not None:
            self.last_quote_speaker = found
        elif quoted and own_attribution and SOMEONE_ELSE.search(text, quote_end):
            self.last_quote_speaker = None  # "“...,” said a Virginia Democrat": the earlier speaker stops here
        elif not quoted and found and self.last_quote_speaker and found.name != self.last_quote_speaker.name:
            self.last_quote_speaker = None  # "Senator Jane Doe said the figures were wrong." in between
        # "She said:" ends the sentence: the quotation in the next sentence is hers. "Jones replied:",
        # "A spokesman said:" resolved to no one: the next quotation is not the last speaker's either.
        introduction = text.rstrip().endswith(":") and INTRODUCES_QUOTATION.search(text[-INTRODUCTION_TAIL:])
        self.introducer = found if introduction else None
        self.other_introducer = bool(introduction) and found is None and SOMEONE_ELSE.search(text) is not None
        return found

    def _inherited(self) -> Attribution | None:
        return replace(self.last_quote_speaker, inherited=True) if self.last_quote_speaker else None

    def _explicit(self, text: str, entities: list[Entity], *, after: int = 0) -> Attribution | None:
        for verb in speech_verbs(text, after):
            # "..., for President Richard Nixon, according to the New York Times": the source follows.
            according = verb.group(0).lower() == "according to"
            before = None if according else self._subject_before(text, verb.start(), entities)
            found = before or self._subject_after(text, verb, entities)
            if found is not None:
                return found
        return None

    def _subject_before(self, text: str, verb_start: int, entities: list[Entity]) -> Attribution | None:
        # The regular expression scans the whole sentence; most verbs have no "-ly" word before them.
        adverb = text[:verb_start].rstrip().endswith("ly") and ADVERB_BEFORE_VERB.search(text, 0, verb_start)
        if (
            adverb
            and adverb.group("word").lower() not in NOT_BEFORE_ADVERB
            and adverb.group("adverb") not in LY_NOUNS
            and introduces_content(text, verb_start)
        ):
            verb_start = adverb.end("word") + 1
        abbreviation = ABBREVIATION.search(text, 0, verb_start)
        if abbreviation:
            verb_start = abbreviation.start()
            spelled_out = self._spelled_out(text[:verb_start], abbreviation.group(0).strip(" ()"))
            if spelled_out is not None:
                return spelled_out
        window_start = max(text.rfind(mark, 0, verb_start) for mark in ("”", '"', ";", "(")) + 1
        appositive = self._appositive(text, window_start, verb_start, entities)
        if appositive and appositive.start() > window_start:
            verb_start = appositive.start()
        named = self._entity_before(text, window_start, verb_start, entities)
        if named is not None:
            return self._from_entity(text, named)
        window = text[window_start:verb_start]
        known = NAME_AT_END.search(window)
        if known and known.group(1) in self.full_names:
            return Attribution(self.full_names[known.group(1)], True, known.group(1))
        if PRONOUN_BEFORE.search(window) or ROLE_NP.search(window):
            return self._salient_mention(PRONOUN_BEFORE.search(window) or ROLE_NP.search(window))
        body = BODY_BEFORE.search(window)
        return self._body(body) if body else None

    def _entity_before(self, text: str, start: int, verb_start: int, entities: list[Entity]) -> Entity | None:
        """The person or body right before the verb: "Mark Rutte (also) said", "A Europol spokesman said",
        "Capt. James Sarnicki of the Linden Police Department told"."""
        tail = [e for e in entities if e.end <= verb_start and e.start >= start]
        if not tail:
            return None
        last = tail[-1]
        if last.label == "ORG" and SPOKESPERSON.match(text[last.end : verb_start]):
            return last
        if not BEFORE_VERB.match(text[last.end : verb_start]):
            return None
        if len(tail) >= 2 and self._is_person(tail[-2]) and OF_BODY.match(text[tail[-2].end : last.start]):
            return tail[-2]
        # "A lawyer for Smith has said", "Neither Trump nor Musk has said": not the subject; "a spokesman
        # for Acme said" speaks for Acme.
        object_of = NOT_SUBJECT_BEFORE.search(text, start, last.start) and not (
            last.label == "ORG" and SPOKESPERSON_FOR.search(text, start, last.start)
        )
        return last if (last.label == "ORG" or self._is_person(last)) and not object_of else None

    def _appositive(self, text: str, start: int, end: int, entities: list[Entity]) -> re.Match | None:
        """The appositives between the subject and its verb at ``end``, if any.

        A part that ends in a person's name is that person's title, not an appositive: in "Asked about
        Netanyahu, Secretary of State Marco Rubio said" and "Separately, chief executive Jane Fraser, who
        joined in 2021, said" the subject is the name, so the search goes on to the right of it.
        """
        pos = start
        while (match := APPOSITIVE.search(text, pos, end)) is not None:
            if not self._titles_a_name(text, match, end, entities):
                return match
            pos = match.start() + 1
        match = TITLED_APPOSITIVE.search(text, start, end)
        if match is None or self._titles_a_name(text, match, end, entities):
            return None
        before = [e for e in entities if e.end <= match.start()]
        named = before and self._is_person(before[-1]) and not text[before[-1].end : match.start()].strip()
        return match if named else None  # "Eric Durr, Director of Public Affairs at ..."

    def _titles_a_name(self, text: str, match: re.Match, end: int, entities: list[Entity]) -> bool:
        """A comma-separated part of ``match`` is a title before a person's name ("Secretary of State Marco
        Rubio"); "attorney for the family of George Floyd" is not: the name is the object of "of"."""
        commas = [i for i in range(match.start(), end) if text[i] == ","]
        for part_start, next_comma in zip(commas, [*commas[1:], end], strict=True):
            if PLAIN_APPOSITIVE.match(text, part_start + 1, next_comma):
                continue
            part_end = len(text[:next_comma].rstrip())
            for e in entities:
                if part_start < e.start and e.end == part_end and self._is_person(e):
                    if not OBJECT_BEFORE.search(text, part_start, e.start):
                        return True
        return False

    def _spelled_out(self, before: str, abbreviation: str) -> Attribution | None:
        """ "the Universities and Colleges Employers’ Association (UCEA) said": the words it abbreviates."""
        run = CAPITALISED_RUN.search(before)
        if run is None or abbreviation not in acronyms(run.group(0)):
            return None
        words = run.group(0).split()
        for start in range(len(words)):
            if not words[start][:1].isupper():  # "and the International Monetary Fund (IMF)"
                continue
            name = " ".join(words[start:])
            if acronyms(name)[:1] == [abbreviation]:
                self.register([Entity(name, "ORG", 0, 0)])
                return Attribution(name, False, f"{name} ({abbreviation})")
        return None

    def _subject_after(self, text: str, verb: re.Match, entities: list[Entity]) -> Attribution | None:
        verb_end = verb.end()
        after = text[verb_end:]
        according = verb.group(0).lower() == "according to"
        # "according to the New York Times": the article may stand outside the entity's span.
        between = ("", "the") if according else ("",)
        head = [
            e
            for e in entities
            if e.start >= verb_end
            and (
                text[verb_end : e.start].strip(" ,") in between
                or title_only(text[verb_end : e.start])
                or (ROLE_THEN_NAME.match(text, verb_end, e.start) and NAME_CLOSES.match(text, e.end))
            )
        ]
        # "X said he saw ...", "Reports said Amri had arrived ...": a name or pronoun right after the verb is
        # the reported clause's subject, not the speaker. Only "according to" and an inverted attribution
        # ("“...,” said the mayor", "..., said John Smith") name the speaker after the verb.
        before = text[: verb.start()]
        # "..., told NBC News": after "told" comes the listener.
        inverted = bool(INVERTED.search(before)) and not APPOSITIVE.search(before) and verb.group(0).lower() not in TOLD
        if head and (according or inverted) and (head[0].label == "ORG" or self._is_person(head[0])):
            return self._from_entity(text, head[0])
        if according:
            match = PRONOUN_AFTER.match(after) or ROLE_NP_AFTER.match(after)
            return self._salient_mention(match) if match else None
        if not inverted:
            return None
        match = PRONOUN_INVERTED.match(after) or ROLE_NP_AFTER.match(after)
        if match:
            return self._salient_mention(match)
        body = BODY_AFTER.match(after)
        return self._body(body) if body else None

    def _initial_subject(self, text: str, entities: list[Entity]) -> Attribution | None:
        """ "Rutte expressed ...", "He pointed out ...": the subject that opens the sentence."""
        lead = LEAD.match(text).end()
        first = next((e for e in entities if e.start <= lead + 40 and self._is_person(e)), None)
        if first is not None and PLAIN_WORDS.match(text[lead : first.start]) and opens_clause(text, first):
            return self._from_entity(text, first)
        known = NAME_THEN_VERB.match(text[lead:])
        if known and known.group(1) in self.full_names:
            return Attribution(self.full_names[known.group(1)], True, known.group(1))
        match = INITIAL_PRONOUN.match(text)
        return self._salient_mention(match) if match else None

    def _is_person(self, ent: Entity) -> bool:
        """A PERSON entity, a person-like name the model took for an ORG, or a known surname."""
        if ent.label == "PERSON" or ent.text in self.full_names:
            return True
        return ent.label == "ORG" and looks_like_person_name(ent.text)

    def _salient_mention(self, match: re.Match) -> Attribution | None:
        if self.salient is None:
            return None
        return Attribution(self.salient.name, True, match.group(match.lastindex or 0).strip(" ,"))

    def _body(self, match: re.Match) -> Attribution | None:
        """ "the commission" -> the last body named with "Commission" in its name, "the company" -> the body
        named last if it is a company named with its legal form, else no one."""
        noun = match.group("noun").lower()
        mention = match.group(0).strip(" ,")
        if noun in COMPANY_NOUNS:
            last = next(reversed(self.organisations.values()), None)
            # Only a bare "the company" ("the research firm" is another one), and only if the body named
            # last is a company with its legal form.
            if last is None or not is_company(last) or not BARE_COMPANY.fullmatch(mention):
                return None
            return Attribution(last, False, mention)
        named = [name for name in self.organisations.values() if noun in name.lower().split()]
        return Attribution(named[-1], False, mention) if named else None

    def _from_entity(self, text: str, ent: Entity) -> Attribution:
        if not self._is_person(ent):
            return Attribution(without_article(ent.text), False, ent.text)
        mention = with_title(text, ent)
        return Attribution(self.canonical(clean_person_name(ent.text)), True, mention)

    def _note_named_person(self, entities: list[Entity]) -> None:
        persons = [e for e in entities if e.label == "PERSON"]
        if persons and self.salient is None:
            name = self.canonical(clean_person_name(persons[0].text))
            self.salient = Attribution(name, True, persons[0].text)
