"""Locked reporting periods: records dated in them change only by ILO staff, with a reason kept in the history."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from enterprises import services as enterprise_services
from enterprises.models import Indicator, Measurement
from partners.models import PeriodLock
from tests.dataexchange.conftest import problems_of, run_import, xlsx_bytes
from tests.factories import CityFactory, EnterpriseFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked():
    return PeriodLock.objects.create(
        starts_on=datetime.date(2015, 1, 1), ends_on=datetime.date(2015, 6, 30), reason="Reported to the committee"
    )


@pytest.fixture
def measurement(partner):
    enterprise = EnterpriseFactory(
        name="Cable Co", city=CityFactory(name="Deyang", name_zh_hans="德阳"), recruited_by=partner
    )
    return MeasurementFactory(enterprise=enterprise, value=4)


def update(user, measurement, **changes):
    fields = {
        "indicator": measurement.indicator,
        "stage": measurement.stage,
        "period_start": measurement.period_start,
        "period_end": measurement.period_end,
        "value": measurement.value,
        **changes,
    }
    return enterprise_services.measurement_update(user=user, measurement=measurement, **fields)


def test_a_coordinator_cannot_change_a_record_in_a_locked_period(locked, measurement, coordinator):
    with pytest.raises(ValidationError, match="is locked"):
        update(coordinator, measurement, value=5)
    assert Measurement.objects.get().value == 4


def test_a_coordinator_cannot_move_a_record_out_of_a_locked_period(locked, measurement, coordinator):
    with pytest.raises(ValidationError, match="is locked"):
        update(coordinator, measurement, period_start=datetime.date(2015, 7, 1), period_end=datetime.date(2015, 9, 30))


def test_records_outside_locked_periods_change_as_before(locked, measurement, coordinator):
    PeriodLock.objects.all().delete()
    PeriodLock.objects.create(starts_on=datetime.date(2016, 1, 1), ends_on=datetime.date(2016, 6, 30), reason="x")

    update(coordinator, measurement, value=5)

    assert Measurement.objects.get().value == 5


def test_ilo_staff_change_a_locked_record_only_with_a_reason_kept_in_its_history(locked, measurement, ilo_staff):
    with pytest.raises(ValidationError, match="give the reason"):
        update(ilo_staff, measurement, value=5)

    measurement._change_reason = "Typo found by the enterprise"
    update(ilo_staff, measurement, value=5)

    latest = Measurement.objects.get().history.first()
    assert (latest.value, latest.history_user, latest.history_change_reason) == (
        5,
        ilo_staff,
        "Typo found by the enterprise",
    )


def test_the_edit_form_asks_ilo_staff_for_the_reason(client, locked, measurement, ilo_staff):
    client.force_login(ilo_staff)
    url = reverse("enterprises:measurement_update", args=[measurement.pk])
    form = client.get(url).context["form"]
    assert "change_reason" in form.fields
    data = {
        "indicator": measurement.indicator_id,
        "stage": "baseline",
        "period_start": "2015-01-01",
        "period_end": "2015-03-31",
        "value": "5",
        "note": "",
        "version": form["version"].value(),
    }

    refused = client.post(url, data)
    assert refused.status_code == 200 and "give the reason" in refused.content.decode()

    response = client.post(
        url, {**data, "change_reason": "Typo", "version": refused.context["form"]["version"].value()}
    )
    assert response.status_code == 302
    assert Measurement.objects.get().history.first().history_change_reason == "Typo"


def test_the_edit_form_refuses_a_coordinator_in_a_locked_period(client, locked, measurement, coordinator):
    client.force_login(coordinator)
    url = reverse("enterprises:measurement_update", args=[measurement.pk])
    form = client.get(url).context["form"]
    assert "change_reason" not in form.fields

    response = client.post(
        url,
        {
            "indicator": measurement.indicator_id,
            "stage": "baseline",
            "period_start": "2015-01-01",
            "period_end": "2015-03-31",
            "value": "5",
            "note": "",
            "version": form["version"].value(),
        },
    )

    assert response.status_code == 200
    assert "only ILO staff change records in it" in response.content.decode()


def test_an_import_into_a_locked_period_is_refused(locked, coordinator, partner):
    EnterpriseFactory(name="Pump Co", city=CityFactory(name="Deyang", name_zh_hans="德阳"), recruited_by=partner)
    data = xlsx_bytes(
        [
            ["enterprise", "enterprise_city", "indicator", "stage", "period_start", "period_end", "value"],
            ["Pump Co", "Deyang", "defect-rate", "baseline", "2015-01-01", "2015-03-31", "4.5"],
        ]
    )

    outcome = run_import(coordinator, "measurements", data)

    assert "is locked" in str(problems_of(outcome))
    assert not Measurement.objects.exists()


def test_the_admin_asks_ilo_staff_for_the_reason(locked, measurement, ilo_staff):
    request = RequestFactory().post("/")
    request.user = ilo_staff
    form_class = admin.site._registry[Measurement].get_form(request, measurement)
    data = {
        "enterprise": measurement.enterprise_id,
        "indicator": Indicator.objects.get(code="defect-rate").pk,
        "stage": "baseline",
        "period_start": "2015-01-01",
        "period_end": "2015-03-31",
        "value": "5",
        "note": "",
        "version": form_class(instance=measurement)["version"].value(),
    }

    assert "give the reason" in str(form_class(data, instance=measurement).errors)
    assert form_class({**data, "change_reason": "Typo"}, instance=measurement).is_valid()
