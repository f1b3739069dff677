"""get_connector builds each kind from its Connector row."""

from __future__ import annotations

import pytest

from sources.connectors import get_connector
from sources.connectors.base import ConnectorError
from sources.connectors.factcheck import FactCheckConnector
from sources.connectors.gdelt import GdeltConnector
from sources.connectors.rss import RssConnector
from sources.connectors.url import UrlConnector
from sources.connectors.wikipedia import WikipediaConnector
from sources.models import Connector


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("rss", RssConnector),
        ("url", UrlConnector),
        ("wikipedia", WikipediaConnector),
        ("gdelt", GdeltConnector),
        ("factcheck", FactCheckConnector),
    ],
)
def test_each_kind_is_built_from_its_row(kind, cls):
    Connector.objects.filter(kind=kind).update(max_results=7, options={"x": 1})

    connector = get_connector(kind)

    assert type(connector) is cls
    assert (connector.config.kind, connector.config.max_results, connector.option("x", 0)) == (kind, 7, 1)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ConnectorError, match="unknown connector 'bing'"):
        get_connector("bing")


@pytest.mark.django_db
def test_a_kind_without_its_row_is_refused():
    Connector.objects.filter(kind="gdelt").delete()

    with pytest.raises(ConnectorError, match="the gdelt connector has no configuration row"):
        get_connector("gdelt")
