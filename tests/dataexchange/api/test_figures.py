import datetime

import pytest
from django.urls import reverse

from reporting.figures import ProgrammeFigures, ReportFilters
from reporting.periods import last_twelve_months, reporting_day
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

FIGURES = "/api/figures/"
YEAR = {"start": "2015-01-01", "end": "2015-12-31"}


def figures(client, user, **params):
    client.force_login(user)
    return client.get(FIGURES, params)


def test_figures_are_the_dashboards(client, owned, staff):
    expected = ProgrammeFigures(staff, ReportFilters(start=datetime.date(2015, 1, 1), end=datetime.date(2015, 12, 31)))

    data = figures(client, staff, **YEAR).json()

    headline = data["headline"]
    assert (data["start"], data["end"]) == ("2015-01-01", "2015-12-31")
    assert headline["enterprises"] == expected.headline.enterprises == 1
    assert headline["participants"]["total"] == expected.headline.participants.total == 4
    assert headline["verified_improvements"] == 1
    assert headline["annual_savings_rmb"] == "13000.00"
    assert [row["key"] for row in data["by_module"]] == [row.key for row in expected.by_module]
    assert [row["indicator_code"] for row in data["indicators"]] == ["defect-rate"]


@pytest.mark.parametrize(
    ("role", "enterprises"), [("owner", 1), ("viewer", 1), ("committee_member", 1), ("outsider", 0)]
)
def test_figures_count_only_the_rows_the_users_reports_may_include(client, request, owned, role, enterprises):
    response = figures(client, request.getfixturevalue(role), **YEAR)

    assert response.status_code == 200
    assert response.json()["headline"]["enterprises"] == enterprises


def test_filter_by_another_partner_is_refused(client, owned, outsider):
    response = figures(client, outsider, partner=owned["partners"].pk, **YEAR)

    assert response.status_code == 400
    assert "partner" in response.json()


def test_staff_filter_by_a_partner_and_see_its_natural_key(client, owned, staff):
    other = PartnerFactory(code="ELSE")

    own_figures = figures(client, staff, partner=owned["partners"].pk, **YEAR).json()
    other_figures = figures(client, staff, partner=other.pk, **YEAR).json()

    assert (own_figures["partner_code"], own_figures["headline"]["enterprises"]) == ("OWN", 1)
    assert other_figures["headline"]["enterprises"] == 0


def test_period_ending_before_it_starts_is_a_400(client, staff):
    response = figures(client, staff, start="2015-12-31", end="2015-01-01")

    assert response.status_code == 400
    assert "end" in response.json()


def test_without_a_period_the_figures_cover_the_dashboards_twelve_months(client, owned, staff):
    start, end = last_twelve_months(reporting_day(staff))

    data = figures(client, staff).json()

    assert (data["start"], data["end"]) == (start.isoformat(), end.isoformat())


def test_user_who_reads_no_reports_gets_403(client, owned):
    response = figures(client, UserFactory())

    assert response.status_code == 403


def test_figures_feed_refuses_a_user_who_reads_no_reports(client):
    client.force_login(UserFactory())

    assert client.get(reverse("api:feed-figures")).status_code == 403
