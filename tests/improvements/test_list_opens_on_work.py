"""The improvement list opens on what the user can act on."""

import pytest
from django.urls import reverse

from improvements.models import Improvement
from tests.factories import ImprovementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(enterprise):
    return {
        status: ImprovementFactory(enterprise=enterprise, title=f"The {status} one", status=status)
        for status in (Improvement.Status.DRAFT, Improvement.Status.RETURNED, Improvement.Status.SUBMITTED)
    }


def titles(response):
    return sorted(improvement.title for improvement in response.context["page_obj"])


def test_a_coordinators_list_opens_on_drafts_and_returned_improvements(client, coordinator, one_of_each):
    client.force_login(coordinator)

    assert titles(client.get(reverse("improvements:improvement_list"))) == ["The draft one", "The returned one"]


def test_a_reviewers_list_opens_on_what_waits_for_review(client, reviewer, one_of_each):
    client.force_login(reviewer)

    assert titles(client.get(reverse("improvements:improvement_list"))) == ["The submitted one"]


def test_a_viewers_list_opens_on_verified_improvements(client, viewer, one_of_each):
    client.force_login(viewer)

    assert titles(client.get(reverse("improvements:improvement_list"))) == []


def test_the_coordinator_can_still_choose_any_status(client, coordinator, one_of_each):
    client.force_login(coordinator)

    response = client.get(reverse("improvements:improvement_list"), {"status": "submitted"})

    assert titles(response) == ["The submitted one"]
