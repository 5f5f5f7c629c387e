"""Filters, search and ordering narrow the rows a user may see and never reach another partner's rows."""

import pytest
from django.urls import reverse

from tests.dataexchange.api.conftest import populate
from tests.factories import EnrollmentFactory, EnterpriseFactory, PartnerFactory, TrainingRoundFactory, module

pytestmark = pytest.mark.django_db


def ids(client, resource, **params):
    response = client.get(reverse(f"api:{resource}-list"), params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def other():
    """OTHER's records, and an enterprise OWN recruited that is also enrolled in an OTHER round of module 5."""
    return PartnerFactory(code="OTHER")


@pytest.fixture
def shared_enterprise(own, other):
    enterprise = EnterpriseFactory(recruited_by=own)
    EnrollmentFactory(enterprise=enterprise, round=TrainingRoundFactory(partner=other, module=module(5)))
    return enterprise


def test_filters_by_another_partners_round_find_nothing(client, owned, owner, other, shared_enterprise):
    others_round = shared_enterprise.enrollments.get().round
    client.force_login(owner)

    assert shared_enterprise.pk in ids(client, "enterprises")
    assert ids(client, "enrollments", enterprise=shared_enterprise.pk) == []
    assert ids(client, "enrollments", round=others_round.pk) == []
    assert ids(client, "activities", round=others_round.pk) == []


def test_enterprise_module_filter_counts_only_rounds_the_user_may_see(client, owned, owner, shared_enterprise):
    client.force_login(owner)

    assert ids(client, "enterprises", module=module(5).pk) == []
    assert ids(client, "enterprises", module=module(1).pk) == [owned["enterprises"].pk]


@pytest.mark.parametrize(("resource", "name"), [("enterprises", "partner"), ("rounds", "partner")])
def test_another_partner_is_not_a_valid_filter_choice(client, owned, owner, other, resource, name):
    client.force_login(owner)

    refused = client.get(reverse(f"api:{resource}-list"), {name: other.pk})
    unknown = client.get(reverse(f"api:{resource}-list"), {name: 999999})

    assert refused.status_code == unknown.status_code == 400
    assert refused.json() == unknown.json()
    assert ids(client, resource, **{name: owned["partners"].pk})


def test_search_finds_only_visible_rows(client, owned, owner, other):
    others = populate(other, 1)[0]
    client.force_login(owner)

    assert ids(client, "rounds", search=others["rounds"].title) == []
    assert ids(client, "enterprises", search=others["enterprises"].name) == []
    assert ids(client, "rounds", search=owned["rounds"].title) == [owned["rounds"].pk]


def test_ordering_by_an_undeclared_field_is_ignored(client, owned, owner, other):
    populate(other, 1)
    client.force_login(owner)

    assert ids(client, "rounds", ordering="partner__code") == [owned["rounds"].pk]
    assert ids(client, "partners", ordering="-memberships__user__password") == [owned["partners"].pk]


def test_search_text_with_a_nul_character_is_a_400(client, owned, owner):
    client.force_login(owner)

    response = client.get(reverse("api:rounds-list"), {"search": "a\x00b"})

    assert response.status_code == 400
    assert "search" in response.json()


def test_invalid_cursor_is_a_404_not_an_error(client, owned, owner):
    client.force_login(owner)

    assert client.get(reverse("api:rounds-list"), {"cursor": "not-a-cursor"}).status_code == 404
