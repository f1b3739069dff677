"""URL connector: each URL a reviewer added is fetched safely and its main text extracted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources.connectors import get_connector
from sources.connectors.base import ConnectorError, SearchQuery
from tests.support.articles import article_path


@pytest.fixture
def connector(db):
    return get_connector("url")


def test_an_html_page_gives_its_main_text_and_metadata(fixture_server, connector, settings):
    url = fixture_server.add("/port/halden", body=article_path("harbour.html").read_bytes())

    [document] = connector.search(SearchQuery(text="...", urls=(url,)))

    assert document.url == url
    assert document.title == "Port of Halden handled a record 4.2 million containers in 2025"
    assert document.publisher == "Harbour Gazette"
    assert document.published_at.date() == datetime(2026, 1, 14, tzinfo=UTC).date()  # the extractor keeps the day
    assert "4.2 million" in document.text and "<" not in document.text
    assert "fetch_error" not in document.extra
    assert fixture_server.requests_to("/port/halden")[0].headers["User-Agent"] == settings.FETCH_USER_AGENT


def test_a_redirected_url_reports_the_final_address(fixture_server, connector):
    from tests.support.http_server import redirect_to

    fixture_server.add("/short", handler=redirect_to("/port/halden", 301))
    fixture_server.add("/port/halden", body=article_path("harbour.html").read_bytes())

    [document] = connector.search(SearchQuery(text="...", urls=(fixture_server.url("/short"),)))

    assert document.url == fixture_server.url("/port/halden")
    assert document.extra["requested_url"] == fixture_server.url("/short")


def test_plain_text_is_kept_as_it_is(fixture_server, connector):
    url = fixture_server.add("/note.txt", body="Statement by the ministry\nFull text.", content_type="text/plain")

    [document] = connector.search(SearchQuery(text="...", urls=(url,)))

    assert (document.title, document.text) == ("Statement by the ministry", "Statement by the ministry\nFull text.")


def test_failed_urls_come_back_with_their_reason_next_to_the_good_ones(fixture_server, connector):
    good = fixture_server.add("/port/halden", body=article_path("harbour.html").read_bytes())
    image = fixture_server.add("/photo.png", body=b"\x89PNG", content_type="image/png")
    empty = fixture_server.add("/gone", body=article_path("harbour.html").read_bytes().replace(b"Halden", b"X")[:200])
    urls = (good, fixture_server.url("/missing"), image, "http://169.254.169.254/latest/meta-data/", empty)

    documents = connector.search(SearchQuery(text="...", urls=urls))

    assert [d.url for d in documents] == list(urls)
    errors = [d.extra.get("fetch_error", "") for d in documents]
    assert errors[0] == ""
    assert errors[1].endswith("HTTP 404 Not Found")
    assert errors[2].endswith("content type image/png is not allowed")
    assert errors[3].endswith("address 169.254.169.254 is not allowed: cloud metadata")
    assert "no article body" in errors[4]
    assert all(d.extra["transient"] is False for d in documents[1:])


def test_when_every_url_failed_for_a_passing_reason_the_run_is_retried(fixture_server, connector, settings):
    settings.FETCH_RETRIES = 0
    url = fixture_server.add("/busy", body="busy", status=503, content_type="text/plain")

    with pytest.raises(ConnectorError) as error:
        connector.search(SearchQuery(text="...", urls=(url,)))

    assert error.value.transient is True
    assert "HTTP 503 Service Unavailable" in str(error.value)


def test_no_urls_give_no_documents(connector):
    assert connector.search(SearchQuery(text="...")) == []
