"""The results framework through the API and as a feed: the dashboard's logframe for a period and filters."""

import datetime

import pytest
from django.urls import reverse

from dataexchange.models import ApiToken
from reporting.figures import ReportFilters
from reporting.framework import Period, ResultTarget
from reporting.logframe import Logframe
from tests.dataexchange.api.conftest import make_token
from tests.reporting.results_helpers import framework  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

YEAR = {"start": "2015-01-01", "end": "2015-12-31"}


def test_results_are_the_dashboards_logframe_with_targets_against_actuals(client, owned, staff, framework):  # noqa: F811
    ResultTarget.objects.create(indicator=framework["trained"], target=30, year=0, half=0)
    client.force_login(staff)
    expected = Logframe(staff, Period(framework["phase"]), until=datetime.date(2015, 12, 31))

    data = client.get(reverse("api:results"), YEAR).json()

    counted_from = framework["phase"].starts_on.isoformat()
    assert (data["start"], data["end"], data["phase"]) == (counted_from, "2015-12-31", "II")
    assert [row["indicator_code"] for row in data["rows"]] == ["1a", "1.1a", "1.1b"]
    trained = data["rows"][0]
    assert trained["target"] == "30.00"
    assert trained["actual"] == f"{expected.rows[0].actual:.2f}"
    assert trained["status"] == expected.rows[0].status
    assert (trained["area_code"], trained["is_key"], trained["source"]) == ("1", True, "computed")
    assert isinstance(expected.filters, ReportFilters)


def test_partner_user_sees_no_programme_target_and_cannot_filter_on_another_partner(
    client,
    owned,
    outsider,
    framework,  # noqa: F811
):
    ResultTarget.objects.create(indicator=framework["trained"], target=30, year=0, half=0)
    client.force_login(outsider)

    own = client.get(reverse("api:results"), YEAR)
    others = client.get(reverse("api:results"), {**YEAR, "partner": owned["partners"].pk})

    assert own.status_code == 200
    assert own.json()["rows"][0]["target"] is None
    assert others.status_code == 400
    assert "partner" in others.json()


def test_results_feed_has_one_indicator_a_row(client, owned, owner, framework):  # noqa: F811
    secret = make_token(owner, kind=ApiToken.Kind.FEED)[1]

    response = client.get(reverse("api:feed-results"), {**YEAR, "token": secret})

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("start,end,area_code,area_title,indicator_code,indicator_name,unit")
    assert len(lines) == 4
    assert lines[1].startswith(f"{framework['phase'].starts_on},2015-12-31,1,Enterprises trained,1a,")
