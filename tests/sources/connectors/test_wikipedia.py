"""Wikipedia connector against MediaWiki Action API fixtures (search, extracts, errors in 200 bodies)."""

from __future__ import annotations

import pytest

from sources.connectors import get_connector
from sources.connectors.base import ConnectorError, SearchQuery
from sources.connectors.wikipedia import search_string
from tests.sources.connectors.conftest import by_params, fixture_bytes, params_of

QUERY = SearchQuery(
    text="NATO will not admit Ukraine under the peace plan.",
    entities=("NATO", "Ukraine"),
    phrases=("peace plan",),
    keywords=("membership",),
)
JSON = {"Content-Type": "application/json; charset=utf-8"}


def api_requests(server):
    return [params_of(r) for r in server.requests if r.path == "/w/api.php"]


def test_it_searches_then_returns_plain_text_extracts(fixture_server, configure, settings):
    configure("wikipedia", "/w/api.php")
    fixture_server.add(
        "/w/api.php",
        handler=by_params(
            {
                "list=search": ("mediawiki-search-fv2.json", 200, JSON),
                "prop=extracts": ("mediawiki-extracts.json", 200, JSON),
            }
        ),
    )

    documents = get_connector("wikipedia").search(QUERY)

    assert [d.title for d in documents] == ["Ukraine–NATO relations", "Geneva talks on Ukraine (2025)"]
    first = documents[0]
    assert first.url == fixture_server.url("/wiki/Ukraine%E2%80%93NATO_relations")
    assert first.text.startswith("Ukraine and NATO have cooperated since the early 1990s")
    assert first.snippet.startswith("At the Washington summit allies described Ukraine's route to NATO")
    assert "<span" not in first.snippet
    assert (first.publisher, first.language, first.extra["pageid"]) == ("Wikipedia", "en", 1950317)
    assert first.extra["last_edited"] == "2025-12-11T17:05:02+00:00"
    search, extracts = api_requests(fixture_server)
    assert search["srsearch"] == '"peace plan" NATO Ukraine membership'
    assert (search["maxlag"], search["formatversion"], search["format"], search["srlimit"]) == ("5", "2", "json", "10")
    assert extracts["titles"].split("|")[1] == "Ukraine–NATO relations"
    assert (extracts["exintro"], extracts["explaintext"], extracts["redirects"]) == ("1", "1", "1")
    assert all(r.headers["User-Agent"] == settings.FETCH_USER_AGENT for r in fixture_server.requests)
    assert not [r for r in fixture_server.requests if r.path == "/robots.txt"]


def test_formatversion_1_bodies_and_whole_article_extracts_are_read(fixture_server, configure):
    configure("wikipedia", "/w/api.php", options={"extract": "full"})
    fixture_server.add(
        "/w/api.php",
        handler=by_params(
            {
                "list=search": ("mediawiki-search.json", 200, JSON),
                "prop=extracts": ("mediawiki-extracts-fv1.json", 200, JSON),
            }
        ),
    )

    documents = get_connector("wikipedia").search(QUERY)

    assert [d.title for d in documents] == ["Geneva talks on Ukraine (2025)"]
    assert "== Background ==" in documents[0].text
    extract_calls = [p for p in api_requests(fixture_server) if p.get("prop") == "extracts"]
    assert [p["titles"] for p in extract_calls] == [
        "Peace proposals for ending the Russo-Ukrainian war",
        "Ukraine–NATO relations",
        "Geneva talks on Ukraine (2025)",
    ]
    assert all("exintro" not in p and p["exlimit"] == "1" for p in extract_calls)


def test_no_hits_give_no_documents_and_no_extracts_request(fixture_server, configure):
    configure("wikipedia", "/w/api.php")
    fixture_server.add(
        "/w/api.php", body=fixture_bytes("mediawiki-search-empty.json"), content_type=JSON["Content-Type"]
    )

    assert get_connector("wikipedia").search(QUERY) == []
    assert len(api_requests(fixture_server)) == 1


@pytest.mark.parametrize("name", ["mediawiki-error.json", "mediawiki-error-fv2.json"])
def test_an_error_in_a_200_body_is_a_permanent_connector_error(fixture_server, configure, name):
    configure("wikipedia", "/w/api.php")
    fixture_server.add(
        "/w/api.php",
        body=fixture_bytes(name),
        content_type=JSON["Content-Type"],
        headers={"MediaWiki-API-Error": "missingparam"},
    )

    with pytest.raises(ConnectorError) as error:
        get_connector("wikipedia").search(QUERY)

    assert str(error.value) == 'Wikipedia API error missingparam: The "srsearch" parameter must be set.'
    assert error.value.transient is False


def test_maxlag_is_transient_and_handed_back_with_its_retry_after(fixture_server, configure):
    configure("wikipedia", "/w/api.php")
    fixture_server.add(
        "/w/api.php",
        body=fixture_bytes("mediawiki-maxlag.json"),
        content_type=JSON["Content-Type"],
        headers={"MediaWiki-API-Error": "maxlag", "Retry-After": "5", "X-Database-Lag": "6"},
    )

    with pytest.raises(ConnectorError) as error:
        get_connector("wikipedia").search(QUERY)

    assert (error.value.transient, error.value.retry_after) == (True, 5.0)
    assert str(error.value) == "Wikipedia API error maxlag: Waiting for 10.64.32.15: 6.2 seconds lagged."
    assert len(api_requests(fixture_server)) == 1  # no busy loop


def test_a_403_for_the_user_agent_is_permanent_and_quotes_the_server(fixture_server, configure):
    configure("wikipedia", "/w/api.php")
    fixture_server.add(
        "/w/api.php",
        body=fixture_bytes("mediawiki-403-useragent.txt"),
        status=403,
        content_type="text/plain; charset=utf-8",
    )

    with pytest.raises(ConnectorError) as error:
        get_connector("wikipedia").search(QUERY)

    assert error.value.transient is False
    assert str(error.value).startswith("Wikipedia: HTTP 403 Forbidden: Please set a user-agent")


def test_a_switched_off_connector_sends_nothing(fixture_server, configure):
    configure("wikipedia", "/w/api.php", enabled=False)
    connector = get_connector("wikipedia")

    assert connector.search(QUERY) == []
    assert connector.disabled_reason == "the wikipedia connector is switched off"
    assert fixture_server.requests == []


def test_the_search_string_falls_back_to_the_claim_text():
    assert search_string(SearchQuery(text="Ukraine joins NATO")) == "Ukraine joins NATO"
