"""Rules at entry for training records, proven through every way in: the services (behind the staff pages),
the staff pages' forms, spreadsheet imports and the admin."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from partners.models import QualitySettings
from tests.dataexchange.conftest import problems_of, run_import, xlsx_bytes
from tests.factories import CityFactory, EnrollmentFactory, EnterpriseFactory, TrainingRoundFactory, WorkshopFactory
from trainings import services
from trainings.models import Activity, Attendance

pytestmark = pytest.mark.django_db

START, END = datetime.date(2015, 9, 4), datetime.date(2015, 9, 5)


def counts(female_managers=0, male_managers=0, female_workers=0, male_workers=0):
    return {
        "female_managers": female_managers,
        "male_managers": male_managers,
        "female_workers": female_workers,
        "male_workers": male_workers,
    }


@pytest.fixture
def deyang():
    return CityFactory(name="Deyang", name_zh_hans="德阳")


@pytest.fixture
def training_round(partner, deyang):
    return TrainingRoundFactory(title="Deyang Module 1", partner=partner, city=deyang, starts_on=START, ends_on=END)


@pytest.fixture
def enterprise(training_round, partner, deyang):
    return EnrollmentFactory(
        round=training_round,
        enterprise__name="Cable Co",
        enterprise__city=deyang,
        enterprise__recruited_by=partner,
        enterprise__workforce_total=120,
        enterprise__workforce_female=50,
    ).enterprise


def test_a_workshop_dated_in_the_future_is_refused(coordinator, training_round, enterprise):
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        services.workshop_record(
            user=coordinator, round=training_round, date=datetime.date(2030, 1, 1), trainers=[], attendance={}
        )
    assert not Activity.objects.exists()


def test_a_workshop_outside_its_rounds_dates_is_refused(coordinator, training_round, enterprise):
    with pytest.raises(ValidationError, match="outside the round"):
        services.workshop_record(
            user=coordinator, round=training_round, date=datetime.date(2015, 10, 1), trainers=[], attendance={}
        )


def test_a_workshop_within_the_tolerance_ilo_staff_set_is_accepted(coordinator, training_round, enterprise):
    QualitySettings.objects.update_or_create(pk=1, defaults={"activity_tolerance_days": 30})

    workshop = services.workshop_record(
        user=coordinator, round=training_round, date=datetime.date(2015, 10, 1), trainers=[], attendance={}
    )

    assert workshop.pk


def test_a_factory_visit_after_the_rounds_end_is_refused(coordinator, training_round, enterprise):
    with pytest.raises(ValidationError, match="outside the round"):
        services.visit_record(
            user=coordinator,
            round=training_round,
            enterprise=enterprise,
            date=END + datetime.timedelta(days=8),
            trainers=[],
        )


def test_a_visit_to_an_enterprise_not_enrolled_is_refused(coordinator, training_round, partner, deyang):
    stranger = EnterpriseFactory(city=deyang, recruited_by=partner)

    with pytest.raises(ValidationError, match="Only an enterprise enrolled"):
        services.visit_record(user=coordinator, round=training_round, enterprise=stranger, date=START, trainers=[])


def test_more_people_than_the_enterprise_employs_cannot_have_attended(coordinator, training_round, enterprise):
    with pytest.raises(ValidationError, match="employs 120 people; 999 cannot have attended"):
        services.workshop_record(
            user=coordinator,
            round=training_round,
            date=START,
            trainers=[],
            attendance={enterprise: counts(female_managers=999)},
        )
    assert not Activity.objects.exists()


def test_attendance_above_the_ceiling_ilo_staff_set_is_refused(coordinator, training_round, enterprise):
    QualitySettings.objects.update_or_create(pk=1, defaults={"attendance_ceiling": 10})

    with pytest.raises(ValidationError, match="more than the 10 ILO staff allow"):
        services.workshop_record(
            user=coordinator, round=training_round, date=START, trainers=[], attendance={enterprise: counts(6, 6)}
        )


def test_the_workshop_form_shows_the_date_rule_and_keeps_the_input(client, coordinator, training_round, enterprise):
    client.force_login(coordinator)
    data = {
        "date": "2030-01-01",
        "notes_en": "Day 1",
        "attendance-TOTAL_FORMS": "1",
        "attendance-INITIAL_FORMS": "1",
        "attendance-0-enterprise": str(enterprise.pk),
        "attendance-0-female_managers": "999",
        "attendance-0-male_managers": "0",
        "attendance-0-female_workers": "0",
        "attendance-0-male_workers": "0",
    }

    response = client.post(reverse("trainings:workshop_create", args=[training_round.pk]), data)

    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert "Day 1" in response.content.decode()  # the notes typed are still in the form
    assert not Activity.objects.exists()


def test_the_workshop_form_refuses_implausible_attendance(client, coordinator, training_round, enterprise):
    client.force_login(coordinator)
    data = {
        "date": "2015-09-04",
        "notes_en": "",
        "attendance-TOTAL_FORMS": "1",
        "attendance-INITIAL_FORMS": "1",
        "attendance-0-enterprise": str(enterprise.pk),
        "attendance-0-female_managers": "999",
        "attendance-0-male_managers": "0",
        "attendance-0-female_workers": "0",
        "attendance-0-male_workers": "0",
    }

    response = client.post(reverse("trainings:workshop_create", args=[training_round.pk]), data)

    assert response.status_code == 200
    assert "999 cannot have attended" in response.content.decode()
    assert not Attendance.objects.exists()


ATTENDANCE_HEADERS = ["round", "round_partner", "activity_kind", "date", "enterprise", "enterprise_city"]


def test_an_import_refuses_a_visit_after_the_round_and_implausible_attendance(coordinator, training_round, enterprise):
    data = xlsx_bytes(
        [
            [*ATTENDANCE_HEADERS, "female_managers"],
            ["Deyang Module 1", "CEC", "visit", "2015-12-01", "Cable Co", "Deyang", 1],
            ["Deyang Module 1", "CEC", "workshop", "2015-09-04", "Cable Co", "Deyang", 999],
        ]
    )

    outcome = run_import(coordinator, "attendance", data)

    problems = problems_of(outcome)
    assert "outside the round" in str(problems[2])
    assert "999 cannot have attended" in str(problems[3])
    assert not Activity.objects.exists()


def admin_form(model, user, data, instance=None):
    request = RequestFactory().post("/")
    request.user = user
    model_admin = admin.site._registry[model]
    return model_admin.get_form(request, instance)(data, instance=instance)


def test_the_admin_refuses_an_activity_in_the_future(ilo_staff, training_round, enterprise):
    form = admin_form(Activity, ilo_staff, {"round": training_round.pk, "kind": "workshop", "date": "2030-01-01"})

    assert not form.is_valid()
    assert "cannot be dated in the future" in str(form.errors)


def test_the_admin_refuses_implausible_attendance(ilo_staff, training_round, enterprise):
    workshop = WorkshopFactory(round=training_round, date=START)
    form = admin_form(
        Attendance,
        ilo_staff,
        {
            "activity": workshop.pk,
            "enterprise": enterprise.pk,
            "female_managers": 999,
            "male_managers": 0,
            "female_workers": 0,
            "male_workers": 0,
        },
    )

    assert not form.is_valid()
    assert "999 cannot have attended" in str(form.errors)


def round_fields(partner, training_round, **changes):
    return {
        "partner": partner,
        "title_en": "Deyang Module 1 (again)",
        "module": training_round.module,
        "city": training_round.city,
        "kind": training_round.kind,
        "status": "planned",
        "phase": training_round.phase,
        "starts_on": START,
        "ends_on": END,
        **changes,
    }


def test_a_probable_duplicate_round_is_a_warning_the_user_confirms(coordinator, partner, training_round):
    with pytest.raises(ValidationError, match="looks like a round already recorded: “Deyang Module 1”"):
        services.round_create(user=coordinator, **round_fields(partner, training_round))

    again = services.round_create(user=coordinator, confirm_duplicate=True, **round_fields(partner, training_round))

    assert again.pk != training_round.pk


def test_a_round_on_other_dates_is_no_duplicate(coordinator, partner, training_round):
    other = round_fields(partner, training_round, starts_on=datetime.date(2015, 10, 4), ends_on=None)

    assert services.round_create(user=coordinator, **other).pk


def test_the_round_form_asks_to_confirm_a_probable_duplicate(client, coordinator, partner, training_round):
    client.force_login(coordinator)
    data = {
        "title_en": "Deyang module 1",
        "partner": partner.pk,
        "module": training_round.module_id,
        "city": training_round.city_id,
        "kind": "toe",
        "status": "planned",
        "phase": training_round.phase,
        "starts_on": "2015-09-04",
        "ends_on": "2015-09-05",
        "cost_total": "0",
        "cost_non_ilo": "0",
        "description_en": "",
    }

    warned = client.post(reverse("trainings:round_create"), data)
    assert warned.status_code == 200
    assert "looks like a round already recorded" in warned.content.decode()

    confirmed = client.post(reverse("trainings:round_create"), {**data, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
