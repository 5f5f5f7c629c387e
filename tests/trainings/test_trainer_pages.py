"""The trainer list and page, the trainees of a training of trainers, the certification pages and programme events:
what each user sees, and a fixed number of queries whatever the amount of data."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from tests.factories import (
    CertificationFactory,
    EnrollmentFactory,
    EventFactory,
    EventParticipationFactory,
    PartnerFactory,
    RoundTrainerFactory,
    TraineeFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    module,
)
from tests.pages import submit_as_rendered
from trainings.models import Certification, Event, RoundTrainer, Trainer, TrainingRound

pytestmark = pytest.mark.django_db

D = datetime.date
CERTIFIED = {"status": Certification.Status.CERTIFIED, "certified_on": D(2014, 6, 20)}


def trainers_with_certifications(partner, size):
    trainers = [TrainerFactory(partner=partner, sex="FM"[n % 2], name=f"T{n:03}") for n in range(size)]
    for trainer in trainers:
        CertificationFactory(trainer=trainer, module=module(1), **CERTIFIED)
        CertificationFactory(trainer=trainer, module=module(2), status=Certification.Status.RECOMMENDED)
    return trainers


@pytest.mark.parametrize("size", [3, 40])
def test_trainer_list_runs_a_fixed_number_of_queries(client, coordinator, partner, size, django_assert_max_num_queries):
    trainers_with_certifications(partner, size)
    client.force_login(coordinator)

    with django_assert_max_num_queries(13):
        response = client.get(reverse("trainings:trainer_list"), {"stage": "certified", "module": module(1).pk})

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(size, 25)


def test_trainer_list_filters_by_level_module_partner_sex_and_stage(client, ilo_staff, partner, other_partner):
    expert = TrainerFactory(partner=partner, sex="F", level=Trainer.Level.EXPERT, name="Chen Jing")
    certified = TrainerFactory(partner=partner, sex="M", name="Li Qiang")
    CertificationFactory(trainer=certified, module=module(5), **CERTIFIED)
    in_tot = TraineeFactory(round__partner=other_partner, trainer__name="Wu Xia", trainer__sex="F").trainer
    client.force_login(ilo_staff)

    def names(**query):
        return [str(t) for t in client.get(reverse("trainings:trainer_list"), query).context["page_obj"]]

    assert names() == ["Chen Jing", "Li Qiang", "Wu Xia"]
    assert names(level=Trainer.Level.EXPERT) == [str(expert)]
    assert names(module=module(5).pk) == [str(certified)]
    assert names(partner=other_partner.pk) == [str(in_tot)]
    assert names(sex="F") == ["Chen Jing", "Wu Xia"]
    assert names(stage=Trainer.Stage.IN_TOT) == ["Wu Xia"]
    assert names(stage=Trainer.Stage.CERTIFIED, sex="M") == ["Li Qiang"]


def test_a_coordinator_lists_only_their_partners_trainers(client, outsider, partner):
    TrainerFactory(partner=partner, name="Chen Jing")
    client.force_login(outsider)

    assert list(client.get(reverse("trainings:trainer_list")).context["page_obj"]) == []


@pytest.mark.parametrize("size", [2, 30])
def test_trainer_page_shows_modules_rounds_and_enterprises_in_fixed_queries(
    client, coordinator, partner, size, django_assert_max_num_queries
):
    trainer = TrainerFactory(partner=partner, name="Zhao Min")
    CertificationFactory(trainer=trainer, **CERTIFIED)
    for n in range(size):
        toe = TrainingRoundFactory(partner=partner, title=f"ToE {n}")
        RoundTrainerFactory(round=toe, trainer=trainer, role=RoundTrainer.Role.CO_TRAINER)
        EnrollmentFactory(round=toe)
        tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT, title=f"ToT {n}")
        TraineeFactory(round=tot, trainer=trainer)
        WorkshopFactory(round=tot).trainees_present.add(trainer)
    client.force_login(coordinator)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("trainings:trainer_detail", args=[trainer.pk]))

    assert response.status_code == 200
    assert len(response.context["rounds"]) == size
    assert len(response.context["enterprises"]) == size
    assert [place.days_present for place in response.context["tot_places"]] == [1] * size
    assert response.context["trainer"].stage == Trainer.Stage.CERTIFIED


def test_the_trainer_page_leaves_out_rounds_of_partners_the_reader_cannot_see(client, coordinator, partner):
    trainer = TrainerFactory(partner=partner)
    elsewhere = TrainingRoundFactory(partner=PartnerFactory(), title="Elsewhere")
    RoundTrainerFactory(round=elsewhere, trainer=trainer)
    EnrollmentFactory(round=elsewhere)
    client.force_login(coordinator)

    response = client.get(reverse("trainings:trainer_detail", args=[trainer.pk]))

    assert list(response.context["rounds"]) == []
    assert list(response.context["enterprises"]) == []


@pytest.mark.parametrize("size", [2, 30])
def test_tot_round_page_lists_trainees_in_fixed_queries(
    client, coordinator, partner, size, django_assert_max_num_queries
):
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)
    trainees = TraineeFactory.create_batch(size, round=tot)
    for day in (13, 14):
        WorkshopFactory(round=tot, date=D(2015, 7, day)).trainees_present.set([t.trainer for t in trainees])
    client.force_login(coordinator)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("trainings:round_detail", args=[tot.pk]))

    assert [trainee.days_present for trainee in response.context["trainees"]] == [2] * size
    assert "Days present" in response.content.decode()


def test_a_coordinator_records_a_tot_day_with_the_trainees_present(client, coordinator, partner):
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)
    came, away = TraineeFactory.create_batch(2, round=tot)
    client.force_login(coordinator)

    response = submit_as_rendered(
        client,
        reverse("trainings:workshop_create", args=[tot.pk]),
        date="2015-07-13",
        trainees_present=[str(came.trainer_id)],
    )

    assert response.status_code == 302
    day = tot.activities.get()
    assert list(day.trainees_present.all()) == [came.trainer]


def test_declining_without_a_reason_shows_the_form_again(client, ilo_staff, partner):
    certification = CertificationFactory(
        trainer=TrainerFactory(partner=partner), status=Certification.Status.RECOMMENDED
    )
    client.force_login(ilo_staff)

    response = submit_as_rendered(
        client, reverse("trainings:certification_decide", args=[certification.pk]), decision="decline"
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    certification.refresh_from_db()
    assert certification.status == Certification.Status.RECOMMENDED


@pytest.mark.parametrize("size", [2, 30])
def test_event_list_and_page_run_a_fixed_number_of_queries(
    client, coordinator, partner, size, django_assert_max_num_queries
):
    events = EventFactory.create_batch(size)
    for event in events:
        event.partners.set([partner, PartnerFactory()])
        EventParticipationFactory(event=event, partner=partner, female=5, male=4)
        EventParticipationFactory(event=event, partner=None, female=1, male=1)
    client.force_login(coordinator)

    with django_assert_max_num_queries(10):
        listed = client.get(reverse("trainings:event_list"))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("trainings:event_detail", args=[events[0].pk]))

    assert len(listed.context["page_obj"]) == min(size, 25)
    assert (listed.context["page_obj"][0].female, listed.context["page_obj"][0].male) == (6, 5)
    assert (page.context["female"], page.context["male"]) == (6, 5)


def test_a_programme_wide_event_is_seen_by_every_partner_user_but_changed_only_by_ilo_staff(
    client, outsider, ilo_staff
):
    event = EventFactory(title="6th National Advisory Committee meeting", kind=Event.Kind.COMMITTEE_MEETING)
    client.force_login(outsider)

    assert client.get(reverse("trainings:event_detail", args=[event.pk])).status_code == 200
    assert client.get(reverse("trainings:event_update", args=[event.pk])).status_code == 403
    client.force_login(ilo_staff)
    assert client.get(reverse("trainings:event_update", args=[event.pk])).status_code == 200


def test_a_coordinator_creates_an_event_of_their_partner_only(client, coordinator, partner, other_partner):
    client.force_login(coordinator)
    url = reverse("trainings:event_create")

    response = submit_as_rendered(
        client, url, kind="seminar", title_en="Green jobs seminar", starts_on="2015-09-02", partners=[str(partner.pk)]
    )

    assert response.status_code == 302
    assert list(Event.objects.get(title="Green jobs seminar").partners.all()) == [partner]
    refused = client.post(
        url, {"kind": "seminar", "title_en": "X", "starts_on": "2015-09-02", "partners": [other_partner.pk]}
    )
    assert refused.status_code == 200 and refused.context["form"].errors


def test_enterprises_trained_by_a_trainer_are_those_of_toe_rounds(client, ilo_staff, partner):
    trainer = TrainerFactory(partner=partner)
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)
    RoundTrainerFactory(round=tot, trainer=trainer)
    EnrollmentFactory(round=tot)
    client.force_login(ilo_staff)

    response = client.get(reverse("trainings:trainer_detail", args=[trainer.pk]))

    assert list(response.context["enterprises"]) == []
    assert Enterprise.objects.count() == 1
