"""One attempt at a request: URL checks, robots.txt, the origin's slot, sending under a deadline, and redirects
followed by hand, hop by hop, without carrying credentials to another origin."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx
from django.conf import settings

from sources import netguard
from sources.fetching.client import _client, _origin_slot
from sources.fetching.errors import FetchError, _remaining, _timeout_error
from sources.fetching.response import FetchResult, _read
from sources.fetching.robots import _check_robots

DEFAULT_ACCEPT = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/json",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
)
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


@dataclass
class _Request:
    url: str
    method: str
    params: dict[str, Any]
    data: Mapping[str, Any] | bytes | None
    headers: dict[str, str]
    accept: tuple[str, ...]
    max_bytes: int
    robots: bool
    min_interval: float
    deadline: float | None = None  # time.monotonic() by which the whole attempt must end (else the total timeout)


def _fetch_once(request: _Request) -> FetchResult:
    request = dataclasses.replace(request, headers=dict(request.headers))  # redirects may drop some
    started = time.monotonic()
    deadline = started + settings.FETCH_TOTAL_TIMEOUT
    if request.deadline is not None:
        deadline = min(deadline, request.deadline)
    with _client() as client:
        url, method, data, hops = request.url, request.method, request.data, []
        params: dict[str, Any] | None = request.params
        for _ in range(settings.FETCH_MAX_REDIRECTS + 1):
            target = _validate_url(_parse_url(url, params))
            if request.robots and method == "GET":
                _check_robots(target, deadline=deadline)  # robots.txt counts against this attempt's time
            # The origin's slot is held until the body is read: a download counts as a request.
            with _origin_slot(target, request.min_interval, deadline):
                response = _send(client, request, target, method=method, data=data, deadline=deadline)
                with contextlib.closing(response):
                    if response.status_code not in REDIRECT_STATUSES or "location" not in response.headers:
                        return _read(response, request, target, deadline=deadline, started=started, hops=hops)
            hops.append(str(target))
            url, params = _redirect_target(target, response.headers["location"], hops), None
            _drop_credentials_across_origins(request, target, url)
            if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                method, data = "GET", None
    raise FetchError(f"too many redirects (more than {settings.FETCH_MAX_REDIRECTS})", transient=False)


def _drop_credentials_across_origins(request: _Request, current: httpx.URL, next_url: str) -> None:
    """A redirect to another origin must not carry the caller's Authorization or Cookie header."""
    following = _parse_url(next_url)
    if (following.scheme, following.host, following.port) != (current.scheme, current.host, current.port):
        request.headers = {k: v for k, v in request.headers.items() if k.lower() not in SENSITIVE_HEADERS}


def _parse_url(url: str, params: dict[str, Any] | None = None) -> httpx.URL:
    try:
        return httpx.URL(url, params=params) if params else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", transient=False) from exc


def _validate_url(url: httpx.URL) -> httpx.URL:
    if url.scheme not in ("http", "https"):
        raise FetchError(f"scheme {url.scheme or '(none)'!r} is not allowed: only http and https", transient=False)
    try:
        host = url.host  # decoded lazily: a malformed IDNA label fails here
    except ValueError as exc:
        raise FetchError(f"invalid URL {str(url)!r}: {exc}", transient=False) from exc
    if not host:
        raise FetchError(f"URL {url} has no host", transient=False)
    if url.port is not None and not 0 < url.port < 65536:
        raise FetchError(f"invalid URL {str(url)!r}: port {url.port} is out of range", transient=False)
    if url.userinfo:
        raise FetchError("URLs with a user name or password are not allowed", transient=False)
    return url


def _redirect_target(current: httpx.URL, location: str, hops: list[str]) -> str:
    target = urljoin(str(current), location.strip())
    if target in hops:
        raise FetchError(f"too many redirects: redirect loop back to {target}", transient=False)
    return target


def _send(
    client: httpx.Client, request: _Request, url: httpx.URL, *, method: str, data: Any, deadline: float
) -> httpx.Response:
    remaining = _remaining(deadline)
    timeout = httpx.Timeout(
        connect=min(settings.FETCH_CONNECT_TIMEOUT, remaining),
        read=min(settings.FETCH_READ_TIMEOUT, remaining),
        write=min(settings.FETCH_READ_TIMEOUT, remaining),
        pool=remaining,
    )
    headers = {**request.headers, "User-Agent": settings.FETCH_USER_AGENT, "Accept": _accept_header(request)}
    body = {"content": data} if isinstance(data, bytes) else {"data": data}
    outgoing = client.build_request(method, url, headers=headers, timeout=timeout, **body)
    try:
        return client.send(outgoing, stream=True)
    except netguard.AddressBlocked as exc:
        raise FetchError(str(exc), transient=False) from exc
    except netguard.ResolutionFailed as exc:
        raise FetchError(str(exc), transient=True) from exc
    except httpx.TimeoutException as exc:
        raise _timeout_error(exc, deadline) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"connection to {url.host} failed: {exc or type(exc).__name__}", transient=True) from exc


def _accept_header(request: _Request) -> str:
    return request.headers.get("Accept") or ", ".join(request.accept)
