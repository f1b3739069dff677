"""The OpenAPI schema and the browsable docs, with their assets served by us (they work offline)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_lists_every_resource(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ["articles", "claims", "evidence", "verdicts", "runs", "documents", "connectors", "feeds"]:
        assert f"/api/v1/{resource}/" in paths
    assert "/api/v1/match/" in paths
    assert "/api/v1/claim-reviews/" in paths
    error = response.json()["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]


def test_swagger_ui_loads_its_assets_from_our_static_files(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assets = re.findall(r'(/static/drf_spectacular_sidecar/[^"\']+)', page.content.decode())
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        asset_response = client.get(asset)
        assert asset_response.status_code == 200, asset
        body = b"".join(asset_response.streaming_content) if asset_response.streaming else asset_response.content
        assert body, asset
