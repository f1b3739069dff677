"""The public entry point :func:`fetch`: attempts one after another, with exponential backoff and jitter on
transient failures and Retry-After honoured up to a cap."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from sources.fetching.errors import FetchError
from sources.fetching.request import DEFAULT_ACCEPT, _fetch_once, _Request
from sources.fetching.response import FetchResult


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
    deadline: float | None = None,
) -> FetchResult:
    """Fetch ``url`` safely and return the whole (capped) body.

    ``accept``: allowed media types (``type/*`` and ``*/*`` patterns work); default: text, HTML, JSON,
    XML and feeds. ``robots=False`` is for documented APIs whose robots.txt targets crawlers (MediaWiki
    disallows ``/w/`` yet asks API clients to use it). ``min_interval`` overrides the politeness delay
    between two requests to the same origin (GDELT asks for 5 s). ``deadline`` (``time.monotonic()``)
    ends each attempt earlier than ``FETCH_TOTAL_TIMEOUT`` would (a robots.txt read for a page uses the
    page's). Raises :class:`FetchError`.
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
        deadline=deadline,
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
