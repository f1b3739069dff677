"""The local collection connector: the same JSON directory served to corroboration runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources.connectors.base import ConnectorError, SearchQuery
from sources.connectors.local import LocalConnector
from sources.models import Connector, ConnectorKind


def connector(path) -> LocalConnector:
    return LocalConnector(Connector(kind=ConnectorKind.LOCAL, options={"path": str(path)}, max_results=3))


def test_it_returns_documents_containing_the_query_terms_best_first(corpus_dir):
    query = SearchQuery(text="Riverton replaced lead pipes", keywords=("lead pipes", "Riverton", "4,000"))
    found = connector(corpus_dir).search(query)
    assert len(found) == 3
    assert found[0].url == "https://ledger.example.org/2024/02/01/riverton-lead-pipe-audit"
    assert all("riverton" in (f.title + f.text).lower() for f in found)
    assert found[0].publisher == "Civic Ledger" and found[0].text.startswith("RIVERTON")


def test_the_date_window_leaves_out_documents_outside_it(corpus_dir):
    query = SearchQuery(
        text="ferry fares",
        keywords=("fares",),
        since=datetime(2025, 1, 1, tzinfo=UTC),
        until=datetime(2025, 1, 31, tzinfo=UTC),
    )
    assert [f.url.rsplit("/", 1)[-1] for f in connector(corpus_dir).search(query)] == ["harbour-ferry-fares-rise"]


def test_a_missing_path_is_a_permanent_connector_error(tmp_path):
    with pytest.raises(ConnectorError, match="not a directory") as raised:
        connector(tmp_path / "gone").search(SearchQuery(text="anything"))
    assert raised.value.transient is False


def test_no_path_configured_is_a_clear_error():
    empty = LocalConnector(Connector(kind=ConnectorKind.LOCAL, options={}))
    with pytest.raises(ConnectorError, match="no 'path' option"):
        empty.search(SearchQuery(text="anything"))
