"""GDELT DOC 2.0 connector against artlist fixtures, plain-text errors with 200, and throttling."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources.connectors import get_connector
from sources.connectors.base import ConnectorError, SearchQuery
from sources.connectors.gdelt import build_query
from tests.sources.connectors.conftest import fixture_bytes, params_of

QUERY = SearchQuery(
    text="NATO will not admit Ukraine under the peace plan.",
    entities=("NATO", "Ukraine"),
    phrases=("peace plan",),
    keywords=("membership", "EU"),
    since=datetime(2025, 11, 20, tzinfo=UTC),
    until=datetime(2025, 12, 10, 12, 30, tzinfo=UTC),
)
JSON = "application/json; charset=utf-8"


@pytest.fixture
def gdelt(configure):
    configure("gdelt", "/api/v2/doc/doc", options={"min_interval": 0})
    return get_connector("gdelt")


def test_it_returns_articles_with_their_metadata(fixture_server, gdelt, settings):
    fixture_server.add("/api/v2/doc/doc", body=fixture_bytes("gdelt-artlist.json"), content_type=JSON)

    documents = gdelt.search(QUERY)

    assert len(documents) == 5
    second = documents[1]
    assert second.url == "https://www.example.org/europe/ukraine-peace-draft-twenty-points"
    assert second.title == "Revised draft trims US peace plan to twenty points, Kyiv officials say"
    assert (second.publisher, second.language) == ("example.org", "en")
    assert second.published_at == datetime(2025, 12, 3, 8, 45, tzinfo=UTC)
    assert second.extra["sourcecountry"] == "United Kingdom"
    assert [d.language for d in documents] == ["en", "en", "fr", "uk", "de"]
    request = fixture_server.requests_to("/api/v2/doc/doc")[0]
    params = params_of(request)
    assert params["query"] == '"peace plan" (NATO OR Ukraine OR membership)'
    assert (params["mode"], params["format"], params["maxrecords"]) == ("artlist", "json", "10")
    assert (params["startdatetime"], params["enddatetime"]) == ("20251120000000", "20251210123000")
    assert "timespan" not in params
    assert request.headers["User-Agent"] == settings.FETCH_USER_AGENT


def test_an_empty_object_means_no_articles(fixture_server, gdelt):
    fixture_server.add("/api/v2/doc/doc", body=fixture_bytes("gdelt-empty.json"), content_type=JSON)

    assert gdelt.search(QUERY) == []


def test_a_plain_text_error_with_200_is_a_permanent_error_not_an_empty_result(fixture_server, gdelt):
    fixture_server.add(
        "/api/v2/doc/doc", body=fixture_bytes("gdelt-error.txt"), content_type="text/html; charset=utf-8"
    )

    with pytest.raises(ConnectorError) as error:
        gdelt.search(QUERY)

    assert str(error.value) == "GDELT rejected the query: The specified phrase is too short."
    assert error.value.transient is False


@pytest.mark.parametrize("status", [429, 200])
def test_throttling_is_transient_and_asks_to_wait_at_least_five_seconds(fixture_server, gdelt, status):
    fixture_server.add(
        "/api/v2/doc/doc",
        body=fixture_bytes("gdelt-ratelimit.txt"),
        status=status,
        content_type="text/plain; charset=utf-8",
    )

    with pytest.raises(ConnectorError) as error:
        gdelt.search(QUERY)

    assert (error.value.transient, error.value.retry_after) == (True, 5.0)
    assert "limit requests to one every 5 seconds" in str(error.value)
    assert len(fixture_server.requests_to("/api/v2/doc/doc")) == 1


def test_a_json_body_with_invalid_escapes_is_repaired(fixture_server, gdelt):
    body = (
        b'{"articles": [{"url": "https://example.org/a", "title": "Kyiv \\_ talks", "seendate": "20251201T100000Z"}]}'
    )
    fixture_server.add("/api/v2/doc/doc", body=body, content_type=JSON)

    [document] = gdelt.search(QUERY)

    assert document.title == "Kyiv _ talks"


def test_an_html_page_is_an_error(fixture_server, gdelt):
    fixture_server.add(
        "/api/v2/doc/doc", body="<html><body>Service Unavailable</body></html>", content_type="text/html"
    )

    with pytest.raises(ConnectorError, match="GDELT rejected the query: <html>"):
        gdelt.search(QUERY)


def test_a_server_error_is_transient(fixture_server, gdelt):
    fixture_server.add("/api/v2/doc/doc", body="oops", status=502, content_type="text/plain")

    with pytest.raises(ConnectorError) as error:
        gdelt.search(QUERY)

    assert error.value.transient is True
    assert str(error.value).startswith("GDELT: HTTP 502 Bad Gateway")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(text="x", keywords=("ceasefire",)), "ceasefire"),
        (SearchQuery(text="x", keywords=("ceasefire", "Kyiv")), "(ceasefire OR Kyiv)"),
        (SearchQuery(text="x", entities=("Mark Rutte",), keywords=("NATO",)), '"Mark Rutte" NATO'),
        (SearchQuery(text="x", phrases=("no consensus!",), keywords=("EU",)), '"no consensus"'),
        (SearchQuery(text="Rutte said no", keywords=("a", "EU")), "Rutte said"),
    ],
)
def test_queries_quote_phrases_and_put_or_terms_in_parentheses(query, expected):
    assert build_query(query) == expected


def test_a_claim_without_a_searchable_term_is_refused():
    with pytest.raises(ConnectorError, match="no term long enough"):
        build_query(SearchQuery(text="EU ok"))
