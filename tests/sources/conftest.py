"""Fixtures for the document index and ranking tests: the small corpus in tests/fixtures/corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def imported_corpus(db, corpus_dir):
    """The fixture corpus stored and indexed (lexical only)."""
    from sources.services.documents import collection_import

    return collection_import(directory=str(corpus_dir))
