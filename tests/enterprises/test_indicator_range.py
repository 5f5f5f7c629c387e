"""Indicator values within the indicator's valid range, through the service, the form, an import and the admin."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from enterprises import services
from enterprises.models import Indicator, Measurement
from tests.dataexchange.conftest import problems_of, run_import, xlsx_bytes
from tests.factories import CityFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(partner):
    return EnterpriseFactory(
        name="Cable Co", city=CityFactory(name="Deyang", name_zh_hans="德阳"), recruited_by=partner
    )


@pytest.fixture
def defect_rate():
    return Indicator.objects.get(code="defect-rate")


def test_percentages_come_with_a_valid_range_of_0_to_100(defect_rate):
    assert (defect_rate.min_value, defect_rate.max_value) == (0, 100)


def test_a_value_beyond_the_indicators_range_is_refused(coordinator, enterprise, defect_rate):
    with pytest.raises(ValidationError, match="takes values from 0.00 to 100.00"):
        services.measurement_record(
            user=coordinator,
            enterprise=enterprise,
            indicator=defect_rate,
            stage=Measurement.Stage.BASELINE,
            period_start=datetime.date(2015, 1, 1),
            period_end=datetime.date(2015, 3, 31),
            value=140,
        )


def test_the_measurement_form_shows_the_range(client, coordinator, enterprise, defect_rate):
    client.force_login(coordinator)

    response = client.post(
        reverse("enterprises:measurement_create", args=[enterprise.pk]),
        {
            "indicator": defect_rate.pk,
            "stage": "baseline",
            "period_start": "2015-01-01",
            "period_end": "2015-03-31",
            "value": "140",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert "takes values from 0.00 to 100.00" in response.content.decode()
    assert not Measurement.objects.exists()


def test_an_import_refuses_a_value_beyond_the_range(coordinator, enterprise):
    data = xlsx_bytes(
        [
            ["enterprise", "enterprise_city", "indicator", "stage", "period_start", "period_end", "value"],
            ["Cable Co", "Deyang", "defect-rate", "baseline", "2015-01-01", "2015-03-31", "140"],
            ["Cable Co", "Deyang", "employees", "baseline", "2015-01-01", "2015-03-31", "-3"],
        ]
    )

    outcome = run_import(coordinator, "measurements", data)

    problems = problems_of(outcome)
    assert "takes values from 0.00 to 100.00" in str(problems[2])
    assert "takes values from 0.00 to …" in str(problems[3])


def test_the_admin_refuses_a_value_beyond_the_range(ilo_staff, enterprise, defect_rate):
    request = RequestFactory().post("/")
    request.user = ilo_staff
    form = admin.site._registry[Measurement].get_form(request)(
        {
            "enterprise": enterprise.pk,
            "indicator": defect_rate.pk,
            "stage": "baseline",
            "period_start": "2015-01-01",
            "period_end": "2015-03-31",
            "value": "140",
            "note": "",
        }
    )

    assert not form.is_valid()
    assert "takes values from 0.00 to 100.00" in str(form.errors)


def test_an_indicators_range_cannot_be_upside_down(defect_rate):
    defect_rate.min_value, defect_rate.max_value = 10, 5

    with pytest.raises(ValidationError, match="cannot be below the lowest"):
        defect_rate.full_clean()


def test_an_enterprise_with_a_nearly_identical_name_in_the_city_is_a_warning_to_confirm(
    client, coordinator, enterprise
):
    client.force_login(coordinator)
    data = {
        "name_en": "Cable Co., Ltd.",
        "name_zh_hans": "",
        "city": enterprise.city_id,
        "sector": "electrical",
        "recruited_by": enterprise.recruited_by_id,
        "workforce_total": "120",
        "workforce_female": "40",
    }

    warned = client.post(reverse("enterprises:enterprise_create"), data)
    assert warned.status_code == 200
    assert "looks like an enterprise already recorded in this city: “Cable Co”" in warned.content.decode()

    confirmed = client.post(reverse("enterprises:enterprise_create"), {**data, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302


def test_a_different_name_in_the_city_is_no_duplicate(coordinator, enterprise):
    from enterprises.services import enterprise_create

    created = enterprise_create(
        user=coordinator,
        recruited_by=enterprise.recruited_by,
        name="Deyang Pump Works",
        city=enterprise.city,
        sector="machinery",
        workforce_total=80,
        workforce_female=20,
    )

    assert created.pk
