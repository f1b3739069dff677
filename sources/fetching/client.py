"""Connections and their limits: the SSRF-guarded httpx client, per-origin concurrency and politeness delay,
and the test hooks that swap the resolver and forget cached state."""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Iterator
from functools import cache

import certifi
import httpx
from django.conf import settings

from sources import netguard
from sources.fetching.errors import FetchError, _remaining
from sources.fetching.robots import _robots_cache, _robots_lock

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


def clear_caches() -> None:
    """Forget cached robots.txt files and politeness state (tests start each case fresh)."""
    with _robots_lock:
        _robots_cache.clear()
    with _origins_lock:
        _origins.clear()


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
        if min_interval > 0:  # measured from when the answer came, so a slow server gets more room
            origin.last_request = time.monotonic()
        origin.slots.release()
