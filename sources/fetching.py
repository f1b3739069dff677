"""The one module that makes outbound HTTP requests. Everything else calls :func:`fetch`.

Guarantees (see docs/fetching.md): only http/https; no credentials in URLs; the SSRF guard of
``sources.netguard`` on the resolved address of every connection of every redirect hop, with the socket
connected to the checked address; connect/read timeouts and a total deadline per attempt; a streamed size
cap; a content-type allowlist; a redirect limit; per-origin concurrency limit and politeness delay;
robots.txt; a descriptive User-Agent; retries with exponential backoff and jitter on transient failures
(connection errors, 429 honouring Retry-After up to a cap, 5xx). Every failure is a :class:`FetchError`
with a human-readable message and ``transient`` set.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import logging
import random
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import certifi
import httpx
from django.conf import settings

from sources import netguard

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
PERMANENT_5XX = {501, 505}
TRANSIENT_4XX = {408, 425, 429}
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_CACHE_SECONDS = 3600
ERROR_BODY_BYTES = 64 * 1024
SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "token", "access_token", "password"})

# httpx logs every request URL at INFO, API keys in query strings included; this module logs instead.
logging.getLogger("httpx").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)


class FetchError(Exception):
    """A fetch failed. ``transient`` failures may succeed later; permanent ones will not."""

    def __init__(
        self,
        message: str,
        *,
        transient: bool,
        status: int | None = None,
        retry_after: float | None = None,
        retry_now: bool | None = None,
        body: bytes = b"",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.status = status
        self.retry_after = retry_after
        # Whether fetch() itself should retry: a body that is merely slow is transient for a later job
        # retry but pointless to retry at once.
        self.retry_now = transient if retry_now is None else retry_now
        self.body = body  # the start of an HTTP error response (APIs explain their errors there)


@dataclass
class FetchResult:
    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    content_type: str
    encoding: str | None
    elapsed: float
    redirects: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The body as text; never raises on bad bytes.

        Declared charset first; if the bytes are not valid in it (or none is declared), UTF-8; then
        Windows-1252 with replacement characters, which decodes anything.
        """
        for encoding in (self.encoding, "utf-8"):
            if encoding:
                with contextlib.suppress(UnicodeDecodeError):
                    return self.content.decode(encoding)
        return self.content.decode("cp1252", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON; a body that is not JSON is a permanent FetchError."""
        try:
            return json.loads(self.text)
        except ValueError as exc:
            raise FetchError(f"response from {redact(self.url)} is not valid JSON: {exc}", transient=False) from exc


def redact(url: str) -> str:
    """``url`` with secret query parameters (``key=...``) masked, for messages and logs."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [(k, "REDACTED" if k.lower() in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(pairs)))


# --- test hooks ------------------------------------------------------------------------------------

_resolver: netguard.Resolver = netguard.system_resolver


@contextlib.contextmanager
def resolver_override(resolver: netguard.Resolver) -> Iterator[None]:
    """Resolve host names with ``resolver`` inside the block (tests map names to loopback addresses)."""
    global _resolver  # noqa: PLW0603 - one process-wide hook, restored on exit
    previous, _resolver = _resolver, resolver
    try:
        yield
    finally:
        _resolver = previous


# --- public API ------------------------------------------------------------------------------------


def fetch(
    url: str,
    *,
    method: str = "GET",
    params: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | bytes | None = None,
    headers: Mapping[str, str] | None = None,
    accept: tuple[str, ...] | None = None,
    max_bytes: int | None = None,
    robots: bool = True,
    retries: int | None = None,
    min_interval: float | None = None,
) -> FetchResult:
    """Fetch ``url`` safely and return the whole (capped) body.

    ``accept``: allowed media types (``type/*`` and ``*/*`` patterns work); default: text, HTML, JSON,
    XML and feeds. ``robots=False`` is for documented APIs whose robots.txt targets crawlers (MediaWiki
    disallows ``/w/`` yet asks API clients to use it). ``min_interval`` overrides the politeness delay
    between two requests to the same origin (GDELT asks for 5 s). Raises :class:`FetchError`.
    """
    request = _Request(
        url=url,
        method=method.upper(),
        params=dict(params or {}),
        data=data,
        headers=dict(headers or {}),
        accept=accept or DEFAULT_ACCEPT,
        max_bytes=max_bytes or settings.FETCH_MAX_BYTES,
        robots=robots,
        min_interval=settings.FETCH_POLITENESS_DELAY if min_interval is None else min_interval,
    )
    attempts = 1 + (settings.FETCH_RETRIES if retries is None else retries)
    for attempt in range(attempts):
        try:
            return _fetch_once(request)
        except FetchError as exc:
            delay = _retry_delay(exc, attempt)
            if attempt + 1 >= attempts or delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable: the loop returns or raises")


def _retry_delay(error: FetchError, attempt: int) -> float | None:
    """Seconds to wait before retrying, or None when fetch() must not retry this error itself."""
    if not error.retry_now:
        return None
    if error.retry_after is not None:
        return error.retry_after if error.retry_after <= settings.FETCH_RETRY_AFTER_CAP else None
    base = settings.FETCH_BACKOFF_BASE * (2**attempt)
    return base + random.uniform(0, base)  # noqa: S311 - jitter, not cryptography


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


def _fetch_once(request: _Request) -> FetchResult:
    started = time.monotonic()
    deadline = started + settings.FETCH_TOTAL_TIMEOUT
    with _client() as client:
        url, method, data, hops = request.url, request.method, request.data, []
        params: dict[str, Any] | None = request.params
        for _ in range(settings.FETCH_MAX_REDIRECTS + 1):
            target = _validate_url(httpx.URL(url, params=params) if params else _parse_url(url))
            if request.robots and method == "GET":
                _check_robots(target)
            with _origin_slot(target, request.min_interval, deadline):
                response = _send(client, request, target, method=method, data=data, deadline=deadline)
            with contextlib.closing(response):
                if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                    hops.append(str(target))
                    url, params = _redirect_target(target, response.headers["location"], hops), None
                    if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                        method, data = "GET", None
                    continue
                return _read(response, request, target, deadline=deadline, started=started, hops=hops)
    raise FetchError(f"too many redirects (more than {settings.FETCH_MAX_REDIRECTS})", transient=False)


def _parse_url(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", transient=False) from exc


def _validate_url(url: httpx.URL) -> httpx.URL:
    if url.scheme not in ("http", "https"):
        raise FetchError(f"scheme {url.scheme or '(none)'!r} is not allowed: only http and https", transient=False)
    if not url.host:
        raise FetchError(f"URL {url} has no host", transient=False)
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


def _timeout_error(exc: Exception, deadline: float) -> FetchError:
    if time.monotonic() >= deadline - 0.05:
        return FetchError(f"timed out after {settings.FETCH_TOTAL_TIMEOUT:g}s", transient=True, retry_now=False)
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchError(f"connect timed out after {settings.FETCH_CONNECT_TIMEOUT:g}s", transient=True)
    return FetchError(f"read timed out after {settings.FETCH_READ_TIMEOUT:g}s", transient=True, retry_now=False)


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"timed out after {settings.FETCH_TOTAL_TIMEOUT:g}s", transient=True, retry_now=False)
    return remaining


def _accept_header(request: _Request) -> str:
    return request.headers.get("Accept") or ", ".join(request.accept)


def _read(
    response: httpx.Response, request: _Request, url: httpx.URL, *, deadline: float, started: float, hops: list[str]
) -> FetchResult:
    _check_status(response, deadline)
    media_type, encoding = _content_type(response)
    if response.status_code == 304:  # conditional GET: nothing new, and no body to check
        content = b""
    elif not _media_type_allowed(media_type, request.accept):
        raise FetchError(f"content type {media_type or '(none)'} is not allowed", transient=False)
    else:
        content = _read_capped(response, request.max_bytes, deadline)
    logger.info("fetched %s: HTTP %s, %d bytes", redact(str(url)), response.status_code, len(content))
    return FetchResult(
        url=str(url),
        status=response.status_code,
        headers=response.headers,
        content=content,
        content_type=media_type,
        encoding=encoding,
        elapsed=time.monotonic() - started,
        redirects=hops,
    )


def _check_status(response: httpx.Response, deadline: float) -> None:
    status = response.status_code
    if status < 400:
        return
    message = f"HTTP {status} {response.reason_phrase}".rstrip()
    transient = status in TRANSIENT_4XX or (status >= 500 and status not in PERMANENT_5XX)
    body = _error_body(response, deadline)
    raise FetchError(message, transient=transient, status=status, retry_after=_retry_after(response), body=body)


def _error_body(response: httpx.Response, deadline: float) -> bytes:
    """The first bytes of an error response, or nothing if they cannot be read quickly."""
    try:
        return _read_capped(response, ERROR_BODY_BYTES, deadline, truncate=True)
    except FetchError:
        return b""


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After as seconds (delta-seconds or HTTP date), or None when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    media_type, _, rest = response.headers.get("content-type", "").partition(";")
    encoding = None
    for param in rest.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            encoding = _known_encoding(value.strip().strip("\"'"))
    return media_type.strip().lower(), encoding


def _known_encoding(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None  # an unknown charset label is ignored; FetchResult.text falls back to UTF-8


def _media_type_allowed(media_type: str, accept: tuple[str, ...]) -> bool:
    for pattern in accept:
        if pattern in ("*/*", media_type):
            return True
        if pattern.endswith("/*") and media_type.startswith(pattern[:-1]):
            return True
    return False


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float, *, truncate: bool = False) -> bytes:
    """The body, at most ``max_bytes``: longer raises, or with ``truncate`` is cut off."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes and not truncate:
        raise FetchError(f"response larger than {_size(max_bytes)}", transient=False)
    chunks, total = [], 0
    try:
        for chunk in response.iter_bytes():  # decoded: the cap applies to what we keep, not the gzip
            total += len(chunk)
            if total > max_bytes:
                if truncate:
                    return b"".join(chunks) + chunk[: max_bytes - total + len(chunk)]
                raise FetchError(f"response larger than {_size(max_bytes)}", transient=False)
            chunks.append(chunk)
            _remaining(deadline)  # a body that drips bytes never trips the per-read timeout
    except httpx.TimeoutException as exc:
        raise _timeout_error(exc, deadline) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"connection broke while reading the body: {exc}", transient=True) from exc
    return b"".join(chunks)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n} bytes"


# --- connections -----------------------------------------------------------------------------------


@cache
def _ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on the SSRF-guarded network backend."""

    def __init__(self, policy: netguard.AddressPolicy) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        import httpcore

        # httpx exposes no network_backend argument; the pool is rebuilt with one (tests/sources/
        # test_ssrf.py fails loudly if a future httpx stops using self._pool).
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(), network_backend=netguard.GuardedBackend(policy), max_connections=10
        )


