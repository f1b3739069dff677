"""The search query built from a claim: entities, quoted phrases, key terms, date window."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from claims.corroboration import claim_search_query, query_describe
from tests.factories import AppearanceFactory, ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_it_builds_entities_phrases_and_key_terms_from_the_claim():
    claim = ClaimFactory(
        statement='Mark Rutte said NATO has "no consensus" on Ukraine membership at the Washington summit.',
        speaker=SpeakerFactory(name="Mark Rutte"),
    )

    query = claim_search_query(claim=claim)

    assert query.text == claim.statement
    assert query.entities[0] == "Mark Rutte"
    assert {"NATO", "Ukraine"} <= set(query.entities)
    assert query.phrases == ("no consensus",)
    assert "membership" in query.keywords
    assert "Rutte" not in query.keywords  # already an entity
    assert "the" not in {k.lower() for k in query.keywords}


def test_it_puts_the_date_window_around_the_first_appearances_article(settings):
    settings.CORROBORATION_WINDOW_DAYS_BEFORE = 10
    settings.CORROBORATION_WINDOW_DAYS_AFTER = 3
    claim = ClaimFactory()
    early = datetime.fromisoformat("2025-03-01T12:00:00+00:00")
    AppearanceFactory(claim=claim, article=ArticleFactory(published_at=early + timedelta(days=30)))
    AppearanceFactory(claim=claim, article=ArticleFactory(published_at=early))

    query = claim_search_query(claim=claim)

    assert query.since == early - timedelta(days=10)
    assert query.until == early + timedelta(days=3)
    assert "window: 2025-02-19 to 2025-03-04" in query_describe(query)


def test_it_takes_quoted_phrases_from_the_verbatim_quote():
    claim = ClaimFactory(statement="The minister said unemployment fell.")
    AppearanceFactory(claim=claim, quote="“Unemployment fell to a record low”, she said.")

    assert claim_search_query(claim=claim).phrases == ("Unemployment fell to a record low",)


def test_a_claim_without_a_dated_appearance_has_no_window():
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, article=ArticleFactory(published_at=None), appeared_at=None)

    query = claim_search_query(claim=claim)

    assert (query.since, query.until) == (None, None)
    assert "window" not in query_describe(query)
