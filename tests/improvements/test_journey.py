"""An enterprise's journey: the steps reached, the current stage, what is overdue, and the list filtered by stage."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Enterprise, Measurement
from improvements.journey import Stage, journey, with_journey
from improvements.models import Improvement
from partners import roles
from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    ImprovementFactory,
    MeasurementFactory,
    TrainingRoundFactory,
    module,
    user_with_role,
)
from trainings.models import Activity, Enrollment, TrainingRound

pytestmark = pytest.mark.django_db

D = datetime.date
MODULE_1_START, MODULE_1_END = D(2015, 6, 1), D(2015, 9, 30)


@pytest.fixture
def module_1(partner):
    return TrainingRoundFactory(
        partner=partner, starts_on=MODULE_1_START, ends_on=MODULE_1_END, status=TrainingRound.Status.ONGOING
    )


def steps_of(enterprise, user, today):
    annotated = with_journey(Enterprise.objects.all(), user).get(pk=enterprise.pk)
    return annotated, {step.stage: step for step in journey(annotated, today)}


def visit(enrollment, day):
    return Activity.objects.create(
        round=enrollment.round, kind=Activity.Kind.FACTORY_VISIT, enterprise=enrollment.enterprise, date=day
    )


def test_a_recruited_enterprise_is_at_the_first_stage_with_nothing_overdue(coordinator, partner):
    enterprise = EnterpriseFactory(recruited_by=partner)

    annotated, steps = steps_of(enterprise, coordinator, D(2015, 8, 1))

    assert annotated.journey_stage == Stage.RECRUITED
    assert steps[Stage.RECRUITED].current
    assert not any(step.overdue for step in steps.values())


def test_a_round_started_without_a_baseline_makes_the_baseline_overdue(coordinator, module_1):
    enrollment = EnrollmentFactory(round=module_1)

    annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2015, 6, 5))

    assert annotated.journey_stage == Stage.MODULE_1
    assert steps[Stage.BASELINE].overdue
    assert not steps[Stage.MODULE_1].overdue  # the workshop has two weeks


def test_module_1_is_overdue_without_its_workshop_or_with_too_few_visits(coordinator, module_1):
    enrollment = EnrollmentFactory(round=module_1, baseline_done=True)

    _annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2015, 6, 20))
    assert "workshop" in steps[Stage.MODULE_1].overdue

    workshop = Activity.objects.create(round=module_1, kind=Activity.Kind.WORKSHOP, date=D(2015, 6, 2))
    AttendanceFactory(activity=workshop, enterprise=enrollment.enterprise)
    for day in (D(2015, 7, 1), D(2015, 8, 1)):
        visit(enrollment, day)
    _annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2015, 10, 5))
    assert steps[Stage.MODULE_1].overdue == "Module 1 ended with 2 of 3 factory visits."
    assert steps[Stage.MODULE_1].detail == "2 factory visits"

    visit(enrollment, D(2015, 9, 1))
    _annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2015, 10, 5))
    assert not steps[Stage.MODULE_1].overdue
    assert steps[Stage.IMPROVEMENTS].overdue  # three months after the workshop of 2 June


def test_follow_up_is_due_half_a_year_after_module_1_and_further_modules_never_are(coordinator, module_1, partner):
    enrollment = EnrollmentFactory(round=module_1, baseline_done=True)

    _annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2016, 4, 30))

    assert steps[Stage.FOLLOW_UP].overdue.startswith("Due since 2016-03-30")
    assert not steps[Stage.FURTHER_MODULES].overdue
    MeasurementFactory(enterprise=enrollment.enterprise, stage=Measurement.Stage.FOLLOW_UP)
    annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2016, 4, 30))
    assert annotated.journey_stage == Stage.FOLLOW_UP
    assert not steps[Stage.FOLLOW_UP].overdue


def test_the_current_stage_is_the_furthest_reached(coordinator, module_1, partner):
    enrollment = EnrollmentFactory(round=module_1, baseline_done=True)
    EnrollmentFactory(
        round=TrainingRoundFactory(partner=partner, module=module(5), starts_on=D(2015, 10, 1)),
        enterprise=enrollment.enterprise,
    )
    annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2015, 10, 5))
    assert annotated.journey_stage == Stage.FURTHER_MODULES
    assert steps[Stage.FURTHER_MODULES].detail == "1 module"

    ImprovementFactory(enterprise=enrollment.enterprise, status=Improvement.Status.SUBMITTED)
    annotated, steps = steps_of(enrollment.enterprise, coordinator, D(2015, 10, 5))
    assert annotated.journey_stage == Stage.IMPROVEMENTS
    assert steps[Stage.IMPROVEMENTS].detail == "1 improvement, 0 verified"
    assert [step.current for step in steps.values()].count(True) == 1


def test_rounds_of_partners_the_reader_cannot_see_leave_no_trace_in_the_journey(outsider, module_1):
    enrollment = EnrollmentFactory(round=module_1, baseline_done=True)
    enrollment.enterprise.recruited_by = outsider.partner_memberships.get().partner
    enrollment.enterprise.save()

    annotated, _steps = steps_of(enrollment.enterprise, outsider, D(2015, 7, 1))

    assert annotated.journey_stage == Stage.RECRUITED


def test_the_enterprise_list_filters_by_stage(client, coordinator, module_1, partner):
    in_module_1 = EnrollmentFactory(round=module_1, enterprise__name="Deyang Cable").enterprise
    EnterpriseFactory(recruited_by=partner, name="Just recruited")
    client.force_login(coordinator)

    def names(stage):
        response = client.get(reverse("enterprises:enterprise_list"), {"stage": stage})
        return [enterprise.name for enterprise in response.context["page_obj"]]

    assert names(Stage.MODULE_1) == [in_module_1.name]
    assert names(Stage.RECRUITED) == ["Just recruited"]


def enterprises_at_every_stage(partner, other_partner, module_1):
    """Enterprises of `partner` at each stage, and some whose stage depends on who reads it or that only look
    further on."""
    others_round = TrainingRoundFactory(partner=other_partner, module=module(1))

    def enterprise(name, *, enrolled_in=(), **enrollment):
        made = EnterpriseFactory(recruited_by=partner, name=name)
        for training_round in enrolled_in:
            EnrollmentFactory(round=training_round, enterprise=made, **enrollment)
        return made

    enterprise("A recruited")
    enterprise("B withdrawn from Module 1", enrolled_in=[module_1], status=Enrollment.Status.WITHDRAWN)
    MeasurementFactory(enterprise=enterprise("C baseline measured"))
    tot = TrainingRoundFactory(partner=partner, kind=TrainingRound.Kind.TOT)
    enterprise("D baseline done in a training of trainers", enrolled_in=[tot], baseline_done=True)
    enterprise("E Module 1", enrolled_in=[module_1])
    enterprise("F Module 1 of another partner", enrolled_in=[others_round])
    enterprise("G further modules only", enrolled_in=[TrainingRoundFactory(partner=partner, module=module(3))])
    both = enterprise("H follow-up", enrolled_in=[module_1])
    MeasurementFactory(enterprise=both, stage=Measurement.Stage.FOLLOW_UP)
    ImprovementFactory(enterprise=enterprise("I a draft improvement"), status=Improvement.Status.DRAFT)
    ImprovementFactory(
        enterprise=enterprise("J improvements", enrolled_in=[module_1]), status=Improvement.Status.SUBMITTED
    )
    seen_by_both = enterprise("K improvements, enrolled by the other partner too", enrolled_in=[others_round])
    ImprovementFactory(enterprise=seen_by_both, status=Improvement.Status.DRAFT)
    MeasurementFactory(
        enterprise=enterprise("L follow-up, enrolled by the other partner", enrolled_in=[others_round]),
        stage=Measurement.Stage.FOLLOW_UP,
    )


@pytest.fixture
def reviewing_outsider(other_partner):
    """A reviewer of the other partner: sees its enterprises, and every partner's improvements sent for review."""
    return user_with_role(roles.REVIEWER, other_partner)


