"""The improvement list reads a bounded number of rows whatever the size of the selection."""

import pytest
from django.urls import reverse
from django.utils import timezone

from improvements import views
from improvements.models import Improvement
from tests.factories import ImprovementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_verified(enterprise, ilo_staff):
    return [
        ImprovementFactory(
            enterprise=enterprise,
            status="verified",
            verified_by=ilo_staff,
            verified_at=timezone.now(),
            annual_saving_rmb=1000 * n,
            investment_rmb=100,
        )
        for n in (1, 2, 3)
    ]


def test_totals_up_to_the_limit_are_summed(three_verified):
    totals = Improvement.objects.verified_totals(at_most=3)

    assert totals == {"count": 3, "annual_saving_rmb": 6000, "investment_rmb": 300}


def test_a_selection_past_the_limit_is_counted_as_more_and_not_summed(three_verified):
    totals = Improvement.objects.verified_totals(at_most=2)

    assert totals == {"count": 3, "annual_saving_rmb": None, "investment_rmb": None}


def test_the_list_says_more_than_the_limit_instead_of_summing_everything(
    client, coordinator, three_verified, monkeypatch
):
    client.force_login(coordinator)
    monkeypatch.setattr(views, "TOTALLED_AT_MOST", 2)

    page = client.get(reverse("improvements:improvement_list"), {"status": "verified"}).content.decode()

    assert "Verified in this selection: more than 2 improvements." in page
    assert "Verified in this selection: 3" not in page and "for an investment of" not in page


def test_the_list_sums_a_selection_within_the_limit(client, coordinator, three_verified):
    client.force_login(coordinator)

    page = client.get(reverse("improvements:improvement_list"), {"status": "verified"}).content.decode()

    assert "Verified in this selection: 3 improvements, saving 6,000 RMB a year" in page
