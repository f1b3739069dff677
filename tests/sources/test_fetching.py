"""sources.fetching against a real loopback server: each bad behaviour ends as docs/fetching.md says."""

from __future__ import annotations

import threading
import time

import pytest

from sources.fetching import FetchError, fetch
from tests.support.fetch_support import MappingResolver, fetch_environment
from tests.support.http_server import dripping_body, endless_body, in_turn, redirect_to


@pytest.fixture(autouse=True)
def fast_fetching(settings):
    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        yield


def page_requests(server, path):
    return [r for r in server.requests if r.path == path]


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


def test_a_body_that_drips_is_cut_at_the_total_deadline(fixture_server, settings):
    settings.FETCH_TOTAL_TIMEOUT = 1.5
    url = fixture_server.add("/drip", handler=dripping_body(b"x" * 200, interval=0.5))

    with pytest.raises(FetchError) as error:
        fetch(url)

    assert error.value.message == "timed out after 1.5s"
    assert error.value.transient is True
    assert len(page_requests(fixture_server, "/drip")) == 1  # a slow body is not retried at once


def test_a_persistent_500_is_retried_then_reported_as_transient(fixture_server, settings):
    settings.FETCH_RETRIES = 2
    url = fixture_server.add("/broken", body="oops", status=500, content_type="text/plain")

    with pytest.raises(FetchError) as error:
        fetch(url)

    assert (error.value.message, error.value.status, error.value.transient) == (
        "HTTP 500 Internal Server Error",
        500,
        True,
    )
    assert len(page_requests(fixture_server, "/broken")) == 3


def test_a_503_that_recovers_succeeds_on_retry(fixture_server):
    url = fixture_server.add("/flaky", handler=in_turn((503, b"busy", {}), (200, b"fine", {})))

    assert fetch(url).text == "fine"
    assert len(page_requests(fixture_server, "/flaky")) == 2


def test_a_429_is_retried_after_the_retry_after_delay(fixture_server):
    url = fixture_server.add("/limited", handler=in_turn((429, b"slow down", {"Retry-After": "1"}), (200, b"ok", {})))

    assert fetch(url).text == "ok"
    assert len(page_requests(fixture_server, "/limited")) == 2


def test_a_429_asking_for_longer_than_the_cap_is_handed_back_with_retry_after(fixture_server, settings):
    settings.FETCH_RETRY_AFTER_CAP = 5
    url = fixture_server.add("/limited", body="later", status=429, headers={"Retry-After": "120"})

    with pytest.raises(FetchError) as error:
        fetch(url)

    assert (error.value.status, error.value.transient, error.value.retry_after) == (429, True, 120.0)
    assert error.value.message == "HTTP 429 Too Many Requests"
    assert len(page_requests(fixture_server, "/limited")) == 1


def test_a_404_is_permanent_and_not_retried(fixture_server):
    with pytest.raises(FetchError) as error:
        fetch(fixture_server.url("/missing"))

    assert (error.value.message, error.value.transient) == ("HTTP 404 Not Found", False)
    assert len(page_requests(fixture_server, "/missing")) == 1


def test_a_connection_refused_is_transient(settings):
    settings.FETCH_RETRIES = 0
    with pytest.raises(FetchError) as error:
        fetch("http://127.0.0.1:9/nothing-listens-here")

    assert error.value.transient is True
    assert error.value.message.startswith("connection to 127.0.0.1 failed")


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


def fetch_resolving(name):
    from sources import fetching

    return fetching.resolver_override(MappingResolver({name: ["127.0.0.1"]}))


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_one_gigabyte_body_is_cut_at_the_size_cap(fixture_server, settings, declare_length):
    settings.FETCH_MAX_BYTES = 1024 * 1024
    url = fixture_server.add("/huge", handler=endless_body(1 << 30, declare_length=declare_length))

    with pytest.raises(FetchError) as error:
        fetch(url)

    assert (error.value.message, error.value.transient) == ("response larger than 1 MB", False)
    assert fixture_server.bytes_sent < 64 * 1024 * 1024  # the server was stopped long before 1 GB


def test_a_wrong_content_type_is_refused_before_the_body_is_read(fixture_server):
    url = fixture_server.add("/image", body=b"\x89PNG\r\n", content_type="image/png")

    with pytest.raises(FetchError) as error:
        fetch(url)

    assert (error.value.message, error.value.transient) == ("content type image/png is not allowed", False)


def test_a_caller_can_narrow_the_allowed_content_types(fixture_server):
    url = fixture_server.add("/page", body="<p>x</p>")

    with pytest.raises(FetchError, match="content type text/html is not allowed"):
        fetch(url, accept=("application/json",))


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


def test_robots_txt_disallowing_a_path_blocks_it_without_a_request(fixture_server, settings):
    fixture_server.add("/robots.txt", body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    fixture_server.add("/private/page", body="secret")

    with pytest.raises(FetchError, match=r"^robots.txt disallows http://127.0.0.1:\d+/private/page$") as error:
        fetch(fixture_server.url("/private/page"))

    assert error.value.transient is False
    assert page_requests(fixture_server, "/private/page") == []


def test_robots_txt_is_read_once_per_origin(fixture_server):
    fixture_server.add("/robots.txt", body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    fixture_server.add("/a", body="a")
    fixture_server.add("/b", body="b")

    fetch(fixture_server.url("/a"))
    fetch(fixture_server.url("/b"))

    assert len(page_requests(fixture_server, "/robots.txt")) == 1


def test_an_unreachable_robots_txt_means_disallow_for_now(fixture_server):
    fixture_server.add("/robots.txt", body="down", status=503, content_type="text/plain")
    fixture_server.add("/page", body="page")

    with pytest.raises(FetchError, match=r"robots.txt of .* could not be read \(HTTP 503") as error:
        fetch(fixture_server.url("/page"))

    assert error.value.transient is True
    assert page_requests(fixture_server, "/page") == []


def test_apis_can_skip_robots_txt(fixture_server):
    fixture_server.add("/robots.txt", body="User-agent: *\nDisallow: /w/\n", content_type="text/plain")
    url = fixture_server.add("/w/api.php", body="{}", content_type="application/json")

    assert fetch(url, robots=False).json() == {}
    assert page_requests(fixture_server, "/robots.txt") == []


def test_no_more_than_the_configured_requests_run_at_once_per_origin(fixture_server, settings):
    settings.FETCH_HOST_CONCURRENCY = 2
    state = {"now": 0, "peak": 0}
    lock = threading.Lock()

    def slow(request):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.2)
        with lock:
            state["now"] -= 1
        request._write(200, b"done", {"Content-Type": "text/plain"})

    url = fixture_server.add("/slow", handler=slow)
    threads = [threading.Thread(target=fetch, args=(url,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(page_requests(fixture_server, "/slow")) == 6
    assert state["peak"] == 2


def test_requests_to_one_origin_are_spaced_by_the_politeness_delay(fixture_server):
    arrivals = []

    def record(request):
        arrivals.append(time.monotonic())
        request._write(200, b"ok", {"Content-Type": "text/plain"})

    url = fixture_server.add("/polite", handler=record)
    fetch(url, min_interval=0.3)
    fetch(url, min_interval=0.3)

    # A lower bound only: sleeping guarantees it, so it cannot flake on a slow machine.
    assert arrivals[1] - arrivals[0] >= 0.3
