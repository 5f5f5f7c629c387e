"""Every computation of the registry, on the summer newsletter's records (tests/reporting/conftest.py):
programme-wide, in a partner's scoped view, and for a period without records."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from enterprises.models import Indicator, Measurement
from improvements.models import Improvement
from reporting.figures import ReportFilters
from reporting.results import COMPUTATIONS, CORE_INDICATORS, measures_for
from tests.factories import (
    CertificationFactory,
    ImprovementFactory,
    MeasurementFactory,
    TraineeFactory,
    TrainerFactory,
    TrainingRoundFactory,
    WorkshopFactory,
)
from tests.reporting.conftest import END, START
from trainings.models import Certification, Trainer, TrainingRound

pytestmark = pytest.mark.django_db

SUMMER = ReportFilters(start=START, end=END)
EMPTY_YEAR = ReportFilters(start=datetime.date(2010, 1, 1), end=datetime.date(2010, 12, 31))


def measure(user, key, filters=SUMMER):
    return measures_for(user, filters, [key])[key]


def test_every_computation_says_how_it_counted_and_gives_a_value_or_nothing(ilo_staff, newsletter):
    measures = measures_for(ilo_staff, SUMMER, list(COMPUTATIONS))

    assert set(measures) == set(COMPUTATIONS)
    for key, result in measures.items():
        assert result.counted, key
        assert result.value is None or result.value >= 0 or key == "jobs_net", key


def test_every_computation_of_an_empty_period_is_zero_or_nothing(ilo_staff, newsletter):
    measures = measures_for(ilo_staff, EMPTY_YEAR, list(COMPUTATIONS))

    assert {key: result.value for key, result in measures.items() if result.value not in (0, None)} == {}


def test_enterprises_trained_counts_each_enterprise_of_held_rounds_once(ilo_staff, newsletter):
    result = measure(ilo_staff, "enterprises_trained")

    # Guangzhou 4, Taixing 5, Shanghai 5, Deyang 4, Chongqing 2; the planned Deyang OSH round and 2014 left out.
    assert (result.value, result.enterprises) == (20, 20)
    assert "running_from=2015-06-01" in result.records_url


def test_a_partner_counts_only_its_own_enterprises(coordinator, newsletter):
    result = measure(coordinator, "enterprises_trained")

    assert result.value == 11  # Taixing 5, Deyang 4 and its Chongqing branch's 2


def test_participants_are_counted_by_sex_and_role_with_their_enterprises(ilo_staff, newsletter):
    result = measure(ilo_staff, "participants")

    assert result.value == 56
    assert result.female + result.male == 56
    assert result.managers + result.workers == 56
    assert result.enterprises == 13  # the enterprises that came to the Deyang, Guangzhou and Taixing workshops


def test_share_of_women_among_participants(ilo_staff, newsletter):
    people = measure(ilo_staff, "participants")

    assert measure(ilo_staff, "women_participant_share").value == round(people.female * 100 / 56, 1)


def test_trainers_count_only_those_certified_by_the_end_of_the_period(ilo_staff, newsletter):
    CertificationFactory(
        trainer=newsletter.trainers[0], status=Certification.Status.CERTIFIED, certified_on=datetime.date(2012, 1, 1)
    )
    late_expert = TrainerFactory(partner=newsletter.cec, sex="M", level=Trainer.Level.EXPERT)
    CertificationFactory(
        trainer=late_expert, status=Certification.Status.CERTIFIED, certified_on=datetime.date(2015, 10, 1)
    )

    experts = measure(ilo_staff, "expert_trainers")
    certified = measure(ilo_staff, "certified_trainers")

    assert (experts.value, experts.female, experts.male) == (1, 1, 0)  # Expert Wang; the later expert not yet
    assert (certified.value, certified.female, certified.male) == (3, 1, 2)  # and Trainer Li, the BSCI trainer


def test_agency_staff_trained_are_the_trainees_present_at_a_training_of_trainers(ilo_staff, outsider, newsletter):
    tot = TrainingRoundFactory(
        partner=newsletter.chongqing_cec,
        kind=TrainingRound.Kind.TOT,
        status=TrainingRound.Status.COMPLETED,
        starts_on=datetime.date(2015, 7, 13),
        ends_on=datetime.date(2015, 7, 15),
    )
    expert = newsletter.trainers[0]
    wu, ma, absent = (
        TraineeFactory(round=tot, trainer__sex=sex, trainer__name=name).trainer
        for sex, name in (("F", "Wu Xia"), ("M", "Ma Jun"), ("F", "Deng Yan"))
    )
    for day in (13, 14):
        workshop = WorkshopFactory(round=tot, date=datetime.date(2015, 7, day))
        workshop.trainers.set([expert])
        workshop.trainees_present.set([wu, ma])

    result = measure(ilo_staff, "agency_staff_trained")

    assert (result.value, result.female, result.male) == (2, 1, 1)  # each once; the absent trainee and the expert not
    assert result.female_share == 50.0
    assert measure(outsider, "agency_staff_trained").value == 0


def test_candidates_certified_are_counted_by_sex_in_the_period_they_were_certified(ilo_staff, newsletter):
    before = measure(ilo_staff, "candidates_certified")
    for sex, day in (
        ("F", datetime.date(2015, 8, 31)),
        ("M", datetime.date(2015, 7, 1)),
        ("M", datetime.date(2014, 1, 1)),
    ):
        CertificationFactory(
            trainer=TrainerFactory(partner=newsletter.chongqing_cec, sex=sex),
            status=Certification.Status.CERTIFIED,
            certified_on=day,
        )

    result = measure(ilo_staff, "candidates_certified")

    added = (result.value - before.value, result.female - before.female, result.male - before.male)
    assert added == (2, 1, 1)  # the two certified in the summer, not the one certified in 2014
    assert "stage=certified" in result.records_url


def test_a_lapsed_certification_no_longer_counts_among_certified_trainers(ilo_staff, newsletter):
    before = measure(ilo_staff, "certified_trainers").value
    trainer = TrainerFactory(partner=newsletter.cec, sex="F", level=Trainer.Level.TRAINER)
    certification = CertificationFactory(
        trainer=trainer, status=Certification.Status.CERTIFIED, certified_on=datetime.date(2013, 1, 1)
    )
    assert measure(ilo_staff, "certified_trainers").value == before + 1

    certification.lapsed_on = datetime.date(2015, 3, 1)
    certification.save()

    assert measure(ilo_staff, "certified_trainers").value == before


def test_agreements_signed_in_the_period(ilo_staff, coordinator, outsider, newsletter):
    assert measure(ilo_staff, "agreements_signed").value == 1  # Chongqing, 28 July; the 2013 MoU is earlier
    assert measure(coordinator, "agreements_signed").value == 1  # signed by its branch
    assert measure(outsider, "agreements_signed").value == 0


def test_share_of_training_cost_paid_from_non_ilo_money_and_by_whom(ilo_staff, coordinator, newsletter):
    result = measure(ilo_staff, "cost_share_non_ilo")

    assert result.value == 70.0  # 70,000 of 100,000 RMB
    assert "70,000 of 100,000 RMB" in result.counted
    assert dict(result.breakdown)["BSCI"] == 75.0
    assert measure(coordinator, "cost_share_non_ilo").value == round(10000 * 100 / 30000, 1)


def test_paying_partners_are_those_whose_rounds_had_non_ilo_money(ilo_staff, coordinator, newsletter):
    assert measure(ilo_staff, "paying_partners").value == 3  # BSCI, CEC, ETI; Chongqing's round cost nothing
    assert measure(coordinator, "paying_partners").value == 1


def test_pilot_areas_are_the_cities_with_rounds_held(ilo_staff, coordinator, newsletter):
    assert measure(ilo_staff, "pilot_areas").value == 5
    assert measure(coordinator, "pilot_areas").value == 3


def follow_up(enterprise, code, value, start=datetime.date(2015, 7, 1), end=datetime.date(2015, 8, 31)):
    return MeasurementFactory(
        enterprise=enterprise,
        indicator=Indicator.objects.get(code=code),
        stage=Measurement.Stage.FOLLOW_UP,
        period_start=start,
        period_end=end,
        value=value,
    )


def test_enterprises_reporting_gave_every_core_indicator_after_their_round_started(ilo_staff, newsletter):
    complete, partial = newsletter.deyang_factories[0], newsletter.deyang_factories[1]
    too_early = newsletter.taixing_enterprises[0]
    for code in CORE_INDICATORS:
        follow_up(complete, code, 3)
        follow_up(too_early, code, 3)  # Taixing started on 20 August: a period from 1 July is not after it
    follow_up(partial, "employees", 150)

    assert measure(ilo_staff, "enterprises_reporting").value == 1
    rate = measure(ilo_staff, "reporting_rate")
    assert (rate.value, rate.enterprises) == (5.0, 20)


def test_jobs_created_lost_and_net_are_sums_with_the_enterprises_behind_them(ilo_staff, coordinator, newsletter):
    follow_up(newsletter.deyang_factories[0], "jobs-created", 12)
    follow_up(newsletter.deyang_factories[1], "jobs-created", 3)
    follow_up(newsletter.deyang_factories[1], "jobs-lost", 20)
    follow_up(newsletter.shanghai_factories[0], "jobs-lost", 5)
    follow_up(newsletter.shanghai_factories[1], "jobs-lost", 50, datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))

    created, lost, net = (measure(ilo_staff, key) for key in ("jobs_created", "jobs_lost", "jobs_net"))

    assert (created.value, created.enterprises) == (15, 2)
    assert (lost.value, lost.enterprises) == (25, 2)
    assert (net.value, net.enterprises) == (-10, 3)
    assert measure(coordinator, "jobs_net").value == -5


def test_savings_count_verified_improvements_only_once_each(ilo_staff, coordinator, outsider, newsletter):
    MeasurementFactory(
        enterprise=newsletter.cable_maker, indicator=Indicator.objects.get(code="cost-savings"), value=50000
    )

    total = measure(ilo_staff, "verified_savings")
    per_enterprise = measure(ilo_staff, "savings_per_enterprise")

    assert (total.value, total.enterprises) == (Decimal(14500), 1)  # 13,000 + 1,500; the draft's 99,999 left out
    assert per_enterprise.value == Decimal(14500)
    assert "status=verified" in total.records_url
    assert measure(coordinator, "verified_savings").value == Decimal(14500)
    assert measure(outsider, "verified_savings").value == 0


def test_savings_per_enterprise_divide_by_the_enterprises_with_savings(ilo_staff, newsletter):
    ImprovementFactory(
        enterprise=newsletter.deyang_factories[2],
        annual_saving_rmb=5500,
        status=Improvement.Status.VERIFIED,
        verified_by=ilo_staff,
        verified_at=timezone.now(),
    )

    assert measure(ilo_staff, "savings_per_enterprise").value == Decimal(10000)


def test_improvement_teams_and_their_women(ilo_staff, newsletter):
    teams = measure(ilo_staff, "improvement_teams")

    assert (teams.value, teams.female, teams.male) == (2, 6, 14)
    assert (teams.managers, teams.workers) == (6, 14)
    assert measure(ilo_staff, "women_in_teams_share").value == 30.0


def test_gender_responsive_improvements_are_verified_ones_marked_so(ilo_staff, outsider, newsletter):
    for status in (Improvement.Status.VERIFIED, Improvement.Status.DRAFT):
        ImprovementFactory(
            enterprise=newsletter.cable_maker,
            is_gender_responsive=True,
            status=status,
            verified_by=ilo_staff if status == Improvement.Status.VERIFIED else None,
            verified_at=timezone.now() if status == Improvement.Status.VERIFIED else None,
        )

    result = measure(ilo_staff, "gender_responsive_improvements")

    assert (result.value, result.enterprises) == (1, 1)
    assert measure(outsider, "gender_responsive_improvements").value == 0


def test_chosen_partner_narrows_a_programme_wide_reader(ilo_staff, newsletter):
    filters = ReportFilters(start=START, end=END, partner=newsletter.eti)

    assert measure(ilo_staff, "enterprises_trained", filters).value == 5
    assert "partner=" in measure(ilo_staff, "enterprises_trained", filters).records_url


def test_casual_workers_added_and_lost_are_sums_with_the_enterprises_behind_them(
    ilo_staff, coordinator, outsider, newsletter
):
    follow_up(newsletter.deyang_factories[0], "casual-workers-added", 40)
    follow_up(newsletter.deyang_factories[1], "casual-workers-added", 32)
    follow_up(newsletter.deyang_factories[1], "casual-workers-lost", 4)
    follow_up(newsletter.shanghai_factories[0], "casual-workers-lost", 5)
    follow_up(
        newsletter.shanghai_factories[1],
        "casual-workers-added",
        9,
        datetime.date(2015, 1, 1),
        datetime.date(2015, 5, 31),
    )

    added, lost = measure(ilo_staff, "casual_workers_added"), measure(ilo_staff, "casual_workers_lost")

    assert (added.value, added.enterprises, lost.value, lost.enterprises) == (72, 2, 9, 2)
    assert "casual workers added" in added.counted
    assert (measure(coordinator, "casual_workers_added").value, measure(coordinator, "casual_workers_lost").value) == (
        72,
        4,
    )
    assert (measure(outsider, "casual_workers_added").value, measure(outsider, "casual_workers_lost").value) == (0, 5)
    empty = measure(ilo_staff, "casual_workers_added", EMPTY_YEAR)
    assert (empty.value, empty.enterprises) == (0, 0)


def test_casual_workers_leave_the_jobs_figures_alone(ilo_staff, newsletter):
    follow_up(newsletter.deyang_factories[0], "casual-workers-added", 40)

    assert (measure(ilo_staff, "jobs_created").value, measure(ilo_staff, "jobs_net").enterprises) == (0, 0)


def rate(activity, average, respondents):
    activity.satisfaction_average, activity.satisfaction_respondents = average, respondents
    activity.save()


def test_participant_satisfaction_is_the_average_rating_weighted_by_respondents(
    ilo_staff, coordinator, outsider, newsletter
):
    deyang_day, _second_day = newsletter.deyang.activities.order_by("date")
    guangzhou_march, guangzhou_july = newsletter.guangzhou.activities.order_by("date")
    rate(deyang_day, Decimal("4.5"), 20)
    rate(guangzhou_july, Decimal(3), 10)
    rate(guangzhou_march, Decimal(1), 100)  # before the period

    result = measure(ilo_staff, "participant_satisfaction")

    assert (result.value, result.respondents) == (Decimal("4.00"), 30)
    assert "30 respondents from 2 activities" in result.counted
    own = measure(coordinator, "participant_satisfaction")
    assert (own.value, own.respondents) == (Decimal("4.50"), 20)
    other = measure(outsider, "participant_satisfaction")
    assert (other.value, other.respondents) == (None, 0)
    empty = measure(ilo_staff, "participant_satisfaction", EMPTY_YEAR)
    assert (empty.value, empty.respondents) == (None, 0)