def _client() -> httpx.Client:
    """A fresh client per call, so the resolver and allowed hosts in force now are the ones applied.

    ``trust_env=False``: an HTTP(S)_PROXY variable would otherwise send requests through a proxy that
    resolves names itself, out of reach of the guard. Redirects are followed by hand, hop by hop.
    """
    policy = netguard.AddressPolicy(resolver=_resolver, allowed_hosts=settings.FETCH_ALLOWED_INTERNAL_HOSTS)
    return httpx.Client(transport=_GuardedTransport(policy), trust_env=False, follow_redirects=False)


# --- politeness ------------------------------------------------------------------------------------


class _Origin:
    def __init__(self, concurrency: int) -> None:
        self.slots = threading.BoundedSemaphore(concurrency)
        self.lock = threading.Lock()
        self.last_request = 0.0


_origins: dict[str, _Origin] = {}
_origins_lock = threading.Lock()


@contextlib.contextmanager
def _origin_slot(url: httpx.URL, min_interval: float, deadline: float) -> Iterator[None]:
    """Hold one of the origin's concurrency slots and space requests ``min_interval`` apart (per process)."""
    key = f"{url.scheme}://{url.netloc.decode('ascii')}"
    with _origins_lock:
        origin = _origins.setdefault(key, _Origin(settings.FETCH_HOST_CONCURRENCY))
    if not origin.slots.acquire(timeout=_remaining(deadline)):
        raise FetchError(f"timed out waiting for a free connection to {url.host}", transient=True, retry_now=False)
    try:
        if min_interval > 0:  # robots.txt (interval 0) neither waits nor delays the request it precedes
            with origin.lock:
                wait = origin.last_request + min_interval - time.monotonic()
                if wait > 0:
                    time.sleep(min(wait, _remaining(deadline)))
                origin.last_request = time.monotonic()
        yield
    finally:
        origin.slots.release()


