"""The way from a training of trainers to certification: who may recommend, who may certify, and that a lapsed
certification no longer counts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partners import roles
from partners.models import PartnerMembership
from tests.factories import (
    CertificationFactory,
    RoundTrainerFactory,
    TraineeFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
    user_with_role,
)
from trainings import services
from trainings.models import Certification, RoundTrainer, Trainer, TrainingRound

pytestmark = pytest.mark.django_db

D = datetime.date
RECOMMENDED_ON = D(2015, 8, 28)


@pytest.fixture
def toe(partner):
    return TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOE, status=TrainingRound.Status.ONGOING)


@pytest.fixture
def expert_user(partner):
    """The expert trainer's own account: they read the partner's records as a viewer."""
    return user_with_role(roles.PARTNER_VIEWER, partner, PartnerMembership.Role.VIEWER)


@pytest.fixture
def supervised(toe, expert_user):
    """A ToE delivered by a candidate (lead) under an expert trainer who supervises it."""
    expert = TrainerFactory(partner=toe.partner, level=Trainer.Level.EXPERT, user=expert_user)
    RoundTrainerFactory(round=toe, trainer=expert, role=RoundTrainer.Role.SUPERVISOR)
    candidate = RoundTrainerFactory(round=toe, role=RoundTrainer.Role.LEAD).trainer
    return toe, expert, candidate


def recommend(user, toe, candidate, day=RECOMMENDED_ON):
    return services.certification_recommend(
        user=user, round=toe, trainer=candidate, recommended_on=day, recommendation_en="Ready to deliver alone."
    )


def test_the_supervising_expert_recommends_a_candidate_with_a_comment(supervised, expert_user):
    toe, expert, candidate = supervised

    certification = recommend(expert_user, toe, candidate)

    assert certification.status == Certification.Status.RECOMMENDED
    assert (certification.recommended_by, certification.recommended_in, certification.module) == (
        expert,
        toe,
        toe.module,
    )
    assert certification.recommendation_en == "Ready to deliver alone."


def test_only_the_supervising_expert_recommends(supervised, coordinator, ilo_staff, partner):
    toe, _expert, candidate = supervised
    other_expert = TrainerFactory(partner=partner, level=Trainer.Level.EXPERT, user=user_with_role(roles.ILO_STAFF))

    for user in (coordinator, ilo_staff, other_expert.user):
        with pytest.raises(PermissionDenied):
            recommend(user, toe, candidate)
    assert not Certification.objects.exists()


def test_a_recommendation_needs_a_comment_in_one_language(supervised, expert_user):
    toe, _expert, candidate = supervised

    with pytest.raises(ValidationError):
        services.certification_recommend(user=expert_user, round=toe, trainer=candidate, recommended_on=D(2015, 8, 28))


def test_only_a_trainer_who_delivered_the_round_is_recommended(supervised, expert_user, partner):
    toe, _expert, _candidate = supervised

    with pytest.raises(ValidationError):
        recommend(expert_user, toe, TrainerFactory(partner=partner))


def test_only_an_expert_trainer_supervises_a_round(toe, coordinator):
    candidate = TrainerFactory(partner=toe.partner)

    with pytest.raises(ValidationError):
        services.round_trainer_assign(user=coordinator, round=toe, trainer=candidate, role=RoundTrainer.Role.SUPERVISOR)


def test_a_round_has_one_supervising_expert(supervised, coordinator):
    toe, _expert, _candidate = supervised
    second = TrainerFactory(partner=toe.partner, level=Trainer.Level.EXPERT)

    with pytest.raises(ValidationError):
        services.round_trainer_assign(user=coordinator, round=toe, trainer=second, role=RoundTrainer.Role.SUPERVISOR)


def test_only_ilo_staff_certify_and_a_candidate_becomes_a_certified_trainer(
    supervised, expert_user, coordinator, ilo_staff
):
    toe, _expert, candidate = supervised
    certification = recommend(expert_user, toe, candidate)

    with pytest.raises(PermissionDenied):
        services.certification_certify(user=coordinator, certification=certification, certified_on=D(2015, 8, 31))
    with pytest.raises(PermissionDenied):
        services.certification_certify(user=expert_user, certification=certification, certified_on=D(2015, 8, 31))
    services.certification_certify(user=ilo_staff, certification=certification, certified_on=D(2015, 8, 31))

    certification.refresh_from_db()
    candidate.refresh_from_db()
    assert (certification.status, certification.certified_on) == (Certification.Status.CERTIFIED, D(2015, 8, 31))
    assert candidate.level == Trainer.Level.TRAINER
    assert certification.updated_by == ilo_staff


def test_ilo_staff_decline_with_a_reason(supervised, expert_user, ilo_staff):
    toe, _expert, candidate = supervised
    certification = recommend(expert_user, toe, candidate)

    with pytest.raises(ValidationError):
        services.certification_decline(user=ilo_staff, certification=certification)
    services.certification_decline(
        user=ilo_staff, certification=certification, decline_reason_zh_hans="需要再完成一轮现场辅导。"
    )

    certification.refresh_from_db()
    assert certification.status == Certification.Status.DECLINED
    assert certification.decline_reason_zh_hans == "需要再完成一轮现场辅导。"


def test_only_a_recommended_trainer_is_certified(ilo_staff, partner):
    certification = CertificationFactory(trainer=TrainerFactory(partner=partner))

    with pytest.raises(ValidationError):
        services.certification_certify(user=ilo_staff, certification=certification, certified_on=D(2015, 8, 31))


def test_a_lapsed_certification_no_longer_counts_until_renewed(ilo_staff, partner):
    certification = CertificationFactory(
        trainer=TrainerFactory(partner=partner), status=Certification.Status.CERTIFIED, certified_on=D(2013, 1, 1)
    )

    services.certification_lapse(user=ilo_staff, certification=certification, lapsed_on=D(2015, 1, 1))

    assert Certification.objects.in_force(D(2014, 12, 31)).filter(pk=certification.pk).exists()
    assert not Certification.objects.in_force(D(2015, 6, 1)).filter(pk=certification.pk).exists()
    assert Trainer.objects.with_stage(D(2015, 6, 1)).get().stage == Trainer.Stage.LAPSED

    services.certification_renew(user=ilo_staff, certification=certification, renewed_on=D(2015, 9, 1))

    assert not Certification.objects.in_force(D(2015, 6, 1)).filter(pk=certification.pk).exists()
    assert Certification.objects.in_force(D(2015, 9, 1)).filter(pk=certification.pk).exists()
    assert Trainer.objects.with_stage(D(2015, 9, 1)).get().stage == Trainer.Stage.CERTIFIED


def test_only_ilo_staff_record_a_lapse_or_a_renewal(coordinator, partner):
    certification = CertificationFactory(
        trainer=TrainerFactory(partner=partner), status=Certification.Status.CERTIFIED, certified_on=D(2013, 1, 1)
    )

    with pytest.raises(PermissionDenied):
        services.certification_lapse(user=coordinator, certification=certification, lapsed_on=D(2015, 1, 1))
    with pytest.raises(PermissionDenied):
        services.certification_renew(user=coordinator, certification=certification, renewed_on=D(2015, 1, 1))


def test_the_pipeline_stage_follows_a_trainee_from_tot_to_certified(coordinator, ilo_staff, partner, expert_user):
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)
    trainee = services.trainee_add(user=coordinator, round=tot, name="Wu Xia", sex="F", partner=partner)
    trainer = trainee.trainer

    def stage():
        return Trainer.objects.with_stage().get(pk=trainer.pk).stage

    assert (trainer.level, stage()) == (Trainer.Level.CANDIDATE, Trainer.Stage.IN_TOT)
    toe = TrainingRoundFactory(partner=partner)
    expert = TrainerFactory(partner=partner, level=Trainer.Level.EXPERT, user=expert_user)
    services.round_trainer_assign(user=coordinator, round=toe, trainer=expert, role=RoundTrainer.Role.SUPERVISOR)
    services.round_trainer_assign(user=coordinator, round=toe, trainer=trainer, role=RoundTrainer.Role.CO_TRAINER)
    assert stage() == Trainer.Stage.DELIVERING
    certification = recommend(expert_user, toe, trainer)
    assert stage() == Trainer.Stage.RECOMMENDED
    services.certification_certify(user=ilo_staff, certification=certification, certified_on=D(2015, 8, 31))
    assert stage() == Trainer.Stage.CERTIFIED
    assert Trainer.objects.at_stage(Trainer.Stage.CERTIFIED).get() == trainer


def test_a_tot_day_records_the_trainees_present(coordinator, partner):
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)
    came, stayed_away = TraineeFactory.create_batch(2, round=tot)

    day = services.workshop_record(
        user=coordinator, round=tot, date=D(2015, 7, 13), trainers=[], attendance={}, trainees=[came.trainer]
    )

    assert list(day.trainees_present.all()) == [came.trainer]
    assert {t.trainer_id: t.days_present for t in tot.trainees.for_round_page()} == {
        came.trainer_id: 1,
        stayed_away.trainer_id: 0,
    }


def test_only_a_trainee_of_the_round_is_marked_present(coordinator, partner):
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)

    with pytest.raises(ValidationError):
        services.workshop_record(
            user=coordinator,
            round=tot,
            date=D(2015, 7, 13),
            trainers=[],
            attendance={},
            trainees=[TrainerFactory(partner=partner)],
        )


def test_only_a_training_of_trainers_has_trainees(coordinator, toe, partner):
    with pytest.raises(ValidationError):
        services.trainee_add(user=coordinator, round=toe, trainer=TrainerFactory(partner=partner))


def test_removing_a_trainee_removes_their_days(coordinator, partner):
    trainee = TraineeFactory(round=TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT))
    day = WorkshopFactory(round=trainee.round)
    day.trainees_present.add(trainee.trainer)

    services.trainee_remove(user=coordinator, trainee=trainee)

    assert not day.trainees_present.exists()
    assert Trainer.objects.filter(pk=trainee.trainer_id).exists()


def test_a_viewer_cannot_add_trainees(viewer, partner):
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)

    with pytest.raises(PermissionDenied):
        services.trainee_add(user=viewer, round=tot, name="Ma Jun", sex="M", partner=partner)
