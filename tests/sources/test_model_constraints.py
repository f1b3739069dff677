from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from sources.models import Connector, FetchStatus
from tests.factories import ArticleFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def rejects(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_two_articles_cannot_share_a_canonical_url_or_a_content_hash():
    article = ArticleFactory()
    rejects(lambda: ArticleFactory(url=article.url))
    rejects(lambda: ArticleFactory(content_hash=article.content_hash, text=article.text))


def test_articles_without_url_are_allowed_side_by_side():
    ArticleFactory(url="")
    ArticleFactory(url="")


def test_a_fetched_article_must_have_text():
    rejects(lambda: ArticleFactory(text="", content_hash="", fetch_status=FetchStatus.FETCHED))


def test_documents_are_unique_by_url_and_content_hash():
    document = DocumentFactory()
    rejects(lambda: DocumentFactory(url=document.url))
    rejects(lambda: DocumentFactory(content_hash=document.content_hash))


def test_unknown_connector_kinds_are_rejected():
    rejects(lambda: DocumentFactory(connector="carrier-pigeon"))
    rejects(lambda: Connector.objects.create(kind="carrier-pigeon"))


def test_every_connector_kind_is_configured_by_default():
    assert set(Connector.objects.values_list("kind", flat=True)) == {
        "rss", "url", "wikipedia", "gdelt", "factcheck", "local",
    }  # fmt: skip
