"""Article ingestion services: every source, idempotency, and bad input that leaves nothing behind."""

from __future__ import annotations

import json
import time

import pytest

from sources.fetching import FetchError
from sources.models import Article, FetchStatus, Outlet
from sources.services.articles import (
    article_ingest_file,
    article_ingest_html,
    article_ingest_json,
    article_ingest_text,
    article_ingest_url,
)
from sources.text import TextInputError
from tests.support.articles import article_path, article_text
from tests.support.fetch_support import MappingResolver, fetch_environment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loopback_fetching(settings):
    settings.FETCH_RETRIES = 0
    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        yield


def test_an_html_file_becomes_a_fetched_article_with_metadata():
    result = article_ingest_file(path=article_path("harbour.html"))

    article = Article.objects.get()
    assert result.created is True and result.article == article
    assert article.fetch_status == FetchStatus.FETCHED
    assert article.title == "Port of Halden handled a record 4.2 million containers in 2025"
    assert article.outlet == Outlet.objects.get(name="Harbour Gazette")
    assert article.authors == ["Mia Sørensen"]
    assert article.language == "en"
    assert article.text.startswith("HALDEN —")
    assert "<article>" in article.raw_content
    assert len(article.content_hash) == 64


def test_a_json_document_is_stored_under_its_canonical_url():
    article_ingest_file(path=article_path("storm.json"))

    article = Article.objects.get()
    assert article.url == "https://weather.example.org/2025/10/28/storm-maris-landfall"
    assert article.outlet.name == "Coastal Courier"
    assert article.published_at.date().isoformat() == "2025-10-28"


def test_a_text_file_is_stored_with_its_text():
    article_ingest_file(path=article_path("guidance.txt"))

    assert Article.objects.get().text.startswith("– WHO – Newsroom")


def test_ingesting_the_same_article_twice_creates_and_updates_nothing():
    first = article_ingest_json(data=article_text("storm.json"))
    updated_at = Article.objects.get().updated_at

    again = article_ingest_json(data=article_text("storm.json"))

    assert again.created is False
    assert again.article.id == first.article.id
    assert Article.objects.count() == 1
    assert Article.objects.get().updated_at == updated_at


def test_the_same_url_with_tracking_parameters_is_the_same_article():
    data = json.loads(article_text("storm.json"))
    article_ingest_json(data=data)
    edited = {**data, "url": data["url"].split("?")[0] + "?utm_campaign=x", "text": data["text"] + " Updated."}

    again = article_ingest_json(data=edited)

    assert again.created is False
    assert Article.objects.count() == 1


def test_the_same_text_under_another_url_is_the_same_article():
    text = article_text("guidance.txt")
    article_ingest_text(text=text, url="https://a.example.org/x")

    again = article_ingest_text(text=text.replace("\n", "\n\n"), url="https://b.example.org/y")

    assert again.created is False
    assert Article.objects.count() == 1


def test_a_url_is_fetched_through_the_fetching_module(fixture_server):
    url = fixture_server.add("/port?utm_source=rss", body=article_path("harbour.html").read_bytes())

    result = article_ingest_url(url=fixture_server.url("/port?utm_source=rss"))

    assert result.created is True
    assert result.article.url == fixture_server.url("/port")
    assert result.article.submitted_url == url
    assert result.article.title.startswith("Port of Halden")
    assert fixture_server.requests_to("/port")


# ------------------------------------------------------------------------------------ bad input


def assert_nothing_stored():
    assert Article.objects.count() == 0
    assert Outlet.objects.count() == 0


@pytest.mark.parametrize("text", ["", "  \n \t\n  "])
def test_empty_or_whitespace_text_is_refused_and_nothing_is_stored(text):
    with pytest.raises(TextInputError) as error:
        article_ingest_text(text=text)

    assert error.value.code == "empty"
    assert_nothing_stored()


def test_a_binary_file_is_refused_and_nothing_is_stored(tmp_path):
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)

    with pytest.raises(TextInputError) as error:
        article_ingest_file(path=path)

    assert error.value.code == "binary"
    assert_nothing_stored()


def test_invalid_utf8_is_refused_and_nothing_is_stored(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(article_text("guidance.txt").replace("–", "-").encode("utf-8") + "Café".encode("latin-1"))

    with pytest.raises(TextInputError) as error:
        article_ingest_file(path=path)

    assert error.value.code == "invalid_encoding"
    assert_nothing_stored()


def test_html_without_an_article_body_is_refused_and_nothing_is_stored():
    with pytest.raises(TextInputError) as error:
        article_ingest_html(html=article_text("no_body.html"))

    assert error.value.code == "no_article_body"
    assert_nothing_stored()


def test_an_unsupported_language_is_refused_and_nothing_is_stored():
    with pytest.raises(TextInputError) as error:
        article_ingest_file(path=article_path("german.txt"))

    assert error.value.code == "unsupported_language"
    assert_nothing_stored()


def test_a_50_mb_file_is_refused_and_nothing_is_stored(tmp_path):
    path = tmp_path / "dump.html"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    with pytest.raises(TextInputError) as error:
        article_ingest_file(path=path)

    assert error.value.code == "too_large"
    assert_nothing_stored()


def test_an_unsupported_file_type_is_refused(tmp_path):
    path = tmp_path / "article.pdf"
    path.write_bytes(b"%PDF-1.7")

    with pytest.raises(TextInputError) as error:
        article_ingest_file(path=path)

    assert error.value.code == "unsupported_file"
    assert_nothing_stored()


def test_a_url_that_returns_an_error_page_is_refused_and_nothing_is_stored(fixture_server):
    url = fixture_server.add("/gone", body="<h1>Not found</h1>", status=404)

    with pytest.raises(FetchError) as error:
        article_ingest_url(url=url)

    assert error.value.status == 404
    assert error.value.transient is False
    assert_nothing_stored()


def test_a_url_that_times_out_is_refused_and_nothing_is_stored(fixture_server, settings):
    settings.FETCH_READ_TIMEOUT = 0.3
    settings.FETCH_TOTAL_TIMEOUT = 1.0

    def slow(request):
        time.sleep(1.5)
        request.send_response(200)
        request.end_headers()

    url = fixture_server.add("/slow", handler=slow)

    with pytest.raises(FetchError) as error:
        article_ingest_url(url=url)

    assert "timed out" in error.value.message
    assert_nothing_stored()
