"""Schemathesis over the OpenAPI schema: whatever it sends, the API never answers 5xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def in_test_transaction(db):
    """As Django's test client does: keep the test's connection open across WSGI requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_5xx(case, in_test_transaction):
    case.call_and_validate(checks=[not_a_server_error])


def test_schema_documents_the_public_api_only(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    assert "/api/v1/areas/" in paths
    assert all(path.startswith("/api/v1/") for path in paths)