# --- robots.txt ------------------------------------------------------------------------------------

_robots_cache: dict[str, tuple[float, RobotFileParser | None]] = {}
_robots_lock = threading.Lock()


def _check_robots(url: httpx.URL) -> None:
    """Raise when the origin's robots.txt disallows ``url`` for our User-Agent.

    RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx, network) means
    "disallow all for now", reported as a transient failure.
    """
    key = f"{url.scheme}://{url.netloc.decode('ascii')}"
    with _robots_lock:
        cached = _robots_cache.get(key)
    if cached is None or cached[0] < time.monotonic():
        cached = (time.monotonic() + ROBOTS_CACHE_SECONDS, _load_robots(key))
        with _robots_lock:
            _robots_cache[key] = cached
    parser = cached[1]
    if parser is not None and not parser.can_fetch(settings.FETCH_USER_AGENT, str(url)):
        raise FetchError(f"robots.txt disallows {url}", transient=False)


def _load_robots(origin: str) -> RobotFileParser | None:
    try:
        result = fetch(
            f"{origin}/robots.txt", accept=("*/*",), max_bytes=ROBOTS_MAX_BYTES, robots=False, retries=0, min_interval=0
        )
    except FetchError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
            return None
        if exc.status is None:
            raise  # unreachable or blocked host, bad URL: the page itself would fail the same way
        raise FetchError(f"robots.txt of {origin} could not be read ({exc})", transient=exc.transient) from exc
    parser = RobotFileParser()
    parser.parse(result.text.splitlines())
    return parser


def clear_caches() -> None:
    """Forget cached robots.txt files and politeness state (tests start each case fresh)."""
    with _robots_lock:
        _robots_cache.clear()
    with _origins_lock:
        _origins.clear()
