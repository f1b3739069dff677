"""Helpers shared by the API tests of both apps."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _throttle_counters_per_test(settings):
    """Each test starts with fresh throttle counters (kept in memory, not in the shared Redis)."""
    from django.core.cache import caches

    settings.API_THROTTLE_CACHE = "default"
    # The personas' passwords are hashed on creation; the fast hasher keeps the role matrix quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    caches["default"].clear()


def error_of(response) -> dict:
    """The ``error`` object of an API error response, after checking the shape every error has."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]
