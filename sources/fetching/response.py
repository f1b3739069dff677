"""Reading a response into a :class:`FetchResult`: status classification (transient or permanent), Retry-After,
content-type allowlist and charset, and the streamed size cap."""

from __future__ import annotations

import codecs
import contextlib
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import httpx

from sources.fetching.errors import FetchError, _remaining, _timeout_error, redact

if TYPE_CHECKING:
    from sources.fetching.request import _Request

PERMANENT_5XX = {501, 505}
TRANSIENT_4XX = {408, 425, 429}
ERROR_BODY_BYTES = 64 * 1024

# httpx logs every request URL at INFO, API keys in query strings included; this package logs instead,
# under the package's name.
logging.getLogger("httpx").setLevel(logging.WARNING)
logger = logging.getLogger("sources.fetching")


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
                with contextlib.suppress(UnicodeError, LookupError):
                    return self.content.decode(encoding)
        return self.content.decode("cp1252", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON; a body that is not JSON is a permanent FetchError."""
        try:
            return json.loads(self.text)
        except ValueError as exc:
            raise FetchError(f"response from {redact(self.url)} is not valid JSON: {exc}", transient=False) from exc


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
    logger.debug("fetched %s: HTTP %s, %d bytes", redact(str(url)), response.status_code, len(content))
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
        info = codecs.lookup(name)
    except LookupError:
        return None  # an unknown charset label is ignored; FetchResult.text falls back to UTF-8
    # Python also knows codecs that are not text encodings ("zip", "base64"): ignored the same way.
    return info.name if getattr(info, "_is_text_encoding", True) else None


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
