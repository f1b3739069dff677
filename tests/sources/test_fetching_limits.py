"""sources.fetching's limits against a real loopback server: deadlines, retries and error classes, size
caps, content types, robots.txt, per-origin concurrency and politeness, each as docs/fetching.md says."""

from __future__ import annotations

import threading
import time

import pytest

from sources.fetching import FetchError, fetch
from tests.support.fetch_support import page_requests
from tests.support.http_server import FixtureServer, dripping_body, endless_body, in_turn, redirect_to

pytestmark = pytest.mark.usefixtures("fast_fetching")


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


def test_robots_txt_read_on_a_redirect_is_cut_at_the_page_total_deadline(fixture_server, settings):
    """1.2 s for this origin's robots.txt, then a redirect to an origin whose robots.txt takes 1.6 s:
    each fits a fresh 2 s, but the page's 2 s run out while the second one is read, which is then cut."""
    settings.FETCH_TOTAL_TIMEOUT = 2.0
    robots = b"User-agent: *\nAllow: /\n"
    second_robots_sent_whole = threading.Event()

    def second_robots(request) -> None:  # 1.6 s, a byte at a time; a client that hung up fails the writes
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", str(len(robots)))
        request.end_headers()
        try:
            for index in range(len(robots)):
                request.wfile.write(robots[index : index + 1])
                request.wfile.flush()
                time.sleep(1.6 / len(robots))
        except ConnectionError:
            return
        second_robots_sent_whole.set()

    other = FixtureServer().start()  # another port: another origin
    try:
        other.add("/robots.txt", handler=second_robots)
        target = other.add("/page", body="<p>hello</p>")
        fixture_server.add(
            "/robots.txt", handler=dripping_body(robots, interval=1.2 / len(robots), content_type="text/plain")
        )
        start = fixture_server.add("/start", handler=redirect_to(target))

        with pytest.raises(FetchError) as error:
            fetch(start, retries=0)
        time.sleep(1.0)  # let the second robots.txt handler finish its writes or fail them
    finally:
        other.stop()

    assert (error.value.message, error.value.transient) == ("timed out after 2s", True)
    assert other.requests_to("/page") == []
    assert not second_robots_sent_whole.is_set()


def test_a_charset_that_is_no_text_encoding_is_ignored_as_an_unknown_one(fixture_server):
    fixture_server.add("/robots.txt", body="User-agent: *\nAllow: /\n", content_type="text/plain; charset=zip")
    url = fixture_server.add("/data.json", body='{"ok": true}', content_type="application/json; charset=zip")

    result = fetch(url)

    assert (result.encoding, result.json()) == (None, {"ok": True})


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


def test_a_gzip_body_is_decoded_and_the_cap_applies_to_the_decoded_size(fixture_server, settings):
    import gzip

    settings.FETCH_MAX_BYTES = 1024 * 1024
    small = gzip.compress(b"hello " * 10)
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))  # 8 MB that compresses to a few KB
    fixture_server.add("/small", body=small, content_type="text/plain", headers={"Content-Encoding": "gzip"})
    fixture_server.add("/bomb", body=bomb, content_type="text/plain", headers={"Content-Encoding": "gzip"})

    assert fetch(fixture_server.url("/small")).text == "hello " * 10
    with pytest.raises(FetchError, match="response larger than 1 MB"):
        fetch(fixture_server.url("/bomb"))


def test_a_slow_download_holds_its_origin_slot_until_the_body_is_read(fixture_server, settings):
    settings.FETCH_HOST_CONCURRENCY = 1
    state = {"now": 0, "peak": 0}
    lock = threading.Lock()

    def slow_body(request):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", "4")
        request.end_headers()
        request.wfile.flush()
        time.sleep(0.2)  # headers are out; the body is still coming
        with lock:
            state["now"] -= 1
        request.wfile.write(b"done")

    url = fixture_server.add("/download", handler=slow_body)
    threads = [threading.Thread(target=fetch, args=(url,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(page_requests(fixture_server, "/download")) == 3
    assert state["peak"] == 1
