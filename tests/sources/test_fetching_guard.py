"""sources.fetching's guards against a real loopback server: bad URLs, redirects (limits, loops, internal
targets, credentials kept to their origin), each ending as docs/fetching.md says."""

from __future__ import annotations

import pytest

from sources.fetching import FetchError, fetch
from tests.support.fetch_support import fetch_resolving, page_requests
from tests.support.http_server import redirect_to

pytestmark = pytest.mark.usefixtures("fast_fetching")


def test_a_redirect_loop_ends_with_too_many_redirects(fixture_server):
    fixture_server.add("/a", handler=redirect_to("/b", 302))
    fixture_server.add("/b", handler=redirect_to("/a", 301))

    with pytest.raises(FetchError, match="too many redirects: redirect loop back to") as error:
        fetch(fixture_server.url("/a"))

    assert error.value.transient is False


def test_a_redirect_chain_longer_than_the_limit_is_refused(fixture_server, settings):
    settings.FETCH_MAX_REDIRECTS = 3
    for hop in range(6):
        fixture_server.add(f"/hop{hop}", handler=redirect_to(f"/hop{hop + 1}", 307))

    with pytest.raises(FetchError, match=r"^too many redirects \(more than 3\)$"):
        fetch(fixture_server.url("/hop0"))

    assert len(page_requests(fixture_server, "/hop4")) == 0


def test_redirects_are_followed_and_reported(fixture_server):
    fixture_server.add("/old", handler=redirect_to("/new", 308))
    fixture_server.add("/new", body="moved here", content_type="text/plain")

    result = fetch(fixture_server.url("/old"))

    assert result.url == fixture_server.url("/new")
    assert result.redirects == [fixture_server.url("/old")]
    assert result.text == "moved here"


def test_a_303_after_a_post_continues_as_a_get_without_the_body(fixture_server):
    fixture_server.add("/submit", handler=redirect_to("/done", 303))
    fixture_server.add("/done", body="thanks", content_type="text/plain")

    fetch(fixture_server.url("/submit"), method="POST", data={"a": "1"})

    assert page_requests(fixture_server, "/submit")[0].body == b"a=1"
    assert (page_requests(fixture_server, "/done")[0].method, page_requests(fixture_server, "/done")[0].body) == (
        "GET",
        b"",
    )


@pytest.mark.parametrize("target", ["http://127.0.0.1:{port}/secret", "http://169.254.169.254/latest/meta-data/"])
def test_a_redirect_to_an_internal_address_is_refused(fixture_server, settings, target):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["site.test"]
    fixture_server.add("/go", handler=redirect_to(target.format(port=fixture_server.port), 302))
    fixture_server.add("/secret", body="internal", content_type="text/plain")

    with pytest.raises(FetchError, match="is not allowed") as error, fetch_resolving("site.test"):
        fetch(fixture_server.url("/go", host="site.test"))

    assert error.value.transient is False
    assert page_requests(fixture_server, "/secret") == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/file", "scheme 'ftp' is not allowed: only http and https"),
        ("http://user:secret@example.org/", "URLs with a user name or password are not allowed"),
        ("http:///no-host", "has no host"),
    ],
)
def test_bad_urls_get_a_clear_permanent_error(url, message):
    with pytest.raises(FetchError, match=message) as error:
        fetch(url)

    assert error.value.transient is False


@pytest.mark.parametrize("url", ["http://[::1", "http://xn--/", "http://example.org:99999/"])
def test_a_url_that_does_not_parse_gets_a_clear_permanent_error(url):
    with pytest.raises(FetchError) as error:
        fetch(url, params={"q": "x"})

    assert error.value.transient is False
    assert error.value.message.startswith("invalid URL")


def test_credentials_are_not_sent_to_another_origin_after_a_redirect(fixture_server, settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1", "other.test"]
    fixture_server.add("/start", handler=redirect_to(fixture_server.url("/landing", host="other.test"), 302))
    fixture_server.add("/landing", body="ok", content_type="text/plain")

    with fetch_resolving("other.test"):
        fetch(fixture_server.url("/start"), headers={"Authorization": "LOW a:b", "Cookie": "s=1", "X-Trace": "7"})

    first, second = page_requests(fixture_server, "/start")[0], page_requests(fixture_server, "/landing")[0]
    assert (first.headers["Authorization"], first.headers["Cookie"]) == ("LOW a:b", "s=1")
    assert "Authorization" not in second.headers and "Cookie" not in second.headers
    assert second.headers["X-Trace"] == "7"
