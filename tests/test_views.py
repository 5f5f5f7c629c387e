"""Site-wide error pages (score_mis/views.py)."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connections
from django.urls import reverse

from partners import roles
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(user_with_role(roles.ILO_STAFF))
    client.raise_request_exception = False  # answer as a server does, with the error page
    return client


def database_down(error):
    """Every new query fails as when the database restarts or its connections are cut."""
    return mock.patch.object(connections["default"], "ensure_connection", side_effect=error)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ],
    ids=["operational_error", "interface_error"],
)
def test_database_outage_answers_a_friendly_503_with_retry_after_then_recovers(staff_client, error):
    url = reverse("improvements:improvement_list")

    with database_down(error):
        during = staff_client.get(url)
    after = staff_client.get(url)

    assert during.status_code == 503
    assert during["Retry-After"] == "30"
    assert "The database cannot be reached just now. Please try again in a minute." in during.content.decode()
    assert "no-store" in during["Cache-Control"]
    assert after.status_code == 200


def test_database_outage_page_is_in_the_language_of_the_request(staff_client):
    with database_down(OperationalError("could not connect to server")):
        response = staff_client.get(reverse("reporting:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 503
    assert "暂时无法连接数据库。请一分钟后再试。" in response.content.decode()


def test_other_errors_still_answer_500_without_retry_after(staff_client):
    with database_down(ValueError("a bug")):
        response = staff_client.get(reverse("improvements:improvement_list"))

    assert response.status_code == 500
    assert "Retry-After" not in response
