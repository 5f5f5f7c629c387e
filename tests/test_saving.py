"""No doubled record (score_mis.saving): a create form sent five times makes one record, and every repeat lands on
it saying it was already saved; a repeat the user cannot see is a form error that names nothing; a save that the
database refuses is a form error or a 409 page, never a 500."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

import trainings.services
from enterprises.models import Enterprise, Indicator, Measurement, Sector
from improvements.models import Improvement
from partners.models import Agreement
from score_mis import saving
from tests.factories import CityFactory, EnrollmentFactory, EnterpriseFactory, TrainingRoundFactory, module
from trainings.models import Activity, TrainingRound

pytestmark = pytest.mark.django_db

TAPS = 5


@pytest.fixture
def city():
    return CityFactory(name="Taixing", name_zh_hans="泰兴")


@pytest.fixture
def enterprise(partner, city):
    return EnterpriseFactory(name="Taixing Valve Works", city=city, recruited_by=partner)


@pytest.fixture
def training_round(partner, enterprise):
    training_round = TrainingRoundFactory(
        partner=partner, title="Taixing Module 1", starts_on=datetime.date(2015, 8, 20)
    )
    EnrollmentFactory(round=training_round, enterprise=enterprise)
    return training_round


def round_data(partner, city):
    return {
        "title_en": "Ningbo Module 2",
        "partner": partner.pk,
        "module": module(2).pk,
        "city": city.pk,
        "kind": "toe",
        "status": "planned",
        "phase": "II",
        "starts_on": "2015-09-01",
        "ends_on": "2015-12-15",
        "cost_total": "30000",
        "cost_non_ilo": "12000",
        "description_en": "",
    }


def improvement_data(enterprise):
    return {
        "enterprise": enterprise.pk,
        "title_en": "Hoppers instead of bags",
        "title_zh_hans": "",
        "module": module(1).pk,
        "category": "cleaner_production",
        "implemented_on": "2015-08-01",
        "description_en": "Cables are loaded from hoppers.",
        "investment_rmb": "2000",
        "annual_saving_rmb": "13000",
        "saving_calculation_en": "Bags no longer bought.",
    }


def enterprise_data(city, partner, name="Ningbo Pumps"):
    return {
        "name_en": name,
        "name_zh_hans": "",
        "city": city.pk,
        "sector": Sector.MACHINERY,
        "recruited_by": partner.pk,
        "workforce_total": 300,
        "workforce_female": 120,
    }


def measurement_data():
    return {
        "indicator": Indicator.objects.get(code="defect-rate").pk,
        "stage": Measurement.Stage.FOLLOW_UP,
        "period_start": "2015-07-01",
        "period_end": "2015-09-30",
        "value": "2.5",
        "note": "After Module 1",
    }


def workshop_data(enterprise):
    return {
        "date": "2015-08-20",
        "notes_en": "",
        "attendance-TOTAL_FORMS": "1",
        "attendance-INITIAL_FORMS": "1",
        "attendance-0-enterprise": str(enterprise.pk),
        "attendance-0-female_managers": "1",
        "attendance-0-male_managers": "1",
        "attendance-0-female_workers": "2",
        "attendance-0-male_workers": "0",
    }


def visit_data(enterprise):
    return {"enterprise": enterprise.pk, "date": "2015-09-10", "notes_en": "", "female_workers": "2"}


def agreement_data():
    return {
        "kind": Agreement.Kind.MOU,
        "title_en": "CEC memorandum, Phase II",
        "title_zh_hans": "",
        "phase": "II",
        "signed_on": "2015-07-28",
        "starts_on": "2015-08-01",
        "ends_on": "2017-07-31",
        "scope_en": "",
    }


def tap(client, url, data, times=TAPS):
    return [client.post(url, data) for _ in range(times)]


def assert_lands_on(responses, record):
    first, *repeats = responses
    assert first.status_code == 302
    for response in repeats:
        assert response.status_code == 302
        assert response["Location"] == record.get_absolute_url()
        texts = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("was already saved" in text for text in texts), texts


def test_a_round_tapped_five_times_is_saved_once(client, coordinator, partner, city):
    client.force_login(coordinator)

    responses = tap(client, reverse("trainings:round_create"), round_data(partner, city))

    assert TrainingRound.objects.filter(title="Ningbo Module 2").count() == 1
    assert_lands_on(responses, TrainingRound.objects.get(title="Ningbo Module 2"))


def test_an_improvement_tapped_five_times_is_saved_once(client, coordinator, enterprise):
    client.force_login(coordinator)

    responses = tap(client, reverse("improvements:improvement_create"), improvement_data(enterprise))

    assert Improvement.objects.count() == 1
    assert_lands_on(responses, Improvement.objects.get())


def test_an_enterprise_tapped_five_times_is_saved_once(client, coordinator, partner, city):
    client.force_login(coordinator)

    responses = tap(client, reverse("enterprises:enterprise_create"), enterprise_data(city, partner))

    assert Enterprise.objects.filter(name="Ningbo Pumps").count() == 1
    assert_lands_on(responses, Enterprise.objects.get(name="Ningbo Pumps"))


def test_a_measurement_tapped_five_times_is_saved_once(client, coordinator, enterprise):
    client.force_login(coordinator)

    responses = tap(client, reverse("enterprises:measurement_create", args=[enterprise.pk]), measurement_data())

    assert Measurement.objects.count() == 1
    assert_lands_on(responses, Measurement.objects.get())


def test_a_workshop_day_tapped_five_times_is_saved_once(client, coordinator, training_round, enterprise):
    client.force_login(coordinator)

    responses = tap(client, reverse("trainings:workshop_create", args=[training_round.pk]), workshop_data(enterprise))

    workshop = Activity.objects.get(kind=Activity.Kind.WORKSHOP)
    assert workshop.attendances.get().total == 4
    assert_lands_on(responses, workshop)


def test_a_factory_visit_tapped_five_times_is_saved_once(client, coordinator, training_round, enterprise):
    client.force_login(coordinator)

    responses = tap(client, reverse("trainings:visit_create", args=[training_round.pk]), visit_data(enterprise))

    visit = Activity.objects.get(kind=Activity.Kind.FACTORY_VISIT)
    assert visit.attendances.get().total == 2
    assert_lands_on(responses, visit)


def test_an_agreement_tapped_five_times_is_saved_once(client, ilo_staff, partner):
    client.force_login(ilo_staff)

    responses = tap(client, reverse("partners:agreement_create", args=[partner.pk]), agreement_data())

    assert Agreement.objects.count() == 1
    assert_lands_on(responses, Agreement.objects.get())


def test_an_agreement_with_its_document_tapped_twice_is_saved_once(client, ilo_staff, partner):
    client.force_login(ilo_staff)
    url = reverse("partners:agreement_create", args=[partner.pk])

    responses = []
    for _tap in range(2):
        document = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 mou", content_type="application/pdf")
        responses.append(client.post(url, {**agreement_data(), "document": document}))

    assert Agreement.objects.count() == 1
    assert_lands_on(responses, Agreement.objects.get())


def test_an_agreement_repeated_with_another_document_is_a_form_error(client, ilo_staff, partner):
    client.force_login(ilo_staff)
    url = reverse("partners:agreement_create", args=[partner.pk])
    client.post(url, {**agreement_data(), "document": SimpleUploadedFile("mou.pdf", b"%PDF-1.4 mou")})

    other = client.post(url, {**agreement_data(), "document": SimpleUploadedFile("mou.pdf", b"%PDF-1.4 annex")})

    assert other.status_code == 200
    assert "already has an agreement with this title" in other.content.decode()
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "This partner already has an agreement with this title."), ("zh-hans", "该合作伙伴已有同名的协议。")],
)
def test_another_agreement_of_the_partner_with_the_same_title_is_refused_in_the_readers_language(
    client, ilo_staff, partner, other_partner, language, message
):
    client.force_login(ilo_staff)
    client.post(reverse("partners:agreement_create", args=[partner.pk]), agreement_data())
    client.post(reverse("partners:agreement_create", args=[other_partner.pk]), agreement_data())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post(
        reverse("partners:agreement_create", args=[partner.pk]), {**agreement_data(), "signed_on": "2016-07-28"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"title_en": [message]}
    assert 'value="2016-07-28"' in response.content.decode()
    assert Agreement.objects.filter(partner=partner).count() == Agreement.objects.filter(partner=other_partner).count()


def test_a_repeat_with_other_values_is_a_form_error_that_keeps_the_input(client, coordinator, partner, city):
    client.force_login(coordinator)
    client.post(reverse("trainings:round_create"), round_data(partner, city))

    response = client.post(reverse("trainings:round_create"), {**round_data(partner, city), "cost_total": "31000"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title_en": ["This partner already has a training round with this title."]
    }
    assert 'value="31000"' in response.content.decode()
    assert TrainingRound.objects.count() == 1


def test_a_repeat_of_another_partners_enterprise_is_an_error_that_names_nothing(
    client, outsider, other_partner, enterprise
):
    client.force_login(outsider)
    data = enterprise_data(enterprise.city, other_partner, name=enterprise.name)

    response = client.post(reverse("enterprises:enterprise_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name_en": ["This name and city cannot be used. Ask ILO staff to resolve it."]
    }
    assert "already" not in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_a_repeat_saved_at_the_same_moment_lands_on_the_record_too(client, coordinator, partner, city, monkeypatch):
    """Both requests passed the check before either saved: the database's constraint decides, and the loser lands
    on the winner's record."""
    client.force_login(coordinator)
    client.post(reverse("trainings:round_create"), round_data(partner, city))
    checks = []
    check = saving.check_not_saved_twice

    def too_early_once(record, user):
        checks.append(record)
        if len(checks) > 2:  # the form's and the service's checks ran before the other request saved
            check(record, user)

    monkeypatch.setattr(saving, "check_not_saved_twice", too_early_once)
    monkeypatch.setattr(TrainingRound, "validate_constraints", lambda self, exclude=None: None)
    # Nor did the probable-duplicate warning see the other round, not yet saved.
    monkeypatch.setattr(trainings.services, "_warn_of_duplicates", lambda user, training_round, confirmed: None)

    response = client.post(reverse("trainings:round_create"), round_data(partner, city))

    assert response.status_code == 302
    assert response["Location"] == TrainingRound.objects.get().get_absolute_url()
    assert TrainingRound.objects.count() == 1


def test_a_save_the_database_refuses_elsewhere_is_a_409_page_not_a_500(client, coordinator, partner, monkeypatch):
    client.force_login(coordinator)

    def refuse(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr("trainings.views.services.round_delete", refuse)
    training_round = TrainingRoundFactory(partner=partner)

    response = client.post(reverse("trainings:round_delete", args=[training_round.pk]))

    assert response.status_code == 409
    assert "conflicts with a record saved at the same moment" in response.content.decode()
