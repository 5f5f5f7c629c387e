import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.assertions import assert_rejected
from tests.factories import (
    AttendanceFactory,
    CertificationFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    EventFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    module,
)
from trainings.models import Activity, Certification, Module, TrainingRound

pytestmark = pytest.mark.django_db

NOT_NEGATIVE = "Ensure this value is greater than or equal to 0."


def assert_invalid(obj, message, field):
    """full_clean() reports `message` on `field` and nothing else (rules checked in clean(), not by the database)."""
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert excinfo.value.message_dict == {field: [message]}


@pytest.fixture
def enrollment():
    return EnrollmentFactory()


def visit(training_round, enterprise):
    return Activity(
        round=training_round, kind=Activity.Kind.FACTORY_VISIT, date=datetime.date(2015, 7, 1), enterprise=enterprise
    )


def test_factory_data_is_valid(enrollment):
    objects = [
        enrollment,
        AttendanceFactory(activity__round=enrollment.round, enterprise=enrollment.enterprise),
        CertificationFactory(),
        EventFactory(),
        visit(enrollment.round, enrollment.enterprise),
    ]
    for obj in objects:
        obj.full_clean()
    assert Module.objects.count() == 5


def test_module_rejects_duplicate_number():
    duplicate = Module(number=1, title="Another module", short_label="Another")

    assert_rejected(duplicate, "Module with this Number already exists.", "number")


def test_round_rejects_end_before_start():
    training_round = TrainingRoundFactory(starts_on=datetime.date(2015, 6, 1))
    training_round.ends_on = datetime.date(2015, 5, 31)

    assert_rejected(training_round, "A round cannot end before it starts.")


@pytest.mark.parametrize(
    "cost_total, cost_non_ilo", [("-1", "-2"), ("100", "-1")], ids=["negative_total", "negative_non_ilo"]
)
def test_round_rejects_negative_costs(cost_total, cost_non_ilo):
    training_round = TrainingRoundFactory()
    training_round.cost_total, training_round.cost_non_ilo = Decimal(cost_total), Decimal(cost_non_ilo)

    assert_rejected(training_round, "Costs cannot be negative.")


def test_round_rejects_non_ilo_cost_above_total():
    training_round = TrainingRoundFactory(cost_total=Decimal("10000"))
    training_round.cost_non_ilo = Decimal("10000.01")

    assert_rejected(training_round, "The non-ILO part cannot exceed the total cost.")


def test_completed_round_needs_its_end_date():
    training_round = TrainingRoundFactory(ends_on=None)
    training_round.status = TrainingRound.Status.COMPLETED

    assert_rejected(training_round, "A completed round needs the date it ended.")


def test_completed_enrollment_needs_its_completion_date():
    enrollment = EnrollmentFactory()
    enrollment.status = enrollment.Status.COMPLETED

    assert_rejected(enrollment, "Give the date the enterprise completed the round.")


def test_tot_round_without_enterprises_and_fully_non_ilo_funded_is_valid():
    training_round = TrainingRoundFactory(
        kind=TrainingRound.Kind.TOT, cost_total=Decimal("5000"), cost_non_ilo=Decimal("5000"), ends_on=None
    )

    training_round.full_clean()
    assert not training_round.enterprises.exists()


def test_enterprise_cannot_enroll_twice_in_one_round(enrollment):
    twin = EnrollmentFactory.build(round=enrollment.round, enterprise=enrollment.enterprise)

    assert_rejected(twin, "This enterprise is already enrolled in this round.")


def test_enterprise_may_enroll_in_several_rounds(enrollment):
    other = EnrollmentFactory(enterprise=enrollment.enterprise, round__module=module(2))

    other.full_clean()
    assert enrollment.enterprise.training_rounds.count() == 2


def test_enrollment_rejects_completion_before_enrollment(enrollment):
    enrollment.completed_on = enrollment.enrolled_on - datetime.timedelta(days=1)

    assert_rejected(enrollment, "An enrollment cannot be completed before it starts.")


@pytest.mark.parametrize("kind, names_enterprise", [("visit", False), ("workshop", True)])
def test_only_a_factory_visit_names_an_enterprise(enrollment, kind, names_enterprise):
    activity = Activity(
        round=enrollment.round,
        kind=kind,
        date=datetime.date(2015, 7, 1),
        enterprise=enrollment.enterprise if names_enterprise else None,
    )

    assert_rejected(activity, "A factory visit names the enterprise visited; a workshop does not.")


