"""The one package that makes outbound HTTP requests. Everything else calls :func:`fetch`.

Guarantees (see docs/fetching.md): only http/https; no credentials in URLs; the SSRF guard of
``sources.netguard`` on the resolved address of every connection of every redirect hop, with the socket
connected to the checked address; connect/read timeouts and a total deadline per attempt; a streamed size
cap; a content-type allowlist; a redirect limit; per-origin concurrency limit and politeness delay;
robots.txt; a descriptive User-Agent; retries with exponential backoff and jitter on transient failures
(connection errors, 429 honouring Retry-After up to a cap, 5xx). Every failure is a :class:`FetchError`
with a human-readable message and ``transient`` set.

Submodules (import the names below from ``sources.fetching`` itself):

- ``retries``: :func:`fetch`, the entry point, retrying transient failures with backoff and jitter.
- ``request``: one attempt: URL checks, robots.txt, the origin's slot, sending, redirects hop by hop.
- ``response``: :class:`FetchResult`; status classification, Retry-After, content type, the size cap.
- ``client``: the SSRF-guarded httpx client, per-origin concurrency and politeness delay, and the test
  hooks :func:`resolver_override` and :func:`clear_caches`.
- ``robots``: robots.txt fetched, cached per origin and obeyed.
- ``errors``: :class:`FetchError`, timeout errors against the deadline, :func:`redact` for messages.
"""

from sources.fetching.client import clear_caches, resolver_override
from sources.fetching.errors import SECRET_PARAMS, FetchError, redact
from sources.fetching.request import DEFAULT_ACCEPT, REDIRECT_STATUSES, SENSITIVE_HEADERS
from sources.fetching.response import ERROR_BODY_BYTES, PERMANENT_5XX, TRANSIENT_4XX, FetchResult
from sources.fetching.retries import fetch
from sources.fetching.robots import ROBOTS_CACHE_SECONDS, ROBOTS_MAX_BYTES

__all__ = [
    "DEFAULT_ACCEPT",
    "ERROR_BODY_BYTES",
    "PERMANENT_5XX",
    "REDIRECT_STATUSES",
    "ROBOTS_CACHE_SECONDS",
    "ROBOTS_MAX_BYTES",
    "SECRET_PARAMS",
    "SENSITIVE_HEADERS",
    "TRANSIENT_4XX",
    "FetchError",
    "FetchResult",
    "clear_caches",
    "fetch",
    "redact",
    "resolver_override",
]
