"""Sources admin: connector API keys are write-only; URLs without a scheme are read as https."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sources.models import Connector, ConnectorKind, Feed

pytestmark = pytest.mark.django_db


def test_a_connector_api_key_is_never_shown_and_kept_when_left_empty(editor):
    connector = Connector.objects.get(kind=ConnectorKind.FACTCHECK)
    connector.api_key = "secret-key-123"
    connector.save()
    client = Client()
    client.force_login(editor)
    url = reverse("admin:sources_connector_change", args=[connector.pk])
    assert "secret-key-123" not in client.get(url).content.decode()
    form = {"enabled": "on", "base_url": connector.base_url, "max_results": 5, "options": "{}"}
    assert client.post(url, {**form, "api_key": ""}).status_code == 302
    assert Connector.objects.get(pk=connector.pk).api_key == "secret-key-123"
    client.post(url, {**form, "api_key": "new-key"})
    assert Connector.objects.get(pk=connector.pk).api_key == "new-key"
    client.post(url, {**form, "api_key": " "})
    assert Connector.objects.get(pk=connector.pk).api_key == ""


def test_a_feed_url_typed_without_a_scheme_is_saved_as_https(editor):
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("admin:sources_feed_add"), {"url": "feeds.example.org/rss", "enabled": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    urls = set(Feed.objects.values_list("url", flat=True))
    assert "https://feeds.example.org/rss" in urls
    assert "http://feeds.example.org/rss" not in urls
