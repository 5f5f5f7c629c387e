"""Lists, details and feeds run a fixed number of queries whatever the amount of data; long lists are
paged by cursor, and following the cursors gives every visible row once and no other partner's row."""

import pytest
from django.urls import reverse

from dataexchange.api.views import VIEWSETS
from dataexchange.models import ApiToken
from tests.dataexchange.api.conftest import bearer, make_token, populate
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

# Token lookup, last use, the user's groups, memberships and partner tree, then the rows and their prefetches.
LIST_QUERIES = 8
FEED_QUERIES = 8
CURSOR_PAGED = ("rounds", "enrollments", "activities", "enterprises", "measurements", "improvements")


@pytest.mark.parametrize("size", [1, 4])
def test_every_list_runs_a_constant_number_of_queries(client, own, owner, size, django_assert_max_num_queries):
    populate(own, size)
    secret = make_token(owner)[1]

    for name in VIEWSETS:
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(reverse(f"api:{name}-list"), **bearer(secret))
        assert response.status_code == 200
        if name not in ("cities", "modules", "indicators", "partners"):
            assert len(response.json()["results"]) == size, name


@pytest.mark.parametrize("size", [1, 4])
def test_every_feed_runs_a_constant_number_of_queries(client, own, owner, size, django_assert_max_num_queries):
    populate(own, size)
    secret = make_token(owner, kind=ApiToken.Kind.FEED)[1]

    for name in VIEWSETS:
        with django_assert_max_num_queries(FEED_QUERIES):
            response = client.get(reverse(f"api:feed-{name}"), {"token": secret})
        assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_details_run_a_constant_number_of_queries(client, own, owner, size, django_assert_max_num_queries):
    records = populate(own, size)
    secret = make_token(owner)[1]

    for name in ("activities", "enterprises", "improvements", "trainers", "events"):
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(reverse(f"api:{name}-detail", args=[records[-1][name].pk]), **bearer(secret))
        assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 7])
def test_cursor_pages_give_every_visible_row_once(client, own, owner, size, django_assert_max_num_queries):
    records = populate(own, size)
    populate(PartnerFactory(code="OTHER"), 2)
    secret = make_token(owner)[1]

    for name in CURSOR_PAGED:
        seen, url = [], reverse(f"api:{name}-list") + "?page_size=2"
        while url:
            with django_assert_max_num_queries(LIST_QUERIES):
                page = client.get(url, **bearer(secret)).json()
            assert len(page["results"]) <= 2
            seen.extend(row["id"] for row in page["results"])
            url = page["next"]
        assert seen == sorted(record[name].pk for record in records), name


def test_cursor_follows_the_chosen_ordering(client, own, owner):
    records = populate(own, 3)
    secret = make_token(owner)[1]

    first = client.get(reverse("api:rounds-list"), {"ordering": "-id", "page_size": 2}, **bearer(secret)).json()
    second = client.get(first["next"], **bearer(secret)).json()

    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == sorted((record["rounds"].pk for record in records), reverse=True)
