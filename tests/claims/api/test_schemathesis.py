"""Property-based run of schemathesis against the live OpenAPI schema, as an authenticated editor.

Every operation gets a bounded number of generated requests (``EXAMPLES``). Each response must not be
a 5xx and must match the schema: a documented status code, content type, headers and body shape.
The schema is fetched from the running app's ``/api/schema/``, so it is the one clients see.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from tests.claims.workflow_support import proposed_verdict, published_verdict
from tests.factories import AppearanceFactory, EvidenceFactory, UserFactory

EXAMPLES = 10

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def _live_schema():
    """The schema as the running WSGI app serves it at /api/schema/ (no database needed to serve it)."""
    from claimtrack.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


# Loaded at collection: schemathesis' lazy fixture loader does not support pytest 9.
schema = _live_schema()


@pytest.fixture
def in_process_app(db):
    """Django closes database connections at the end of each request; like Django's test client, this
    turns that off so that the app called in-process keeps using the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db) -> str:
    """An editor's token, with a few rows around so that some generated ids exist."""
    editor = UserFactory(username="schema-editor", role="editor")
    reviewer = UserFactory(username="schema-reviewer", role="reviewer")
    for _ in range(3):
        EvidenceFactory(claim=AppearanceFactory().claim)
    proposed_verdict(reviewer)
    published_verdict(reviewer, UserFactory(username="schema-editor-2", role="editor"))
    return Token.objects.create(user=editor).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_match_the_schema_and_are_never_5xx(case, in_process_app, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=CHECKS)
