"""Connector registry: ``get_connector(kind)`` builds the connector configured by its Connector row.

Each kind lives in the module of the same name (``sources.connectors.<kind>``) as the class whose
``kind`` attribute equals it, so adding a connector is adding a module.
"""

from __future__ import annotations

import importlib
import inspect

from sources.connectors.base import ConnectorError, SearchConnector
from sources.models import Connector as ConnectorConfig
from sources.models import ConnectorKind


def get_connector(kind: str, config: ConnectorConfig | None = None) -> SearchConnector:
    """The connector for ``kind``, configured by ``config`` or else by its database row.

    Raises ConnectorError (permanent) for an unknown kind or a kind without a configuration row.
    """
    if kind not in ConnectorKind.values:
        raise ConnectorError(f"unknown connector {kind!r}; known: {', '.join(ConnectorKind.values)}")
    if config is None:
        config = ConnectorConfig.objects.filter(kind=kind).first()
        if config is None:
            raise ConnectorError(f"the {kind} connector has no configuration row")
    return connector_class(kind)(config)


def connector_class(kind: str) -> type:
    try:
        module = importlib.import_module(f"sources.connectors.{kind}")
    except ModuleNotFoundError as exc:
        raise ConnectorError(f"the {kind} connector is not installed") from exc
    for _, candidate in inspect.getmembers(module, inspect.isclass):
        if getattr(candidate, "kind", None) == kind and candidate.__module__ == module.__name__:
            return candidate
    raise ConnectorError(f"sources.connectors.{kind} defines no connector class with kind {kind!r}")
