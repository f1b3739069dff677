"""Fixtures for the sources tests: the small corpus in tests/fixtures/corpus, fast isolated fetching."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fetch_support import MappingResolver, fetch_environment

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def imported_corpus(db, corpus_dir):
    """The fixture corpus stored and indexed (lexical only)."""
    from sources.services.documents import collection_import

    return collection_import(directory=str(corpus_dir))


@pytest.fixture
def fast_fetching(settings):
    """Fetching from the loopback fixture server only, fast (the test_fetching* modules use it for every test)."""
    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        yield
