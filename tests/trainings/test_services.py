import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partners.models import Phase
from tests.factories import (
    AttendanceFactory,
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    PartnerFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    module,
)
from trainings import services
from trainings.models import Activity, Attendance, Enrollment, TrainingRound

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


def round_fields(partner, **changes):
    fields = {
        "title": "Chongqing Module 2",
        "partner": partner,
        "module": module(2),
        "city": CityFactory(),
        "phase": Phase.PHASE_II,
        "starts_on": DAY,
    }
    return fields | changes


def test_round_create_makes_a_round_of_the_coordinators_partner(coordinator, partner):
    training_round = services.round_create(user=coordinator, **round_fields(partner))

    assert TrainingRound.objects.get() == training_round
    assert (training_round.partner, training_round.created_by) == (partner, coordinator)


def test_round_create_refuses_a_partner_the_user_does_not_write_for(coordinator, viewer, partner):
    with pytest.raises(PermissionDenied):
        services.round_create(user=coordinator, **round_fields(PartnerFactory()))
    with pytest.raises(PermissionDenied):
        services.round_create(user=viewer, **round_fields(partner))
    assert not TrainingRound.objects.exists()


def test_round_update_cannot_move_a_round_to_another_partner(coordinator, training_round):
    fields = round_fields(PartnerFactory(), kind=training_round.kind, status=training_round.status)

    with pytest.raises(PermissionDenied):
        services.round_update(user=coordinator, round=training_round, **fields)
    training_round.refresh_from_db()
    assert training_round.title != "Chongqing Module 2"


def test_round_delete_removes_its_enrollments_activities_and_attendance(coordinator, training_round, enterprises):
    workshop = WorkshopFactory(round=training_round)
    AttendanceFactory(activity=workshop, enterprise=enterprises[0])

    services.round_delete(user=coordinator, round=training_round)

    assert not TrainingRound.objects.exists()
    assert not Enrollment.objects.exists() and not Activity.objects.exists() and not Attendance.objects.exists()
    assert TrainingRound.history.filter(history_type="-").get().history_user == coordinator


def test_round_delete_and_activity_delete_are_refused_to_a_viewer(viewer, training_round):
    workshop = WorkshopFactory(round=training_round)

    with pytest.raises(PermissionDenied):
        services.activity_delete(user=viewer, activity=workshop)
    with pytest.raises(PermissionDenied):
        services.round_delete(user=viewer, round=training_round)
    assert Activity.objects.exists() and TrainingRound.objects.exists()


def test_activity_delete_removes_the_attendance_recorded_for_it(coordinator, training_round, enterprises):
    workshop = WorkshopFactory(round=training_round)
    AttendanceFactory(activity=workshop, enterprise=enterprises[0])

    services.activity_delete(user=coordinator, activity=workshop)

    assert not Activity.objects.exists() and not Attendance.objects.exists()
    assert TrainingRound.objects.exists()


def test_enrollment_update_marks_the_enterprise_completed(coordinator, viewer, training_round, enterprises):
    enrollment = Enrollment.objects.get(enterprise=enterprises[0])
    fields = {"status": Enrollment.Status.COMPLETED, "enrolled_on": DAY, "completed_on": DAY, "baseline_done": True}

    with pytest.raises(PermissionDenied):
        services.enrollment_update(user=viewer, enrollment=enrollment, **fields)
    services.enrollment_update(user=coordinator, enrollment=enrollment, **fields)

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.completed_on, enrollment.updated_by) == ("completed", DAY, coordinator)


def test_a_workshop_records_its_participants_satisfaction_and_an_update_without_it_keeps_it(
    coordinator, training_round, enterprises
):
    rated = {"satisfaction_average": 4.5, "satisfaction_respondents": 18}
    workshop = services.workshop_record(
        user=coordinator, round=training_round, date=DAY, trainers=[], attendance={}, satisfaction=rated
    )

    services.workshop_update(user=coordinator, workshop=workshop, date=DAY, trainers=[], notes="Day 1", attendance={})

    workshop.refresh_from_db()
    assert (workshop.satisfaction_average, workshop.satisfaction_respondents, workshop.notes) == (4.5, 18, "Day 1")


@pytest.mark.parametrize(
    "satisfaction",
    [
        {"satisfaction_average": 6, "satisfaction_respondents": 10},
        {"satisfaction_average": 4, "satisfaction_respondents": None},
        {"satisfaction_average": 4, "satisfaction_respondents": 0},
    ],
)
def test_satisfaction_is_an_average_from_1_to_5_given_with_its_respondents(
    coordinator, training_round, enterprises, satisfaction
):
    with pytest.raises(ValidationError):
        services.workshop_record(
            user=coordinator, round=training_round, date=DAY, trainers=[], attendance={}, satisfaction=satisfaction
        )

    assert not Activity.objects.exists()
