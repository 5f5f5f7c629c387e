import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises import services
from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement, Sector
from improvements.models import Improvement
from partners import roles
from partners.models import Partner
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    ImprovementTeamFactory,
    MeasurementFactory,
    PartnerFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TEAM = {
    "established_on": datetime.date(2015, 6, 15),
    "female_managers": 1,
    "male_managers": 2,
    "female_workers": 5,
    "male_workers": 2,
    "meets": ImprovementTeam.MeetingFrequency.FORTNIGHTLY,
}


def record(user, enterprise, indicator_code="defect-rate", **changes):
    values = {
        "indicator": Indicator.objects.get(code=indicator_code),
        "stage": Measurement.Stage.BASELINE,
        "period_start": datetime.date(2015, 1, 1),
        "period_end": datetime.date(2015, 3, 31),
        "value": Decimal("4.2"),
    }
    values.update(changes)
    return services.measurement_record(user=user, enterprise=enterprise, **values)


def test_enterprise_delete_removes_its_team_measurements_and_improvements():
    enterprise = EnterpriseFactory()
    ImprovementTeamFactory(enterprise=enterprise)
    MeasurementFactory(enterprise=enterprise)
    ImprovementFactory(enterprise=enterprise)

    services.enterprise_delete(user=UserFactory(), enterprise=enterprise)

    assert not Enterprise.objects.exists()
    assert not ImprovementTeam.objects.exists()
    assert not Measurement.objects.exists()
    assert not Improvement.objects.exists()


def test_enterprise_delete_records_who_deleted_it_in_the_history():
    enterprise = EnterpriseFactory()
    user = UserFactory()

    services.enterprise_delete(user=user, enterprise=enterprise)

    assert Enterprise.history.get(history_type="-").history_user == user


def test_enterprise_delete_is_refused_while_enrolled_in_a_round():
    enrollment = EnrollmentFactory(enterprise__name="Deyang Cable Co.")
    MeasurementFactory(enterprise=enrollment.enterprise)

    with pytest.raises(ValidationError) as excinfo:
        services.enterprise_delete(user=UserFactory(), enterprise=enrollment.enterprise)

    assert excinfo.value.messages == [
        "“Deyang Cable Co.” cannot be deleted because it takes part in training rounds (enrolled, visited or "
        "attending). Remove it from those rounds first."
    ]
    assert Enterprise.objects.filter(pk=enrollment.enterprise.pk).exists()
    assert Measurement.objects.count() == 1


def test_improvement_team_update_creates_the_team_once_then_updates_it():
    enterprise = EnterpriseFactory()
    creator, editor = UserFactory(), UserFactory()

    services.improvement_team_update(user=creator, enterprise=enterprise, **TEAM)
    team = services.improvement_team_update(user=editor, enterprise=enterprise, **{**TEAM, "male_workers": 4})

    assert ImprovementTeam.objects.get() == team
    assert (team.members, team.female_members) == (12, 6)
    assert (team.created_by, team.updated_by) == (creator, editor)


def test_improvement_team_update_validates_counts():
    with pytest.raises(ValidationError) as excinfo:
        services.improvement_team_update(
            user=UserFactory(), enterprise=EnterpriseFactory(), **{**TEAM, "male_workers": -2}
        )

    assert "male_workers" in excinfo.value.message_dict
    assert not ImprovementTeam.objects.exists()


def test_measurement_record_saves_value_with_author():
    user = UserFactory()

    measurement = record(user, EnterpriseFactory())

    measurement.refresh_from_db()
    assert measurement.value == Decimal("4.2")
    assert measurement.created_by == user


def test_measurement_record_refuses_a_second_value_for_the_same_stage_and_period():
    enterprise = EnterpriseFactory()
    record(UserFactory(), enterprise)

    with pytest.raises(ValidationError) as excinfo:
        record(user_with_role(roles.ILO_STAFF), enterprise, value=Decimal("3"))

    assert excinfo.value.message_dict == {
        "period_start": ["This indicator already has a value for this stage and period."]
    }
    assert Measurement.objects.count() == 1


