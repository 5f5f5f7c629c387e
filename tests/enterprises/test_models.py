import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from enterprises.models import Indicator, Measurement
from tests.assertions import assert_rejected
from tests.factories import CityFactory, EnterpriseFactory, ImprovementTeamFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

NOT_NEGATIVE = "Ensure this value is greater than or equal to 0."


def test_factory_data_is_valid():
    for obj in (EnterpriseFactory(), ImprovementTeamFactory(), MeasurementFactory()):
        obj.full_clean()
        assert obj.pk is not None


def test_enterprise_rejects_more_female_workers_than_total():
    enterprise = EnterpriseFactory(workforce_total=200, workforce_female=80)
    enterprise.workforce_female = 201

    assert_rejected(enterprise, "Female workers cannot outnumber all workers.")


def test_enterprise_accepts_all_female_workforce():
    enterprise = EnterpriseFactory(workforce_total=120, workforce_female=120)

    enterprise.full_clean()
    assert enterprise.workforce_female == enterprise.workforce_total


def test_enterprise_rejects_duplicate_name_in_same_city():
    existing = EnterpriseFactory(name="Chongqing Cable Works")
    twin = EnterpriseFactory.build(name="Chongqing Cable Works", city=existing.city)

    assert_rejected(twin, "This name cannot be used in this city. Ask ILO staff to resolve it.")


def test_enterprise_name_may_repeat_in_another_city():
    EnterpriseFactory(name="Sunrise Garments", city=CityFactory(name="Chongqing"))
    namesake = EnterpriseFactory(name="Sunrise Garments", city=CityFactory(name="Zigong"))

    namesake.full_clean()
    assert namesake.pk is not None


@pytest.mark.parametrize(
    "field, others",
    [("workforce_female", {}), ("workforce_total", {"workforce_female": 0})],
)
def test_enterprise_rejects_negative_workforce(field, others):
    enterprise = EnterpriseFactory()
    for name, value in {**others, field: -1}.items():
        setattr(enterprise, name, value)

    with pytest.raises(ValidationError) as excinfo:
        enterprise.full_clean()
    assert excinfo.value.message_dict[field] == [NOT_NEGATIVE]
    with pytest.raises(IntegrityError), transaction.atomic():
        enterprise.save()


@pytest.mark.parametrize("field", ["female_managers", "male_managers", "female_workers", "male_workers"])
def test_improvement_team_rejects_negative_member_count(field):
    team = ImprovementTeamFactory()
    setattr(team, field, -1)

    assert_rejected(team, NOT_NEGATIVE, field)


def test_enterprise_has_only_one_improvement_team():
    team = ImprovementTeamFactory()
    second = ImprovementTeamFactory.build(enterprise=team.enterprise)

    assert_rejected(second, "Enterprise improvement team with this Enterprise already exists.", "enterprise")


def test_improvement_team_counts_members_by_sex():
    team = ImprovementTeamFactory(female_managers=1, male_managers=2, female_workers=3, male_workers=4)

    assert (team.members, team.female_members) == (10, 4)


def test_measurement_rejects_period_ending_before_it_starts():
    measurement = MeasurementFactory(period_start=datetime.date(2015, 1, 1), period_end=datetime.date(2015, 3, 31))
    measurement.period_end = datetime.date(2014, 12, 31)

    assert_rejected(measurement, "The period cannot end before it starts.")


def test_measurement_rejects_second_value_for_same_indicator_stage_and_period():
    first = MeasurementFactory()
    second = MeasurementFactory.build(
        enterprise=first.enterprise,
        indicator=first.indicator,
        stage=first.stage,
        period_start=first.period_start,
        period_end=datetime.date(2015, 6, 30),
        value=5,
    )

    assert_rejected(second, "This indicator already has a value for this stage and period.")


@pytest.mark.parametrize(
    "change",
    [{"stage": Measurement.Stage.FOLLOW_UP}, {"period_start": datetime.date(2015, 4, 1)}],
    ids=["other_stage", "other_period"],
)
def test_measurement_accepts_same_indicator_at_another_stage_or_period(change):
    first = MeasurementFactory()
    values = {"stage": first.stage, "period_start": first.period_start, **change}
    other = MeasurementFactory(
        enterprise=first.enterprise, indicator=first.indicator, period_end=datetime.date(2015, 12, 31), **values
    )

    other.full_clean()
    assert first.enterprise.measurements.count() == 2


@pytest.mark.parametrize("value", [2, Decimal("0.5"), -1])
def test_yes_no_measurement_rejects_values_other_than_0_and_1(value):
    measurement = MeasurementFactory.build(
        enterprise=EnterpriseFactory(), indicator=Indicator.objects.get(code="osh-committee"), value=value
    )

    with pytest.raises(ValidationError) as excinfo:
        measurement.full_clean()
    assert excinfo.value.message_dict == {"value": ["A yes/no indicator takes 1 for yes or 0 for no."]}


@pytest.mark.parametrize(
    "code, value", [("osh-committee", 0), ("osh-committee", 1), ("defect-rate", Decimal("2.5")), ("jobs-lost", 12)]
)
def test_measurement_accepts_yes_no_answers_and_any_numeric_value(code, value):
    measurement = MeasurementFactory(indicator=Indicator.objects.get(code=code), value=value)

    measurement.full_clean()
    assert measurement.value == value


def test_indicator_rejects_duplicate_code():
    duplicate = Indicator(code="defect-rate", name="Defects", better=Indicator.Direction.LOWER)

    assert_rejected(duplicate, "Indicator with this Code already exists.", "code")


def test_enterprise_display_name_is_chinese_only_when_the_interface_is():
    enterprise = EnterpriseFactory(name="Chongqing Cable Works", name_zh_hans="重庆电缆厂")

    with translation.override("zh-hans"):
        assert (str(enterprise), enterprise.display_name) == ("重庆电缆厂", "重庆电缆厂")
    with translation.override("en"):
        assert (str(enterprise), enterprise.display_name) == ("Chongqing Cable Works", "Chongqing Cable Works")


@pytest.mark.parametrize(
    "code, english, chinese",
    [
        ("defect-rate", "Defect rate (%)", "次品率（%）"),
        ("osh-committee", "OSH committee exists", "设有职业安全健康委员会"),
    ],
)
def test_indicator_str_shows_localized_name_and_unit_if_any(code, english, chinese):
    indicator = Indicator.objects.get(code=code)

    with translation.override("zh-hans"):
        assert str(indicator) == chinese
    with translation.override("en"):
        assert str(indicator) == english


def test_history_records_measurement_corrections():
    measurement = MeasurementFactory(value=4)
    measurement.value = 3
    measurement.save()

    assert measurement.history.count() == 2
    assert [h.value for h in measurement.history.order_by("history_id")] == [4, 3]
