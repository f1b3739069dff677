"""Shared fixtures: personas, API clients, the loopback fixture server, a real Celery worker."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.support.http_server import FixtureServer
from tests.support.worker import WorkerProcess


@pytest.fixture
def viewer(db):
    return UserFactory(username="vera-viewer", role="viewer")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rita-reviewer", role="reviewer")


@pytest.fixture
def second_reviewer(db):
    return UserFactory(username="rob-reviewer", role="reviewer")


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie-editor", role="editor")


@pytest.fixture
def second_editor(db):
    return UserFactory(username="erin-editor", role="editor")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada-admin", role="admin", is_superuser=True)


@pytest.fixture
def outsider(db):
    """A logged-in account with no role at all."""
    return UserFactory(username="otto-outsider", is_staff=False)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def client_for():
    """``client_for(user)``: an API client authenticated as ``user`` (token auth)."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def fixture_server():
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture
def migrated_rows(transactional_db):
    """The rows data migrations create (role groups, rating scale, default connectors), made again.

    A transactional test's flush removes them for the transactional tests after it. Tests that need a
    committed database and those rows take this fixture rather than ``serialized_rollback``, whose
    restore collides with the content types the flush re-created (duplicate key) in some test orders.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("claims.migrations.0002_roles_and_rating_scale").forwards(apps, None)
    importlib.import_module("sources.migrations.0002_default_connectors").forwards(apps, None)


@pytest.fixture
def celery_worker(transactional_db):
    """A real ``celery worker`` process consuming from the real broker, writing to the test database."""
    worker = WorkerProcess()
    worker.wait_ready()
    yield worker
    worker.stop()


@pytest.fixture(autouse=True)
def _purge_broker_queue(request):
    """Tests that use the broker start from an empty queue (a previous test's leftovers never leak)."""
    if "celery_worker" in request.fixturenames or request.node.get_closest_marker("broker"):
        from claimtrack.celery import app

        app.control.purge()
    yield