def test_measurement_record_allows_the_same_period_for_another_enterprise():
    record(UserFactory(), EnterpriseFactory())
    record(UserFactory(), EnterpriseFactory())

    assert Measurement.objects.count() == 2


def test_measurement_record_refuses_other_than_0_or_1_for_a_yes_no_indicator():
    with pytest.raises(ValidationError) as excinfo:
        record(UserFactory(), EnterpriseFactory(), "risk-assessment", value=Decimal("2"))

    assert excinfo.value.message_dict["value"] == ["A yes/no indicator takes 1 for yes or 0 for no."]


def test_measurement_update_changes_the_values_and_the_author():
    measurement = MeasurementFactory()
    editor = UserFactory()

    services.measurement_update(
        user=editor,
        measurement=measurement,
        indicator=measurement.indicator,
        stage=Measurement.Stage.FOLLOW_UP,
        period_start=datetime.date(2015, 10, 1),
        period_end=datetime.date(2015, 12, 31),
        value=Decimal("2.1"),
        note="After Module 1",
    )

    measurement.refresh_from_db()
    assert (measurement.stage, measurement.value, measurement.note) == ("follow_up", Decimal("2.1"), "After Module 1")
    assert measurement.updated_by == editor


def test_measurement_delete_removes_it_and_records_who_did():
    measurement = MeasurementFactory()
    user = UserFactory()

    services.measurement_delete(user=user, measurement=measurement)

    assert not Measurement.objects.exists()
    assert Measurement.history.get(history_type="-").history_user == user


def enterprise_fields(**changes):
    fields = {
        "name": "Chongqing Valve Works",
        "city": CityFactory(),
        "sector": Sector.MACHINERY,
        "recruited_by": None,
        "workforce_total": 120,
        "workforce_female": 40,
    }
    return fields | changes


def test_enterprise_create_saves_the_enterprise_with_the_brands_it_supplies():
    partner = PartnerFactory()
    brand = PartnerFactory(kind=Partner.Kind.BRAND)
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, partner)

    enterprise = services.enterprise_create(
        user=coordinator, supplies_brands=[brand], **enterprise_fields(recruited_by=partner)
    )

    enterprise.refresh_from_db()
    assert enterprise.recruited_by == partner
    assert list(enterprise.supplies_brands.all()) == [brand]
    assert enterprise.created_by == coordinator


def test_coordinator_cannot_record_an_enterprise_for_a_partner_they_do_not_write_for():
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, PartnerFactory())

    with pytest.raises(PermissionDenied):
        services.enterprise_create(user=coordinator, **enterprise_fields(recruited_by=PartnerFactory()))
    with pytest.raises(PermissionDenied):
        services.enterprise_create(user=coordinator, **enterprise_fields(recruited_by=None))
    assert not Enterprise.objects.exists()


def test_enterprise_update_keeps_a_recruiter_the_user_does_not_write_for():
    partner, recruiter = PartnerFactory(), PartnerFactory()
    enterprise = EnterpriseFactory(recruited_by=recruiter)
    EnrollmentFactory(enterprise=enterprise, round__partner=partner)
    coordinator = user_with_role(roles.PARTNER_COORDINATOR, partner)

    services.enterprise_update(
        user=coordinator, enterprise=enterprise, **enterprise_fields(recruited_by=recruiter, workforce_total=150)
    )

    enterprise.refresh_from_db()
    assert (enterprise.recruited_by, enterprise.workforce_total) == (recruiter, 150)
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            user=coordinator, enterprise=enterprise, **enterprise_fields(recruited_by=PartnerFactory())
        )
    assert Enterprise.objects.get().recruited_by == recruiter


def test_a_service_given_a_name_that_is_no_field_of_the_model_fails_loudly():
    staff = user_with_role(roles.ILO_STAFF)

    with pytest.raises(TypeError, match="Enterprise has no field workforce"):
        services.enterprise_create(user=staff, workforce=10, **enterprise_fields())
    assert not Enterprise.objects.exists()
