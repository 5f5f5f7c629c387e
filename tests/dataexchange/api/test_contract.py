"""Contract tests generated from the OpenAPI schema with schemathesis: requests built from each operation's
documented parameters (a bounded number per operation) go to the application through its WSGI interface, and
no answer may be a server error or differ from what the schema documents."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dataexchange.models import ApiToken
from tests.dataexchange.api.conftest import make_token

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app():
    """The application as a server runs it, answering in this test's database transaction: as Django's test
    client does, requests do not close the connection (which would end the transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def check_operation(operation, app, credentials):
    """Bounded generated requests to one operation; every answer is checked against the schema."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def keeps_to_the_schema(case):
        case.call_and_validate(app=app, checks=CHECKS, **credentials)

    keeps_to_the_schema()


def test_every_operation_keeps_to_the_schema(owned, owner, wsgi_app, settings_for_contract):
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    api_credentials = {"headers": {"Authorization": f"Bearer {make_token(owner)[1]}"}}
    feed_credentials = {"params": {"token": make_token(owner, kind=ApiToken.Kind.FEED)[1]}}
    operations = [result.ok() for result in schema.get_all_operations()]

    for operation in operations:
        is_feed = operation.path.startswith("/api/feeds/")
        check_operation(operation, wsgi_app, feed_credentials if is_feed else api_credentials)

    assert len(operations) > 40


@pytest.fixture
def settings_for_contract(settings):
    """Generated requests come quickly: the throttle must not answer them all with 429."""
    settings.API_THROTTLE_RATE = "100000/hour"
    settings.ALLOWED_HOSTS = ["*"]
