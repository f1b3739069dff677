"""Google Fact Check Tools connector: ClaimReview results, paging, the key, and Google's error model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources.connectors import get_connector
from sources.connectors.base import ConnectorError, SearchQuery
from tests.sources.connectors.conftest import fixture_bytes, params_of
from tests.support.http_server import in_turn

QUERY = SearchQuery(text="NATO allies agreed to admit Ukraine.", entities=("NATO", "Ukraine"))
PATH = "/v1alpha1/claims:search"
JSON = "application/json; charset=UTF-8"


@pytest.fixture
def keyed(settings):
    settings.GOOGLE_FACTCHECK_API_KEY = "TEST_KEY"


def test_without_a_key_it_is_off_says_why_and_sends_nothing(fixture_server, configure, settings):
    settings.GOOGLE_FACTCHECK_API_KEY = ""
    configure("factcheck", PATH)
    connector = get_connector("factcheck")

    assert connector.search(QUERY) == []
    assert connector.disabled_reason == "no API key: set GOOGLE_FACTCHECK_API_KEY or the key on the factcheck connector"
    assert fixture_server.requests == []


@pytest.mark.usefixtures("keyed")
def test_each_claim_review_becomes_a_document_with_rating_and_publisher(fixture_server, configure, settings):
    configure("factcheck", PATH, max_results=3)
    fixture_server.add(PATH, body=fixture_bytes("factcheck-claims-search.json"), content_type=JSON)

    documents = get_connector("factcheck").search(QUERY)

    assert [d.extra["rating"] for d in documents] == ["False", "Mostly true", "Contesto mancante"]
    first = documents[0]
    assert first.url == "https://civicledger.example.org/fact-check/nato-unanimous-ukraine-admission"
    assert first.title == "No, NATO members have not agreed to admit Ukraine after the war"
    assert (first.publisher, first.language) == ("Civic Ledger Fact Check", "en")
    assert first.published_at == datetime(2025, 12, 1, tzinfo=UTC)
    assert first.snippet == "NATO allies have unanimously agreed to admit Ukraine as soon as the war ends."
    assert first.extra["publisher_site"] == "civicledger.example.org"
    assert first.extra["claimant"] == "Social media posts"
    assert documents[2].language == "it"
    [request] = fixture_server.requests_to(PATH)
    assert params_of(request) == {"query": "NATO Ukraine", "key": "TEST_KEY", "languageCode": "en", "pageSize": "3"}
    assert request.headers["User-Agent"] == settings.FETCH_USER_AGENT


@pytest.mark.usefixtures("keyed")
def test_it_follows_the_next_page_token_with_the_same_parameters(fixture_server, configure):
    configure("factcheck", PATH, max_results=10)
    first_page, empty = fixture_bytes("factcheck-claims-search.json"), fixture_bytes("factcheck-empty.json")
    fixture_server.add(
        PATH, handler=in_turn((200, first_page, {"Content-Type": JSON}), (200, empty, {"Content-Type": JSON}))
    )

    documents = get_connector("factcheck").search(QUERY)

    assert len(documents) == 4  # the third claim has no claimant or date, its review still counts
    assert documents[3].extra["claimant"] == ""
    first, second = (params_of(r) for r in fixture_server.requests_to(PATH))
    assert second == {**first, "pageToken": "CAM"}


@pytest.mark.usefixtures("keyed")
def test_no_claims_give_no_documents(fixture_server, configure):
    configure("factcheck", PATH)
    fixture_server.add(PATH, body=fixture_bytes("factcheck-empty.json"), content_type=JSON)

    assert get_connector("factcheck").search(QUERY) == []


def test_a_bad_key_is_a_permanent_error_that_quotes_google_without_the_key(fixture_server, configure, settings):
    settings.GOOGLE_FACTCHECK_API_KEY = "ENV_KEY"
    configure("factcheck", PATH, api_key="BAD_KEY")  # the row's key wins over the environment
    fixture_server.add(PATH, body=fixture_bytes("factcheck-error.json"), status=400, content_type=JSON)

    with pytest.raises(ConnectorError) as error:
        get_connector("factcheck").search(QUERY)

    assert str(error.value) == (
        "Google Fact Check Tools: HTTP 400: API key not valid. Please pass a valid API key. "
        "(INVALID_ARGUMENT / API_KEY_INVALID)"
    )
    assert error.value.transient is False
    assert params_of(fixture_server.requests_to(PATH)[0])["key"] == "BAD_KEY"
    assert len(fixture_server.requests_to(PATH)) == 1


@pytest.mark.usefixtures("keyed")
def test_an_exhausted_quota_is_transient(fixture_server, configure, settings):
    settings.FETCH_RETRIES = 0
    configure("factcheck", PATH)
    body = (
        b'{"error": {"code": 429, "message": "Quota exceeded.", "status": "RESOURCE_EXHAUSTED", '
        b'"details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED"}]}}'
    )
    fixture_server.add(PATH, body=body, status=429, content_type=JSON)

    with pytest.raises(ConnectorError) as error:
        get_connector("factcheck").search(QUERY)

    assert error.value.transient is True
    assert "(RESOURCE_EXHAUSTED / RATE_LIMIT_EXCEEDED)" in str(error.value)