def test_visit_rejects_enterprise_not_enrolled_in_the_round(enrollment):
    enrolled_elsewhere = EnrollmentFactory(round__module=module(2)).enterprise

    assert_invalid(
        visit(enrollment.round, enrolled_elsewhere),
        "Only an enterprise enrolled in this round can be visited.",
        "enterprise",
    )


def test_attendance_rejects_enterprise_not_enrolled_in_the_round(enrollment):
    workshop = WorkshopFactory(round=enrollment.round)
    attendance = AttendanceFactory.build(activity=workshop, enterprise=EnterpriseFactory())

    assert_invalid(attendance, "Only an enterprise enrolled in this round can attend.", "enterprise")


def test_attendance_is_recorded_once_per_enterprise_and_activity(enrollment):
    first = AttendanceFactory(activity__round=enrollment.round, enterprise=enrollment.enterprise)
    second = AttendanceFactory.build(activity=first.activity, enterprise=enrollment.enterprise)

    assert_rejected(second, "Attendance for this enterprise is already recorded for this activity.")


@pytest.mark.parametrize("field", ["female_managers", "male_managers", "female_workers", "male_workers"])
def test_attendance_rejects_negative_count(enrollment, field):
    attendance = AttendanceFactory(activity__round=enrollment.round, enterprise=enrollment.enterprise)
    setattr(attendance, field, -1)

    assert_rejected(attendance, NOT_NEGATIVE, field)


def test_certified_status_needs_the_date_granted():
    certification = CertificationFactory(status=Certification.Status.RECOMMENDED)
    certification.status = Certification.Status.CERTIFIED

    assert_rejected(certification, "A certification needs the date it was granted.")


def test_certification_with_date_is_valid():
    certification = CertificationFactory(status=Certification.Status.CERTIFIED, certified_on=datetime.date(2016, 3, 1))

    certification.full_clean()
    assert certification.certified_on == datetime.date(2016, 3, 1)


def test_trainer_has_one_certification_record_per_module():
    first = CertificationFactory()
    second = CertificationFactory.build(trainer=first.trainer, module=first.module)

    assert_rejected(second, "This trainer already has a certification record for this module.")


def test_event_rejects_end_before_start():
    event = EventFactory(starts_on=datetime.date(2015, 9, 2))
    event.ends_on = datetime.date(2015, 9, 1)

    assert_rejected(event, "An event cannot end before it starts.")


def test_module_label_and_title_follow_the_interface_language():
    first = module(1)

    with translation.override("zh-hans"):
        assert (str(first), first.display_title) == ("模块1：工作场所合作", "工作场所合作：企业成功的基础")
    with translation.override("en"):
        assert (str(first), first.display_title) == (
            "Module 1: Workplace cooperation",
            "Workplace Cooperation: A Foundation for Business Success",
        )


@pytest.mark.parametrize(
    "make",
    [
        lambda: TrainerFactory(name="Li Na", name_zh_hans="李娜"),
        lambda: EventFactory(title="Li Na", title_zh_hans="李娜"),
    ],
    ids=["trainer", "event"],
)
def test_name_is_chinese_only_when_the_interface_is(make):
    obj = make()

    with translation.override("zh-hans"):
        assert str(obj) == "李娜"
    with translation.override("en"):
        assert str(obj) == "Li Na"


def test_activity_str_names_visited_enterprise_or_workshop(enrollment):
    enrollment.enterprise.name = "Sunrise Garments"
    activity = visit(enrollment.round, enrollment.enterprise)

    assert str(activity) == "Visit to Sunrise Garments on 2015-07-01"
    assert str(WorkshopFactory.build(date=datetime.date(2015, 6, 10))) == "Workshop on 2015-06-10"


def test_history_records_round_status_changes():
    training_round = TrainingRoundFactory(status=TrainingRound.Status.PLANNED)
    training_round.status = TrainingRound.Status.ONGOING
    training_round.save()

    assert [h.status for h in training_round.history.order_by("history_id")] == ["planned", "ongoing"]