@pytest.mark.parametrize("reader", ["coordinator", "ilo_staff", "outsider", "reviewing_outsider"])
def test_the_stage_filter_shows_the_enterprises_whose_journey_is_at_that_stage_in_list_order(
    client, request, reader, partner, other_partner, module_1
):
    enterprises_at_every_stage(partner, other_partner, module_1)
    user = request.getfixturevalue(reader)
    client.force_login(user)
    journeys = with_journey(Enterprise.objects.visible_to(user), user).in_list_order()

    for stage in Stage:
        response = client.get(reverse("enterprises:enterprise_list"), {"stage": stage})
        shown = [(enterprise.name, enterprise.journey_stage) for enterprise in response.context["page_obj"]]
        assert shown == [(e.name, e.journey_stage) for e in journeys if e.journey_stage == stage], stage


def test_each_page_of_the_enterprise_list_shows_the_stage_of_its_own_enterprises_in_name_order(
    client, coordinator, module_1, partner
):
    for n in range(26):
        EnterpriseFactory(recruited_by=partner, name=f"Factory {n:02}")
    in_module_1 = EnrollmentFactory(round=module_1, enterprise__name="Factory 99").enterprise
    ImprovementFactory(enterprise=in_module_1, status=Improvement.Status.SUBMITTED)
    client.force_login(coordinator)

    second = client.get(reverse("enterprises:enterprise_list"), {"page": 2}).context["page_obj"]

    assert [(enterprise.name, enterprise.journey_stage) for enterprise in second] == [
        ("Factory 25", Stage.RECRUITED),
        ("Factory 99", Stage.IMPROVEMENTS),
    ]
    assert second.paginator.count == 27


@pytest.mark.parametrize("count", [2, 30])
def test_the_enterprise_page_shows_the_journey_in_a_fixed_number_of_queries(
    client, coordinator, module_1, count, django_assert_max_num_queries
):
    enrollment = EnrollmentFactory(round=module_1, baseline_done=True)
    for n in range(count):
        visit(enrollment, MODULE_1_START + datetime.timedelta(days=n))
        ImprovementFactory(enterprise=enrollment.enterprise)
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("enterprises:enterprise_detail", args=[enrollment.enterprise.pk]))

    content = response.content.decode()
    assert 'id="journey"' in content and "Current stage" in content
    assert f"{count} factory visits" in content
