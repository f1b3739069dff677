"""Helpers for tests that go through ``sources.fetching``: a name-to-address resolver and fast settings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sources import fetching
from sources.netguard import ResolutionFailed


class MappingResolver:
    """Resolves names from a dict (never the real DNS). A list of answers per name is served in turn,
    the last one repeating, so a test can make the second answer differ from the first (rebinding)."""

    def __init__(self, mapping: dict[str, Sequence[str] | Sequence[Sequence[str]]]) -> None:
        self.mapping = mapping
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        answers = self.mapping.get(host)
        if answers is None:
            raise ResolutionFailed(f"could not resolve host {host}")
        if answers and not isinstance(answers[0], str):  # a sequence of successive answers
            turn = min(self.calls.count(host) - 1, len(answers) - 1)
            return list(answers[turn])
        return list(answers)  # type: ignore[arg-type]


@contextmanager
def fetch_environment(settings, *, allowed_hosts: Sequence[str], resolver: MappingResolver) -> Iterator[None]:
    """Fast, isolated fetching: no politeness delay, tiny backoff, fresh robots/politeness caches."""
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = list(allowed_hosts)
    settings.FETCH_POLITENESS_DELAY = 0
    settings.FETCH_BACKOFF_BASE = 0.01
    fetching.clear_caches()
    with fetching.resolver_override(resolver):
        yield
    fetching.clear_caches()


def page_requests(server, path):
    """The requests ``server`` (a ``FixtureServer``) received for ``path``, in order."""
    return [r for r in server.requests if r.path == path]


def fetch_resolving(name):
    """Resolve ``name`` to 127.0.0.1 (the fixture server) while the returned context is open."""
    return fetching.resolver_override(MappingResolver({name: ["127.0.0.1"]}))
