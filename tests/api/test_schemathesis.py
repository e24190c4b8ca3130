"""schemathesis generates requests from the published OpenAPI description and checks that every
response conforms to it (status, content type, schema) and that none is a server error.

One test builds the data once and runs every operation (bounded: a few examples each)."""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from tests.follow_corpus import build_corpus

EXAMPLES = 8


@pytest.mark.django_db
def test_every_operation_conforms_to_the_openapi_description(home_page, settings_override):
    from site_core.wsgi import application

    cache.clear()
    build_corpus(home_page)
    # As Django's test client does: the WSGI requests must not close the test's connection (on
    # PostgreSQL the test runs inside a transaction that a closed connection would lose).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        check_every_operation(application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def check_every_operation(application):
    schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        check()


@pytest.fixture
def settings_override(settings):
    settings.API_RATE_LIMIT = 1_000_000
    return settings
