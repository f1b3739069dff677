"""How a fetch fails: :class:`FetchError`, the timeout errors of a deadline, and URL redaction for messages."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from django.conf import settings

SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "token", "access_token", "password"})


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


def redact(url: str) -> str:
    """``url`` with secret query parameters (``key=...``) masked, for messages and logs."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [(k, "REDACTED" if k.lower() in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(pairs)))


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
