"""Speakers: one row per person or body, however an article spells it.

- A person: "NATO Secretary General Mark Rutte", "Mark Rutte" and "Rutte" are one Speaker (name "Mark
  Rutte", the other spellings in ``aliases``, the title in ``role``). A surname alone joins the one
  stored person whose name ends with it.
- A body: the article's own spelling and its abbreviation are aliases of its full name. "the DMV"
  (which the extraction resolved to "California Department of Motor Vehicles"), "Universities and
  Colleges Employers’ Association (UCEA)": later articles that write only "DMV" or "UCEA" find it. A
  body first stored under its initials ("NATO") takes the full name when an article spells it out
  ("North Atlantic Treaty Organization"), keeping the initials as an alias. Only a speaker *named* by
  the initials is renamed, so two bodies with the same initials are not merged.
"""

from __future__ import annotations

import re

from django.db.models import Q

from claims.extraction.names import acronyms, clean_person_name, is_acronym, without_article
from claims.models import Speaker

# "Universities and Colleges Employers’ Association (UCEA)": a name, then its abbreviation in brackets.
_NAME_WITH_ABBREVIATION = re.compile(r"(?P<name>.+?)\s*\((?P<abbreviation>[A-Z][A-Z&.-]{1,9})\)")
_PRONOUN_OR_ROLE = re.compile(r"^(?:He|She|The)\b")


def speaker_resolve(*, name: str | None, mention: str = "", is_person: bool = True) -> Speaker | None:
    """The Speaker for ``name`` (found by name, alias, surname or initials; created when new)."""
    if not name:
        return None
    core = clean_person_name(name) if is_person else name.strip()
    speaker = _speaker_lookup(core, is_person=is_person)
    if speaker is None:
        speaker, _ = Speaker.objects.get_or_create(name=core[:200], defaults={"is_organisation": not is_person})
    if is_person:
        _person_learn(speaker, core=core, mention=mention)
    else:
        _body_learn(speaker, core=core, mention=mention)
    return speaker


def _speaker_lookup(core: str, *, is_person: bool) -> Speaker | None:
    exact = Speaker.objects.filter(Q(name__iexact=core) | Q(aliases__contains=[core])).order_by("id").first()
    if exact is not None:
        return exact
    parts = core.split()
    if not is_person:
        initials = acronyms(core)[:1]  # "North Atlantic Treaty Organization" -> a body stored as "NATO"
        return Speaker.objects.filter(is_organisation=True, name__in=initials).order_by("id").first()
    if len(parts) == 1:
        # A surname alone: the one stored person whose name ends with it.
        found = list(Speaker.objects.filter(is_organisation=False, name__iendswith=f" {core}")[:2])
        return found[0] if len(found) == 1 else None
    return Speaker.objects.filter(is_organisation=False, name__iexact=parts[-1]).order_by("id").first()


def _person_learn(speaker: Speaker, *, core: str, mention: str) -> None:
    """Grow the speaker's name to the full name and keep the other spellings as aliases."""
    spellings = {core}
    if mention and mention[0].isupper() and not _PRONOUN_OR_ROLE.match(mention):
        spellings.add(mention.strip())
    if len(core.split()) > len(speaker.name.split()):
        spellings.add(speaker.name)
        speaker.name = core[:200]
    if len(speaker.name.split()) > 1:
        spellings.add(speaker.name.split()[-1])
    if not speaker.role and mention.endswith(speaker.name) and mention != speaker.name:
        speaker.role = mention[: -len(speaker.name)].strip()[:300]
    _add_aliases(speaker, spellings)


def _body_learn(speaker: Speaker, *, core: str, mention: str) -> None:
    """Keep the article's spelling and abbreviation of a body; a body known by its initials takes the full
    name."""
    spellings = {core}
    written = without_article(mention.strip())
    if written[:1].isupper():  # not "the commission staff"
        both = _NAME_WITH_ABBREVIATION.fullmatch(written)
        spellings.update(both.group("name", "abbreviation") if both else {written})
    if is_acronym(speaker.name) and speaker.name in acronyms(core)[:1]:
        spellings.add(speaker.name)
        speaker.name = core[:200]
    _add_aliases(speaker, spellings)


def _add_aliases(speaker: Speaker, spellings: set[str]) -> None:
    new_aliases = sorted(s[:200] for s in spellings if s and s != speaker.name and s not in speaker.aliases)
    speaker.aliases = [*speaker.aliases, *new_aliases]
    speaker.save()
