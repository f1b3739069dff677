"""Connector tests: the fixture server answers in each service's real format (tests/fixtures/connectors)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from sources.models import Connector
from tests.support.fetch_support import MappingResolver, fetch_environment

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "connectors"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def fast_fetching(settings):
    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        yield


@pytest.fixture
def configure(db, fixture_server):
    """``configure(kind, path, **fields)``: point the kind's Connector row at ``path`` on the server."""

    def make(kind: str, path: str = "/", **fields) -> Connector:
        Connector.objects.filter(kind=kind).update(base_url=fixture_server.url(path), **fields)
        return Connector.objects.get(kind=kind)

    return make


def params_of(request) -> dict[str, str]:
    """The query parameters of a recorded request, one value each."""
    return {k: v[0] for k, v in parse_qs(request.query, keep_blank_values=True).items()}


def by_params(routes: dict[str, tuple[str, int, dict[str, str]]]):
    """A handler choosing the answer by a query parameter: ``{"list=search": (file, status, headers)}``."""

    def handle(request) -> None:
        query = parse_qs(urlsplit(request.path).query)
        for key, (name, status, headers) in routes.items():
            param, _, value = key.partition("=")
            if value in query.get(param, []):
                request._write(status, fixture_bytes(name), {"Content-Type": "application/json", **headers})
                return
        request._write(400, b"no route", {"Content-Type": "text/plain"})

    return handle
