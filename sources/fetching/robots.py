"""robots.txt: each origin's file fetched through :func:`~sources.fetching.fetch`, cached, and obeyed."""

from __future__ import annotations

import threading
import time
from urllib.robotparser import RobotFileParser

import httpx
from django.conf import settings

from sources.fetching.errors import FetchError

ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_CACHE_SECONDS = 3600

_robots_cache: dict[str, tuple[float, RobotFileParser | None]] = {}
_robots_lock = threading.Lock()


def _check_robots(url: httpx.URL, *, deadline: float | None = None) -> None:
    """Raise when the origin's robots.txt disallows ``url`` for our User-Agent.

    RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx, network) means
    "disallow all for now", reported as a transient failure. Reading robots.txt must end by
    ``deadline`` (``time.monotonic()``), the page request's own, so that it counts against the page's
    total timeout.
    """
    key = f"{url.scheme}://{url.netloc.decode('ascii')}"
    with _robots_lock:
        cached = _robots_cache.get(key)
    if cached is None or cached[0] < time.monotonic():
        cached = (time.monotonic() + ROBOTS_CACHE_SECONDS, _load_robots(key, deadline=deadline))
        with _robots_lock:
            _robots_cache[key] = cached
    parser = cached[1]
    if parser is not None and not parser.can_fetch(settings.FETCH_USER_AGENT, str(url)):
        raise FetchError(f"robots.txt disallows {url}", transient=False)


def _load_robots(origin: str, *, deadline: float | None = None) -> RobotFileParser | None:
    # Imported here: fetch() checks robots.txt before each request, so the two modules need each other.
    from sources.fetching.retries import fetch

    try:
        result = fetch(
            f"{origin}/robots.txt",
            accept=("*/*",),
            max_bytes=ROBOTS_MAX_BYTES,
            robots=False,
            retries=0,
            min_interval=0,
            deadline=deadline,
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
