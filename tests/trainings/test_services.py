import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    PartnerFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
)
from trainings import services
from trainings.models import Activity, Attendance, Enrollment

pytestmark = pytest.mark.django_db

DAY = datetime.date(2015, 8, 20)


def counts(female_managers=0, male_managers=0, female_workers=0, male_workers=0):
    return {
        "female_managers": female_managers,
        "male_managers": male_managers,
        "female_workers": female_workers,
        "male_workers": male_workers,
    }


@pytest.fixture
def training_round(partner):
    return TrainingRoundFactory(partner=partner, starts_on=DAY)


@pytest.fixture
def enterprises(training_round, partner):
    return [EnrollmentFactory(round=training_round, enterprise__recruited_by=partner).enterprise for _ in range(5)]


def test_workshop_record_saves_the_day_its_trainers_and_each_enterprises_attendance(
    coordinator, training_round, enterprises
):
    trainer = TrainerFactory(partner=training_round.partner)
    attendance = {enterprise: counts(1, 1, 1, 1) for enterprise in enterprises}

    workshop = services.workshop_record(
        user=coordinator, round=training_round, date=DAY, trainers=[trainer], notes="Day 1", attendance=attendance
    )

    assert (workshop.kind, workshop.date, workshop.notes, workshop.created_by) == (
        "workshop",
        DAY,
        "Day 1",
        coordinator,
    )
    assert list(workshop.trainers.all()) == [trainer]
    assert {row.enterprise: row.total for row in workshop.attendances.all()} == dict.fromkeys(enterprises, 4)
    assert Attendance.objects.visible_to(coordinator).filter(activity=workshop).totals().total == 20


def test_workshop_record_keeps_history_of_each_row(coordinator, training_round, enterprises):
    workshop = services.workshop_record(
        user=coordinator, round=training_round, date=DAY, trainers=[], attendance={enterprises[0]: counts(2)}
    )

    assert workshop.history.get().history_type == "+"
    assert Attendance.history.filter(activity_id=workshop.pk).count() == 1


def test_workshop_record_leaves_out_enterprises_that_sent_nobody(coordinator, training_round, enterprises):
    workshop = services.workshop_record(
        user=coordinator,
        round=training_round,
        date=DAY,
        trainers=[],
        attendance={enterprises[0]: counts(male_workers=3), enterprises[1]: counts()},
    )

    assert [row.enterprise for row in workshop.attendances.all()] == [enterprises[0]]


def test_workshop_record_writes_nothing_when_one_enterprise_is_not_enrolled(coordinator, training_round, enterprises):
    stranger = EnterpriseFactory(recruited_by=training_round.partner)

    with pytest.raises(ValidationError) as excinfo:
        services.workshop_record(
            user=coordinator,
            round=training_round,
            date=DAY,
            trainers=[],
            attendance={enterprises[0]: counts(1), stranger: counts(1)},
        )

    assert excinfo.value.message_dict == {"enterprise": ["Only an enterprise enrolled in this round can attend."]}
    assert not Activity.objects.exists()
    assert not Attendance.objects.exists()


def test_workshop_record_is_refused_to_a_viewer(viewer, training_round, enterprises):
    with pytest.raises(PermissionDenied):
        services.workshop_record(
            user=viewer, round=training_round, date=DAY, trainers=[], attendance={enterprises[0]: counts(1)}
        )

    assert not Activity.objects.exists()


def test_workshop_update_changes_counts_and_removes_zeroed_rows(coordinator, training_round, enterprises):
    workshop = WorkshopFactory(round=training_round, date=DAY)
    first = AttendanceFactory(activity=workshop, enterprise=enterprises[0])
    AttendanceFactory(activity=workshop, enterprise=enterprises[1])

    services.workshop_update(
        user=coordinator,
        workshop=workshop,
        date=DAY + datetime.timedelta(days=1),
        trainers=[],
        attendance={enterprises[0]: counts(3, 0, 0, 0), enterprises[1]: counts()},
    )

    first.refresh_from_db()
    assert (first.female_managers, first.male_managers, first.updated_by) == (3, 0, coordinator)
    assert [row.enterprise for row in workshop.attendances.all()] == [enterprises[0]]
    assert workshop.date == DAY + datetime.timedelta(days=1)


def test_visit_record_names_the_enterprise_and_its_attendance(coordinator, training_round, enterprises):
    visit = services.visit_record(
        user=coordinator,
        round=training_round,
        enterprise=enterprises[2],
        date=DAY,
        trainers=[],
        attendance=counts(female_workers=2),
    )

    assert (visit.kind, visit.enterprise) == ("visit", enterprises[2])
    assert [(row.enterprise, row.total) for row in visit.attendances.all()] == [(enterprises[2], 2)]


def test_visit_record_rejects_an_enterprise_not_enrolled(coordinator, training_round, enterprises):
    stranger = EnterpriseFactory(recruited_by=training_round.partner)

    with pytest.raises(ValidationError) as excinfo:
        services.visit_record(user=coordinator, round=training_round, enterprise=stranger, date=DAY, trainers=[])

    assert excinfo.value.message_dict == {"enterprise": ["Only an enterprise enrolled in this round can be visited."]}
    assert not Activity.objects.exists()


def test_enrollment_create_enrols_the_enterprise(coordinator, training_round, partner):
    enterprise = EnterpriseFactory(recruited_by=partner)

    enrollment = services.enrollment_create(
        user=coordinator, round=training_round, enterprise=enterprise, enrolled_on=DAY, baseline_done=True
    )

    assert (enrollment.round, enrollment.enterprise, enrollment.status) == (training_round, enterprise, "enrolled")
    assert (enrollment.baseline_done, enrollment.created_by) == (True, coordinator)
    assert enrollment.history.count() == 1


def test_enrollment_create_refuses_a_second_enrollment(coordinator, training_round, enterprises):
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_create(user=coordinator, round=training_round, enterprise=enterprises[0], enrolled_on=DAY)

    assert excinfo.value.messages == ["This enterprise is already enrolled in this round."]
    assert Enrollment.objects.count() == 5


def test_enrollment_create_refuses_another_partners_enterprise(coordinator, training_round):
    foreign = EnterpriseFactory(recruited_by=PartnerFactory())

    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_create(user=coordinator, round=training_round, enterprise=foreign, enrolled_on=DAY)

    assert excinfo.value.message_dict == {"enterprise": ["You cannot enrol this enterprise."]}
    assert not Enrollment.objects.exists()


def test_enrollment_create_is_refused_to_a_viewer(viewer, training_round, partner):
    with pytest.raises(PermissionDenied):
        services.enrollment_create(
            user=viewer, round=training_round, enterprise=EnterpriseFactory(recruited_by=partner), enrolled_on=DAY
        )


def test_enrollment_delete_keeps_an_enterprise_that_was_visited(coordinator, training_round, enterprises):
    enrollment = Enrollment.objects.get(enterprise=enterprises[0])
    Activity.objects.create(round=training_round, kind=Activity.Kind.FACTORY_VISIT, enterprise=enterprises[0], date=DAY)

    with pytest.raises(ValidationError):
        services.enrollment_delete(user=coordinator, enrollment=enrollment)

    assert Enrollment.objects.filter(pk=enrollment.pk).exists()
