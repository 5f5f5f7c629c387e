import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import roles
from partners.models import City
from score_mis import pagination
from score_mis.pagination import BoundedPaginator
from tests.factories import CityFactory, TrainingRoundFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities():
    return [CityFactory(name=f"City {n:02d}") for n in range(30)]


def test_a_short_list_is_counted_exactly(cities):
    paginator = BoundedPaginator(City.objects.order_by("name"), 10, page_number=1, counted_ahead=100)

    assert (paginator.count, paginator.num_pages, paginator.count_is_bounded) == (30, 3, False)


def test_a_long_list_is_counted_only_so_far_past_the_page_asked_for(cities):
    paginator = BoundedPaginator(City.objects.order_by("name"), 10, page_number=1, counted_ahead=5)

    with CaptureQueriesContext(connection) as queries:
        count = paginator.count

    assert (count, paginator.num_pages, paginator.count_is_bounded) == (15, 2, True)
    assert len(queries) == 1 and "LIMIT 16" in queries[0]["sql"]


def test_asking_for_a_later_page_moves_the_bound_along(cities):
    paginator = BoundedPaginator(City.objects.order_by("name"), 10, page_number=3, counted_ahead=5)

    page = paginator.get_page(3)

    assert [city.name for city in page] == [f"City {n}" for n in range(20, 30)]
    assert (paginator.count_is_bounded, page.has_next()) == (False, False)


@pytest.mark.parametrize("number", [None, "", "last", "x", "-2"])
def test_a_page_number_that_is_not_a_number_counts_from_the_first_page(cities, number):
    paginator = BoundedPaginator(City.objects.order_by("name"), 10, page_number=number, counted_ahead=5)

    assert paginator.count == 15


def test_the_round_list_says_more_than_when_it_stopped_counting(client, monkeypatch):
    monkeypatch.setattr(pagination, "COUNTED_AHEAD", 10)
    partner_round = TrainingRoundFactory(title="Round 0", starts_on=datetime.date(2015, 1, 1))
    for day in range(1, 40):
        TrainingRoundFactory(
            title=f"Round {day}", partner=partner_round.partner, starts_on=datetime.date(2015, 1, 1 + day % 28)
        )
    client.force_login(user_with_role(roles.PARTNER_COORDINATOR, partner_round.partner))

    first = client.get(reverse("trainings:round_list")).content.decode()
    second = client.get(reverse("trainings:round_list"), {"page": 2}).content.decode()

    assert "Page 1 of more than 2" in first
    assert "Page 2 of 2" in second
