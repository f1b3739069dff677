"""Connector registry: ``get_connector(kind)`` returns the connector class for a ConnectorKind."""

from __future__ import annotations

from importlib import import_module

_CLASSES = {"local": "sources.connectors.local.LocalConnector"}


def get_connector(kind: str):
    module, _, name = _CLASSES[kind].rpartition(".")
    return getattr(import_module(module), name)
