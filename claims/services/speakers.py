"""Speakers: one row per person or body, however an article spells it.

- A person: "NATO Secretary General Mark Rutte", "Mark Rutte" and "Rutte" are one Speaker (name "Mark
  Rutte", the other spellings in ``aliases``, the title in ``role``). A surname alone joins the one
  stored person whose name ends with it.
- A body: the abbreviation an article ties to its full name is an alias. "the DMV" (which the extraction
  resolved to "California Department of Motor Vehicles" named earlier in the article), "Universities and
  Colleges Employers’ Association (UCEA)": later articles that write only "DMV" or "UCEA" find it. A
  body first stored under its initials ("NATO") takes the full name when an article ties the two, and
  keeps the initials as an alias. A full name alone never claims a row named by initials: "CIA" is not
  the Culinary Institute of America.
- Persons and bodies are looked up apart: the company "Bloomberg" does not join Michael Bloomberg
  through his surname, nor a person "Ford" the carmaker through its alias. (Names are unique, so a
  person and a body with the very same name share a row.) The rows are read locked, so two ingestions
  naming the same speaker at once do not write over each other's renames and aliases.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q

from claims.extraction.names import acronyms, clean_person_name, is_acronym, organisation_key, without_article
from claims.models import Speaker

# "Universities and Colleges Employers’ Association (UCEA)": a name, then its abbreviation in brackets.
_NAME_WITH_ABBREVIATION = re.compile(r"(?P<name>.+?)\s*\((?P<abbreviation>[A-Z][A-Z&.-]{1,9})\)")
_PRONOUN_OR_ROLE = re.compile(r"^(?:He|She|The)\b")


@transaction.atomic
def speaker_resolve(*, name: str | None, mention: str = "", is_person: bool = True) -> Speaker | None:
    """The Speaker for ``name`` (found by name, alias, surname or abbreviation; created when new)."""
    if not name:
        return None
    core = (clean_person_name(name) if is_person else name.strip())[:200].rstrip()
    speaker = _speaker_lookup(core, mention=mention, is_person=is_person)
    if speaker is None:
        speaker, _ = Speaker.objects.get_or_create(name=core, defaults={"is_organisation": not is_person})
    if is_person:
        _person_learn(speaker, core=core, mention=mention)
    else:
        _body_learn(speaker, core=core, mention=mention)
    return speaker


def _speaker_lookup(core: str, *, mention: str, is_person: bool) -> Speaker | None:
    # Locked: a concurrent ingestion would otherwise save a stale copy over a rename or new aliases.
    same_kind = Speaker.objects.select_for_update().filter(is_organisation=not is_person).order_by("id")
    exact = same_kind.filter(Q(name__iexact=core) | Q(aliases__contains=[core])).first()
    if exact is not None:
        return exact
    parts = core.split()
    if not is_person:
        # Only an abbreviation the article itself ties to the name ("the DMV", "(UCEA)") finds a body
        # stored by its initials: "CIA" is not the Culinary Institute of America.
        short = _spelling_and_abbreviation(core, mention)[1]
        return same_kind.filter(name=short).first() if short else None
    if len(parts) == 1:
        # A surname alone: the one stored person whose name ends with it.
        found = list(same_kind.filter(name__iendswith=f" {core}")[:2])
        return found[0] if len(found) == 1 else None
    return same_kind.filter(name__iexact=parts[-1]).first()


def _person_learn(speaker: Speaker, *, core: str, mention: str) -> None:
    """Grow the speaker's name to the full name and keep the other spellings as aliases."""
    spellings = {core}
    if mention and mention[0].isupper() and not _PRONOUN_OR_ROLE.match(mention):
        spellings.add(mention.strip())
    if len(core.split()) > len(speaker.name.split()):
        spellings.add(speaker.name)
        speaker.name = core
    if len(speaker.name.split()) > 1:
        spellings.add(speaker.name.split()[-1])
    if not speaker.role and mention.endswith(speaker.name) and mention != speaker.name:
        speaker.role = mention[: -len(speaker.name)].strip()[:300]
    _add_aliases(speaker, spellings)


def _body_learn(speaker: Speaker, *, core: str, mention: str) -> None:
    """Keep the article's spelling ("Apple" for "Apple Inc.", not "Commission" for "The Commission said")
    and the abbreviation it ties to the name; a body stored by that abbreviation takes the full name."""
    written, short = _spelling_and_abbreviation(core, mention)
    spellings = {core, short} if short else {core}
    if organisation_key(written) == organisation_key(core):
        spellings.add(written)
    if short and speaker.name == short and not Speaker.objects.filter(name=core).exists():
        spellings.add(speaker.name)
        speaker.name = core
    _add_aliases(speaker, spellings)


def _spelling_and_abbreviation(core: str, mention: str) -> tuple[str, str | None]:
    """The name as the mention writes it, and the abbreviation of ``core`` it writes, if any: "the DMV"
    -> ("DMV", "DMV"), "... Employers’ Association (UCEA)" -> ("... Employers’ Association", "UCEA")."""
    written = without_article(mention.strip())
    both = _NAME_WITH_ABBREVIATION.fullmatch(written)
    name, short = both.group("name", "abbreviation") if both else (written, written)
    return name, short if is_acronym(short) and short in acronyms(core) else None


def _add_aliases(speaker: Speaker, spellings: set[str]) -> None:
    spellings = {s.strip()[:200].rstrip() for s in spellings}
    new_aliases = sorted(s for s in spellings if s and s != speaker.name and s not in speaker.aliases)
    speaker.aliases = [*speaker.aliases, *new_aliases]
    speaker.save()
