"""sources.fetching against a real loopback server: what a fetch returns (body, type, charset, JSON,
304, error bodies, redacted messages). Guards and redirects are in ``test_fetching_guard``, limits and
retries in ``test_fetching_limits``; each bad behaviour ends as docs/fetching.md says."""

from __future__ import annotations

import pytest

from sources.fetching import FetchError, fetch
from tests.support.fetch_support import page_requests
from tests.support.http_server import in_turn

pytestmark = pytest.mark.usefixtures("fast_fetching")


def test_it_returns_the_body_status_type_and_final_url(fixture_server):
    url = fixture_server.add("/page", body="<p>café</p>", content_type="text/html; charset=utf-8")

    result = fetch(url)

    assert (result.status, result.content_type, result.encoding) == (200, "text/html", "utf-8")
    assert result.text == "<p>café</p>"
    assert result.url == url


def test_it_sends_the_descriptive_user_agent_and_query_parameters(fixture_server, settings):
    url = fixture_server.add("/api", body='{"ok": true}', content_type="application/json")

    result = fetch(url, params={"q": "NATO peace plan", "n": 3})

    request = page_requests(fixture_server, "/api")[0]
    assert request.headers["User-Agent"] == settings.FETCH_USER_AGENT
    assert request.query == "q=NATO+peace+plan&n=3"
    assert result.json() == {"ok": True}


def test_bytes_invalid_in_the_declared_charset_still_decode(fixture_server):
    url = fixture_server.add("/latin", body="Zürich café".encode("latin-1"), content_type="text/plain; charset=utf-8")

    result = fetch(url)

    assert result.encoding == "utf-8"
    assert result.text == "Zürich café"  # fell back to Windows-1252, no exception


def test_an_unknown_charset_label_is_ignored(fixture_server):
    url = fixture_server.add("/odd", body="plain ✓".encode(), content_type="text/plain; charset=x-no-such-charset")

    result = fetch(url)

    assert result.encoding is None
    assert result.text == "plain ✓"


def test_a_body_that_is_not_json_raises_a_readable_error(fixture_server):
    url = fixture_server.add("/text", body="Please limit requests", content_type="text/plain")

    with pytest.raises(FetchError, match="is not valid JSON"):
        fetch(url).json()


def test_a_304_is_returned_without_a_body_or_content_type_check(fixture_server):
    url = fixture_server.add("/feed", handler=in_turn((304, b"", {"Content-Type": ""})))

    result = fetch(url, headers={"If-None-Match": '"v1"'})

    assert (result.status, result.content) == (304, b"")
    assert page_requests(fixture_server, "/feed")[0].headers["If-None-Match"] == '"v1"'


def test_an_error_response_keeps_the_start_of_its_body_for_the_caller(fixture_server):
    url = fixture_server.add(
        "/api", body='{"error": {"message": "bad key"}}', status=400, content_type="application/json"
    )

    with pytest.raises(FetchError) as error:
        fetch(url)

    assert error.value.body == b'{"error": {"message": "bad key"}}'


def test_secret_query_parameters_never_appear_in_messages(fixture_server, caplog):
    url = fixture_server.add("/api", body="not json", content_type="text/plain")

    with caplog.at_level("INFO"), pytest.raises(FetchError) as error:
        fetch(url, params={"query": "nato", "key": "SECRET123"}).json()

    assert "SECRET123" not in error.value.message
    assert "key=REDACTED" in error.value.message
    assert "SECRET123" not in caplog.text
    assert page_requests(fixture_server, "/api")[0].query == "query=nato&key=SECRET123"
