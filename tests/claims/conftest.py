"""Fixtures for corroboration tests: a claim about the Harbour Bridge and a local collection about it."""

from __future__ import annotations

from datetime import datetime

import pytest

from sources.models import Connector, ConnectorKind
from tests.factories import AppearanceFactory, ArticleFactory, ClaimFactory, SpeakerFactory
from tests.support.collections import HARBOUR_CLAIM, HARBOUR_DOCUMENTS, write_collection


@pytest.fixture
def only_local_connector(db, tmp_path):
    """Every connector off except the local collection, which holds the three harbour documents."""

    def configure(documents: list[dict] = HARBOUR_DOCUMENTS, max_results: int = 10):
        path = write_collection(tmp_path / "collection", documents)
        Connector.objects.exclude(kind=ConnectorKind.LOCAL).update(enabled=False)
        # update_or_create: a transactional test's flush removes the migration-made connector rows
        Connector.objects.update_or_create(
            kind=ConnectorKind.LOCAL,
            defaults={"enabled": True, "options": {"path": str(path)}, "max_results": max_results},
        )
        return path

    return configure


@pytest.fixture
def harbour_claim(db):
    claim = ClaimFactory(statement=HARBOUR_CLAIM, speaker=SpeakerFactory(name="Alice Marsh"), status="accepted")
    article = ArticleFactory(published_at=datetime.fromisoformat("2025-03-05T09:00:00+00:00"))
    AppearanceFactory(claim=claim, article=article)
    return claim
